namespace Planck.Application.Databases.Secrets;

/// <summary>Keeps connection strings encrypted at rest (ASP.NET Core Data Protection, with a key ring every node reads).</summary>
public interface IConnectionSecretProtector
{
    string Protect(string connectionString);

    /// <summary>The plain connection string: keep it in memory for the one connection, never log or return it.</summary>
    string Unprotect(string protectedSecret);
}

namespace Planck.Infrastructure.Options;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Planck</c> configuration section.</summary>
public sealed class PlanckOptions
{
    public const string Section = "Planck";

    /// <summary>Where the server keeps its files: the SQLite database and the generated server secret.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The server's public address, when it sits behind a proxy; used to recognise same-origin requests.</summary>
    public string? PublicUrl { get; set; }

    public DatabaseOptions Database { get; set; } = new();
    public SecurityOptions Security { get; set; } = new();
    public BootstrapOptions Bootstrap { get; set; } = new();
    public RateLimitingOptions RateLimiting { get; set; } = new();

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}

public sealed class SecurityOptions
{
    /// <summary>The HMAC key for API keys and session tokens. Every node of one installation must share it.</summary>
    public string? ApiKeySecret { get; set; }

    /// <summary>How long a web session lasts after sign-in.</summary>
    public int SessionHours { get; set; } = 12;

    /// <summary>How long a node may keep trusting what it cached about a credential; the lag other nodes may show after a revocation.</summary>
    public int CredentialCacheSeconds { get; set; } = 30;
}

public sealed class BootstrapOptions
{
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
}

public sealed class RateLimitingOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>Per API key (or signed-in user). A busy integration polling several times a second stays well inside it.</summary>
    public int RequestsPerMinute { get; set; } = 1200;

    /// <summary>Per client address for requests without a valid credential.</summary>
    public int AnonymousRequestsPerMinute { get; set; } = 300;
}

namespace Planck.Application.Common.Abstractions;

/// <summary>
/// The caller of the current scope. The host sets it once per request after authentication; the server's own
/// work (first-run provisioning, command-line verbs) sets <see cref="Caller.System"/>.
/// </summary>
public sealed class CurrentUser : ICurrentUser
{
    public Caller? Caller { get; set; }

    public string? ClientAddress { get; set; }
}

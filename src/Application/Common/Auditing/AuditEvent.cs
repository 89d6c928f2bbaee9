namespace Planck.Application.Common.Auditing;

/// <summary>
/// What an action tells the audit trail: its stable dotted name, the workspace it happened in, what it acted on, and
/// a few details (serialised as a small snake_case JSON object). Details never carry a password, key or connection string.
/// </summary>
public sealed record AuditEvent(string Action, Guid? WorkspaceId = null, string? TargetType = null, Guid? TargetId = null, object? Details = null);

/// <summary>Who acted when the request's caller does not say it (a sign-in names the account it tried, before anyone is signed in).</summary>
public sealed record AuditActor(Guid? UserId, string? Display);

/// <summary>The kinds of thing an entry can point at.</summary>
public static class AuditTargets
{
    public const string User = "user";
    public const string ApiKey = "api_key";
    public const string Session = "session";
    public const string Workspace = "workspace";
    public const string Database = "database";
}

/// <summary>
/// A command the audit trail records. <see cref="AuditBehaviour{TMessage, TResponse}"/> asks it, after its handler
/// succeeded and inside its transaction, what to record; the entry commits with the action or not at all.
/// </summary>
public interface IAuditedCommand<in TResponse>
{
    AuditEvent Audit(TResponse response);
}

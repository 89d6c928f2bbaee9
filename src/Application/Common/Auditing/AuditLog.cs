using System.Text.Json;
using System.Text.Json.Serialization;
using Planck.Application.Common.Abstractions;
using Planck.Domain.Audit;

namespace Planck.Application.Common.Auditing;

/// <summary>Turns an <see cref="AuditEvent"/> into an entry stamped with the time, the caller and the caller's address.</summary>
public sealed class AuditLog(IAuditTrail trail, ICurrentUser currentUser, TimeProvider clock)
{
    private static readonly JsonSerializerOptions DetailsJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Records the event in the current action's unit of work (see <see cref="IAuditTrail.Add"/>).</summary>
    public void Record(AuditEvent auditEvent, AuditActor? actor = null) => trail.Add(Entry(auditEvent, actor));

    /// <summary>Writes the event at once in its own transaction; a failure is thrown, so the caller's action fails with it.</summary>
    public Task WriteAsync(AuditEvent auditEvent, CancellationToken cancellationToken, AuditActor? actor = null) =>
        trail.WriteAsync(Entry(auditEvent, actor), cancellationToken);

    private AuditEntry Entry(AuditEvent auditEvent, AuditActor? actor)
    {
        var caller = currentUser.Caller;
        actor ??= caller is null || caller.Method == AuthenticationMethod.System
            ? new AuditActor(null, caller?.Email)
            : new AuditActor(caller.UserId, caller.Email);
        var details = auditEvent.Details is null ? null : JsonSerializer.Serialize(auditEvent.Details, auditEvent.Details.GetType(), DetailsJson);
        return AuditEntry.Record(
            clock.GetUtcNow(), actor.UserId, actor.Display, currentUser.ClientAddress, auditEvent.Action, auditEvent.WorkspaceId,
            auditEvent.TargetType, auditEvent.TargetId?.ToString("D"), details);
    }
}

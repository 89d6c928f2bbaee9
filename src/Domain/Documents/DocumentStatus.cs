namespace Planck.Domain.Documents;

/// <summary>
/// <c>pending → processing → ready</c>, or <c>failed</c> with a readable error, or <c>cancelled</c> by a member.
/// <see cref="Document"/> holds the transitions between them.
/// </summary>
public enum DocumentStatus
{
    Pending,
    Processing,
    Ready,
    Failed,
    Cancelled,
}

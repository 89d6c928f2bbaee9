namespace Planck.Domain.Documents;

/// <summary><c>pending → processing → ready</c>, or <c>failed</c> with a readable error.</summary>
public enum DocumentStatus
{
    Pending,
    Processing,
    Ready,
    Failed,
}

using System.ComponentModel.DataAnnotations;

namespace Planck.Infrastructure.Audit;

/// <summary>The audit trail (<c>Planck:Audit:*</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Planck:Audit";

    /// <summary>Entries older than this many days are pruned once a day; 0 keeps them forever.</summary>
    [Range(0, 36_500)]
    public int RetentionDays { get; set; } = 365;
}

using NetArchTest.Rules;

namespace Planck.Architecture.Tests;

internal static class ArchitectureRule
{
    /// <summary>Fails with the names of the offending types, so a broken rule says where to look.</summary>
    public static void ShouldPass(this TestResult result, string rule)
    {
        var offenders = (result.FailingTypeNames ?? []).Order(StringComparer.Ordinal).ToList();
        offenders.ShouldBeEmpty($"{rule}. Offending types:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", offenders)}");
        result.IsSuccessful.ShouldBeTrue(rule);
    }
}

using System.Globalization;
using Planck.Application.Databases.Engines;

namespace Planck.Infrastructure.Databases;

/// <summary>Failures worded the same way by every engine, and never carrying the secret.</summary>
internal static class EngineFailures
{
    public static DatabaseEngineException TimedOut(TimeSpan timeout, string where, Exception failed) => new(
        string.Create(CultureInfo.InvariantCulture, $"The query ran longer than {timeout.TotalSeconds:0} seconds and was stopped ({where})."),
        DatabaseFailure.Timeout, failed);

    /// <summary>Whatever a server or driver put in a message, the password never leaves this method.</summary>
    public static DatabaseEngineException Scrubbed(DatabaseEngineException failure, string? password) =>
        string.IsNullOrEmpty(password) || !failure.Message.Contains(password, StringComparison.Ordinal)
            ? failure
            : new DatabaseEngineException(failure.Message.Replace(password, "********", StringComparison.Ordinal), failure.Failure, failure.InnerException);
}

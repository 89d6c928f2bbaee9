namespace Planck.Domain.Documents;

/// <summary>
/// How a document that failed for a reason that may pass is tried again: at most <see cref="MaxAttempts"/> attempts,
/// waiting the first delay, then four times longer each time (10 s, 40 s, 160 s by default), each stretched by up to
/// a quarter at random so that documents that failed together (an embedding endpoint that was down) do not all come
/// back together.
/// </summary>
public sealed class DocumentRetryPolicy(TimeSpan firstDelay)
{
    public const int MaxAttempts = 3;

    private const int Growth = 4;
    private const double Jitter = 0.25;

    public static DocumentRetryPolicy Default { get; } = new(TimeSpan.FromSeconds(10));

    /// <summary>The wait after the given failed attempt (1-based); <paramref name="random"/> in [0, 1) picks the stretch.</summary>
    public TimeSpan DelayAfter(int attempt, double random)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 8);
        return firstDelay * Math.Pow(Growth, exponent) * (1 + (Math.Clamp(random, 0, 1) * Jitter));
    }

    /// <summary>Whether a transient failure of the given attempt earns another one.</summary>
    public static bool AllowsAnotherAttempt(int attempt) => attempt < MaxAttempts;

    public static string GaveUp(string lastError) => $"Processing failed after {MaxAttempts} attempts: {lastError}";

    public static string WillRetry(int attempt, string error) => $"Attempt {attempt} of {MaxAttempts} failed and will be retried: {error}";
}

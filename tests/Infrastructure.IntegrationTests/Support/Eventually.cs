namespace Planck.Infrastructure.IntegrationTests.Support;

public static class Eventually
{
    /// <summary>
    /// Polls until the condition holds, for work a background service does. The limit is generous: it only bounds
    /// how long a broken build waits before failing, it is not what the test asserts.
    /// </summary>
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(25);
        }
    }
}

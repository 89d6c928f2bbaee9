using Microsoft.Extensions.Options;
using Planck.Application.Databases;
using Planck.Application.Databases.Answering;

namespace Planck.Application.UnitTests.Databases;

public sealed class WorkspaceQueryLimiterTests
{
    private readonly WorkspaceQueryLimiter _limiter = new(Options.Create(new DatabasesOptions { MaxQueriesPerWorkspace = 2 }));

    [Fact]
    public async Task A_workspace_gets_its_limit_of_slots_and_another_workspace_is_not_held_up()
    {
        var workspace = Guid.NewGuid();
        using var first = await _limiter.EnterAsync(workspace, CancellationToken.None);
        using var second = await _limiter.EnterAsync(workspace, CancellationToken.None);
        using var elsewhere = await _limiter.EnterAsync(Guid.NewGuid(), CancellationToken.None);

        first.ShouldNotBeNull();
        second.ShouldNotBeNull();
        elsewhere.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_slot_freed_lets_the_waiting_query_in()
    {
        var workspace = Guid.NewGuid();
        var first = await _limiter.EnterAsync(workspace, CancellationToken.None);
        using var second = await _limiter.EnterAsync(workspace, CancellationToken.None);

        var waiting = _limiter.EnterAsync(workspace, CancellationToken.None);
        await Task.Delay(50);
        waiting.IsCompleted.ShouldBeFalse();
        first!.Dispose();
        first.Dispose();
        using var third = await waiting;

        third.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_caller_that_leaves_while_waiting_stops_waiting()
    {
        var workspace = Guid.NewGuid();
        using var first = await _limiter.EnterAsync(workspace, CancellationToken.None);
        using var second = await _limiter.EnterAsync(workspace, CancellationToken.None);
        using var leaving = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Should.ThrowAsync<OperationCanceledException>(() => _limiter.EnterAsync(workspace, leaving.Token));
    }
}

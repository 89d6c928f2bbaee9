using Mediator;
using NSubstitute;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Behaviours;

namespace Planck.Application.UnitTests.Behaviours;

public sealed class TransactionBehaviourTests
{
    private readonly IUnitOfWork _unitOfWork = Substitute.For<IUnitOfWork>();
    private bool _inTransaction;

    public TransactionBehaviourTests()
    {
        // The substitute runs the work as a real unit of work would, flagging that a transaction is open meanwhile.
        _unitOfWork.ExecuteInTransactionAsync(Arg.Any<Func<CancellationToken, Task<string>>>(), Arg.Any<CancellationToken>())
            .Returns(call => RunInTransaction(call.Arg<Func<CancellationToken, Task<string>>>(), call.Arg<CancellationToken>()));
        _unitOfWork.ExecuteInTransactionAsync(Arg.Any<Func<CancellationToken, Task<Unit>>>(), Arg.Any<CancellationToken>())
            .Returns(call => RunInTransaction(call.Arg<Func<CancellationToken, Task<Unit>>>(), call.Arg<CancellationToken>()));
    }

    [Fact]
    public async Task A_command_runs_inside_the_unit_of_work_transaction()
    {
        var next = new NextSpy<AdminCommand, string>("done");
        var handlerSawTransaction = false;
        next.OnCall = () => handlerSawTransaction = _inTransaction;

        var answer = await Handle(new AdminCommand(), next);

        answer.ShouldBe("done");
        next.Calls.ShouldBe(1);
        handlerSawTransaction.ShouldBeTrue();
        await _unitOfWork.Received(1).ExecuteInTransactionAsync(Arg.Any<Func<CancellationToken, Task<string>>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_command_without_a_result_runs_inside_the_unit_of_work_transaction()
    {
        var next = new NextSpy<UnitCommand, Unit>(Unit.Value);
        var handlerSawTransaction = false;
        next.OnCall = () => handlerSawTransaction = _inTransaction;

        await Handle(new UnitCommand(), next);

        handlerSawTransaction.ShouldBeTrue();
        await _unitOfWork.Received(1).ExecuteInTransactionAsync(Arg.Any<Func<CancellationToken, Task<Unit>>>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_command_is_not_handled_when_the_unit_of_work_does_not_run_it()
    {
        var unitOfWork = Substitute.For<IUnitOfWork>();
        unitOfWork.ExecuteInTransactionAsync(Arg.Any<Func<CancellationToken, Task<string>>>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromException<string>(new InvalidOperationException("the database is down")));
        var next = new NextSpy<AdminCommand, string>("done");

        await Should.ThrowAsync<InvalidOperationException>(
            () => new TransactionBehaviour<AdminCommand, string>(unitOfWork).Handle(new AdminCommand(), next.Delegate, CancellationToken.None).AsTask());

        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task A_query_runs_without_a_transaction()
    {
        var next = new NextSpy<AuthenticatedQuery, string>("read");
        var handlerSawTransaction = true;
        next.OnCall = () => handlerSawTransaction = _inTransaction;

        var answer = await Handle(new AuthenticatedQuery(), next);

        answer.ShouldBe("read");
        next.Calls.ShouldBe(1);
        handlerSawTransaction.ShouldBeFalse();
        _unitOfWork.ReceivedCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_cancellation_token_reaches_the_unit_of_work()
    {
        using var cancellation = new CancellationTokenSource();
        var next = new NextSpy<AdminCommand, string>("done");

        await new TransactionBehaviour<AdminCommand, string>(_unitOfWork).Handle(new AdminCommand(), next.Delegate, cancellation.Token);

        await _unitOfWork.Received(1).ExecuteInTransactionAsync(Arg.Any<Func<CancellationToken, Task<string>>>(), cancellation.Token);
    }

    private Task<TResponse> Handle<TMessage, TResponse>(TMessage message, NextSpy<TMessage, TResponse> next)
        where TMessage : notnull, IMessage =>
        new TransactionBehaviour<TMessage, TResponse>(_unitOfWork).Handle(message, next.Delegate, CancellationToken.None).AsTask();

    private async Task<T> RunInTransaction<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        _inTransaction = true;
        try
        {
            return await work(cancellationToken);
        }
        finally
        {
            _inTransaction = false;
        }
    }
}

using Mediator;

namespace Planck.Application.UnitTests.Behaviours;

/// <summary>Stands in for the rest of the pipeline: records whether it was called and answers a known value.</summary>
public sealed class NextSpy<TMessage, TResponse>(TResponse response)
    where TMessage : notnull, IMessage
{
    private readonly List<TMessage> _messages = [];

    public IReadOnlyList<TMessage> Messages => _messages;

    public int Calls => _messages.Count;

    /// <summary>Runs inside the delegate, before it answers: lets a test look at the state the handler would see.</summary>
    public Action? OnCall { get; set; }

    public MessageHandlerDelegate<TMessage, TResponse> Delegate => (message, _) =>
    {
        _messages.Add(message);
        OnCall?.Invoke();
        return ValueTask.FromResult(response);
    };
}

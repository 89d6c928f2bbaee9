using System.Runtime.CompilerServices;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.Common.Behaviours;

/// <summary>Runs every validator and gathers all failures into one field → messages map with snake_case field names.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators = validators.ToArray();

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        await RequestValidation.ThrowIfInvalidAsync(_validators, message, cancellationToken);
        return await next(message, cancellationToken);
    }
}

/// <summary>The same validation for a streaming request, before its first item.</summary>
public sealed class StreamValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IStreamPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IStreamMessage
{
    private readonly IValidator<TMessage>[] _validators = validators.ToArray();

    public async IAsyncEnumerable<TResponse> Handle(
        TMessage message, StreamHandlerDelegate<TMessage, TResponse> next, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await RequestValidation.ThrowIfInvalidAsync(_validators, message, cancellationToken);
        await foreach (var item in next(message, cancellationToken).WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }
}

internal static class RequestValidation
{
    public static async ValueTask ThrowIfInvalidAsync<TMessage>(IValidator<TMessage>[] validators, TMessage message, CancellationToken cancellationToken)
    {
        if (validators.Length == 0)
        {
            return;
        }

        var context = new ValidationContext<TMessage>(message);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(context, cancellationToken);
            failures.AddRange(result.Errors);
        }

        if (failures.Count > 0)
        {
            var errors = failures
                .GroupBy(f => ToFieldName(f.PropertyName), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
            throw new RequestValidationException(errors);
        }
    }

    private static string ToFieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(JsonNamingPolicy.SnakeCaseLower.ConvertName));
}

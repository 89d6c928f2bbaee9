using FluentValidation;
using Mediator;
using Planck.Application.Common.Behaviours;
using Planck.Application.Common.Exceptions;

namespace Planck.Application.UnitTests.Behaviours;

public sealed class ValidationBehaviourTests
{
    private const string HandlerAnswer = "handled";

    [Fact]
    public async Task Failures_from_every_validator_are_merged_into_one_map_with_snake_case_fields()
    {
        var first = new InlineValidator<ProfileCommand>
        {
            v => v.RuleFor(c => c.FullName).NotEmpty().WithMessage("full_name is required."),
        };
        var second = new InlineValidator<ProfileCommand>
        {
            v => v.RuleFor(c => c.FullName).Must(n => n is { Length: > 3 }).WithMessage("full_name is too short."),
            v => v.RuleFor(c => c.EmailAddress).EmailAddress().WithMessage("email_address is not valid."),
        };
        var next = new NextSpy<ProfileCommand, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<RequestValidationException>(
            () => Handle(new ProfileCommand(string.Empty, "nope", null), next, first, second));

        ex.Errors.Keys.ShouldBe(["full_name", "email_address"], ignoreOrder: true);
        ex.Errors["full_name"].ShouldBe(["full_name is required.", "full_name is too short."], ignoreOrder: true);
        ex.Errors["email_address"].ShouldBe(["email_address is not valid."]);
        next.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task The_same_message_from_two_validators_is_reported_once()
    {
        InlineValidator<ProfileCommand> Required() => new()
        {
            v => v.RuleFor(c => c.FullName).NotEmpty().WithMessage("full_name is required."),
        };
        var next = new NextSpy<ProfileCommand, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<RequestValidationException>(
            () => Handle(new ProfileCommand(null, null, null), next, Required(), Required()));

        ex.Errors["full_name"].ShouldBe(["full_name is required."]);
    }

    [Fact]
    public async Task Nested_property_paths_are_snake_cased_segment_by_segment()
    {
        var validator = new InlineValidator<ProfileCommand>
        {
            v => v.RuleFor(c => c.HomeAddress!.PostCode).NotEmpty().WithMessage("post code is required.").When(c => c.HomeAddress is not null),
        };
        var next = new NextSpy<ProfileCommand, string>(HandlerAnswer);

        var ex = await Should.ThrowAsync<RequestValidationException>(
            () => Handle(new ProfileCommand("Alice", "alice@example.com", new Address(null)), next, validator));

        ex.Errors.Keys.ShouldBe(["home_address.post_code"]);
    }

    [Fact]
    public async Task A_request_without_validators_passes_through()
    {
        var next = new NextSpy<ProfileCommand, string>(HandlerAnswer);
        var command = new ProfileCommand(null, null, null);

        var answer = await Handle(command, next);

        answer.ShouldBe(HandlerAnswer);
        next.Messages.ShouldHaveSingleItem().ShouldBeSameAs(command);
    }

    [Fact]
    public async Task A_valid_request_passes_every_validator_and_runs()
    {
        var first = new InlineValidator<ProfileCommand> { v => v.RuleFor(c => c.FullName).NotEmpty() };
        var second = new InlineValidator<ProfileCommand> { v => v.RuleFor(c => c.EmailAddress).EmailAddress() };
        var next = new NextSpy<ProfileCommand, string>(HandlerAnswer);

        var answer = await Handle(new ProfileCommand("Alice", "alice@example.com", null), next, first, second);

        answer.ShouldBe(HandlerAnswer);
        next.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task The_exception_detail_is_a_readable_sentence_of_all_messages()
    {
        var validator = new InlineValidator<ProfileCommand>
        {
            v => v.RuleFor(c => c.FullName).NotEmpty().WithMessage("full_name is required."),
            v => v.RuleFor(c => c.EmailAddress).NotEmpty().WithMessage("email_address is required."),
        };

        var ex = await Should.ThrowAsync<RequestValidationException>(
            () => Handle(new ProfileCommand(null, null, null), new NextSpy<ProfileCommand, string>(HandlerAnswer), validator));

        ex.Message.ShouldContain("full_name is required.");
        ex.Message.ShouldContain("email_address is required.");
    }

    private static Task<string> Handle<TMessage>(TMessage message, NextSpy<TMessage, string> next, params IValidator<TMessage>[] validators)
        where TMessage : notnull, IMessage =>
        new ValidationBehaviour<TMessage, string>(validators).Handle(message, next.Delegate, CancellationToken.None).AsTask();
}

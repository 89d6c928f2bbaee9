using FluentValidation;

namespace Planck.Application.Identity.Commands.CreateUser;

public sealed class CreateUserValidator : AbstractValidator<CreateUserCommand>
{
    public CreateUserValidator()
    {
        RuleFor(c => c.Email).ValidEmail();
        RuleFor(c => c.Password).ValidPassword();
        RuleFor(c => c.FullName).ValidFullName();
        RuleFor(c => c.Role).ValidRole();
    }
}

using FluentValidation;

namespace Planck.Application.Identity.Commands.UpdateUser;

public sealed class UpdateUserValidator : AbstractValidator<UpdateUserCommand>
{
    public UpdateUserValidator()
    {
        RuleFor(c => c.FullName).ValidFullName().When(c => c.FullName is not null);
        RuleFor(c => c.Role).ValidRole().When(c => c.Role is not null);
        RuleFor(c => c).Must(c => c.FullName is not null || c.Role is not null || c.IsActive is not null)
            .OverridePropertyName("body")
            .WithMessage("Give at least one of full_name, role or is_active.");
        RuleFor(c => c.RestoreKeys).Must(restore => restore != true).When(c => c.IsActive != true)
            .WithMessage("restore_keys only goes with \"is_active\": true, when reactivating a user.");
    }
}

using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Authorization;
using Planck.Application.Common.Exceptions;
using Planck.Application.Identity.Specifications;
using Planck.Domain.Identity;

namespace Planck.Application.Identity.Queries.GetUserByEmail;

[RequireRole(Role.Admin)]
public sealed record GetUserByEmailQuery(string? Email) : IQuery<UserDto>;

public sealed class GetUserByEmailHandler(IApplicationDbContext db, ISpecificationEvaluator evaluator) : IQueryHandler<GetUserByEmailQuery, UserDto>
{
    public async ValueTask<UserDto> Handle(GetUserByEmailQuery query, CancellationToken cancellationToken) =>
        await evaluator.Apply(db.Users.AsNoTracking(), new UserByEmailSpec(query.Email!)).ProjectToDto().FirstOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("User not found.");
}

public sealed class GetUserByEmailValidator : AbstractValidator<GetUserByEmailQuery>
{
    public GetUserByEmailValidator() =>
        RuleFor(q => q.Email).NotEmpty().WithMessage("email is required.").MaximumLength(User.MaxEmailLength)
            .Must(email => email is null || !email.Contains('\0', StringComparison.Ordinal)).WithMessage("email must not contain the NUL character.");
}

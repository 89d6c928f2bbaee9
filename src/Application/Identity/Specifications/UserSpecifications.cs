using Ardalis.Specification;
using Planck.Domain.Identity;

namespace Planck.Application.Identity.Specifications;

public sealed class UserByEmailSpec : SingleResultSpecification<User>
{
    public UserByEmailSpec(string email)
    {
        var normalizedEmail = User.NormalizeEmail(email);
        Query.Where(u => u.NormalizedEmail == normalizedEmail);
    }
}

public sealed class UsersOrderedSpec : Specification<User>
{
    public UsersOrderedSpec() => Query.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).AsNoTracking();
}

public sealed class ApiKeysOfUserSpec : Specification<ApiKey>
{
    public ApiKeysOfUserSpec(Guid userId) =>
        Query.Where(k => k.UserId == userId && k.RevokedAt == null).OrderByDescending(k => k.CreatedAt).AsNoTracking();
}

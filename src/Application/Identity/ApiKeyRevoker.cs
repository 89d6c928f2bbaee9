using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Common.Exceptions;
using Planck.Domain.Identity;

namespace Planck.Application.Identity;

/// <summary>Revokes a key and makes this node forget it once the revocation has committed.</summary>
public sealed class ApiKeyRevoker(IApplicationDbContext db, ICredentialCache credentialCache, IUnitOfWork unitOfWork, TimeProvider clock)
{
    public async Task RevokeAsync(Expression<Func<ApiKey, bool>> which, CancellationToken cancellationToken)
    {
        var apiKey = await db.ApiKeys.FirstOrDefaultAsync(which, cancellationToken)
            ?? throw new NotFoundException("API key not found.");
        apiKey.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        unitOfWork.AfterCommit(() => credentialCache.InvalidateUser(apiKey.UserId));
    }
}

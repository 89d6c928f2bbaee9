using Planck.Domain.Identity;
using Planck.Domain.Workspaces;

namespace Planck.Infrastructure.IntegrationTests.Support;

/// <summary>Builds entities with unique values, so tests sharing one database never collide.</summary>
public static class TestData
{
    /// <summary>A fixed instant with whole seconds: it round-trips exactly through every provider's time type.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    public static string UniqueEmail(string name = "user") => $"{name}-{Guid.NewGuid():N}@tests.planck.local";

    public static User NewUser(Role role = Role.User, DateTimeOffset? createdAt = null, string? email = null)
    {
        var user = User.Create(email ?? UniqueEmail(), "Test User", role, createdAt ?? Now);
        user.SetPasswordHash("not-a-real-password-hash");
        return user;
    }

    public static ApiKey NewApiKey(Guid userId, DateTimeOffset? createdAt = null, byte[]? hash = null, DateTimeOffset? expiresAt = null) =>
        ApiKey.Issue(userId, "test key", "pk_live_testtest", hash ?? Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray(), expiresAt, createdAt ?? Now);

    public static Workspace NewWorkspace(string? name = null, DateTimeOffset? createdAt = null) =>
        Workspace.Create(name ?? $"Workspace {Guid.NewGuid():N}", "for tests", createdAt ?? Now);
}

using Ardalis.Specification;
using Microsoft.EntityFrameworkCore;
using Planck.Application.Common.Abstractions;
using Planck.Application.Identity.Specifications;
using Planck.Application.Workspaces.Specifications;
using Planck.Domain.Identity;
using Planck.Domain.Workspaces;
using Planck.Infrastructure.IntegrationTests.Support;
using Planck.Infrastructure.Persistence;

namespace Planck.Infrastructure.IntegrationTests.Persistence;

public abstract class SpecificationEvaluatorTests(DatabaseFixture database)
{
    private readonly SpecificationEvaluator _evaluator = new();

    [Fact]
    public async Task Users_are_ordered_by_creation_time_then_id_and_not_tracked()
    {
        var sameTime = TestData.Now.AddSeconds(5);
        var users = new[]
        {
            TestData.NewUser(createdAt: TestData.Now.AddSeconds(10)),
            TestData.NewUser(createdAt: sameTime),
            TestData.NewUser(createdAt: TestData.Now),
            TestData.NewUser(createdAt: sameTime),
            TestData.NewUser(createdAt: sameTime),
        };
        await SaveAsync(users);
        var ids = users.Select(u => u.Id).ToArray();

        await using var db = database.CreateContext();
        var result = await _evaluator.Apply(db.Users.Where(u => ids.Contains(u.Id)), new UsersOrderedSpec()).ToListAsync();

        var expected = users.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id.ToString(), StringComparer.Ordinal).Select(u => u.Id);
        result.Select(u => u.Id).ShouldBe(expected);
        db.ChangeTracker.Entries().ShouldBeEmpty("UsersOrderedSpec asks for no tracking");
    }

    [Fact]
    public async Task A_user_is_found_by_email_whatever_its_case()
    {
        var user = TestData.NewUser(email: $"Mixed.Case-{Guid.NewGuid():N}@Example.com");
        await SaveAsync([user, TestData.NewUser()]);

        await using var db = database.CreateContext();
        var found = await _evaluator.Apply(db.Users, new UserByEmailSpec("  " + user.Email.ToUpperInvariant() + " ")).ToListAsync();

        found.ShouldHaveSingleItem().Id.ShouldBe(user.Id);
        db.ChangeTracker.Entries<User>().ShouldHaveSingleItem("UserByEmailSpec does not ask for no tracking");
    }

    [Fact]
    public async Task A_users_api_keys_leave_out_revoked_and_other_users_keys_newest_first()
    {
        var owner = TestData.NewUser();
        var someoneElse = TestData.NewUser();
        var oldest = TestData.NewApiKey(owner.Id, createdAt: TestData.Now);
        var newest = TestData.NewApiKey(owner.Id, createdAt: TestData.Now.AddHours(2));
        var middle = TestData.NewApiKey(owner.Id, createdAt: TestData.Now.AddHours(1));
        var revoked = TestData.NewApiKey(owner.Id, createdAt: TestData.Now.AddHours(3));
        revoked.Revoke(TestData.Now.AddHours(4));
        var othersKey = TestData.NewApiKey(someoneElse.Id, createdAt: TestData.Now.AddHours(5));
        await SaveAsync([owner, someoneElse, oldest, newest, middle, revoked, othersKey]);

        await using var db = database.CreateContext();
        var keys = await _evaluator.Apply(db.ApiKeys, new ApiKeysOfUserSpec(owner.Id)).ToListAsync();

        keys.Select(k => k.Id).ShouldBe([newest.Id, middle.Id, oldest.Id]);
        db.ChangeTracker.Entries().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_user_sees_only_the_workspaces_they_belong_to_by_name()
    {
        var member = TestData.NewUser();
        var tag = Guid.NewGuid().ToString("N");
        var beta = TestData.NewWorkspace($"{tag} beta");
        var alpha = TestData.NewWorkspace($"{tag} alpha");
        var hidden = TestData.NewWorkspace($"{tag} aaa hidden");
        beta.AddMember(member.Id, TestData.Now);
        alpha.AddMember(member.Id, TestData.Now);
        await SaveAsync([member, beta, alpha, hidden]);

        await using var db = database.CreateContext();
        var visible = await _evaluator.Apply(db.Workspaces, new WorkspacesVisibleToSpec(CallerFor(member))).ToListAsync();

        visible.Select(w => w.Id).ShouldBe([alpha.Id, beta.Id]);
        db.ChangeTracker.Entries().ShouldBeEmpty();
    }

    [Fact]
    public async Task An_admin_sees_every_workspace_ordered_by_name_then_id()
    {
        var admin = TestData.NewUser(Role.Admin);
        var tag = Guid.NewGuid().ToString("N");
        var workspaces = new[]
        {
            TestData.NewWorkspace($"{tag} same"),
            TestData.NewWorkspace($"{tag} first"),
            TestData.NewWorkspace($"{tag} same"),
            TestData.NewWorkspace($"{tag} same"),
        };
        await SaveAsync([admin, .. workspaces]);

        await using var db = database.CreateContext();
        var visible = await _evaluator.Apply(db.Workspaces.Where(w => w.Name.StartsWith(tag)), new WorkspacesVisibleToSpec(CallerFor(admin))).ToListAsync();

        var expected = workspaces.OrderBy(w => w.Name, StringComparer.Ordinal).ThenBy(w => w.Id.ToString(), StringComparer.Ordinal).Select(w => w.Id);
        visible.Select(w => w.Id).ShouldBe(expected);
    }

    [Fact]
    public async Task Include_loads_the_members_and_the_workspace_is_tracked()
    {
        var first = TestData.NewUser();
        var second = TestData.NewUser();
        var workspace = TestData.NewWorkspace();
        workspace.AddMember(first.Id, TestData.Now);
        workspace.AddMember(second.Id, TestData.Now);
        await SaveAsync([first, second, workspace]);

        await using var db = database.CreateContext();
        var loaded = await _evaluator.Apply(db.Workspaces, new WorkspaceWithMembersSpec(workspace.Id)).SingleAsync();

        loaded.Members.Select(m => m.UserId).ShouldBe([first.Id, second.Id], ignoreOrder: true);
        db.Entry(loaded).State.ShouldBe(EntityState.Unchanged);
    }

    [Fact]
    public async Task Without_include_the_members_are_not_loaded()
    {
        var user = TestData.NewUser();
        var workspace = TestData.NewWorkspace();
        workspace.AddMember(user.Id, TestData.Now);
        await SaveAsync([user, workspace]);

        await using var db = database.CreateContext();
        var loaded = await _evaluator.Apply(db.Workspaces, new WorkspaceByIdSpec(workspace.Id)).SingleAsync();

        loaded.Members.ShouldBeEmpty("the control for the Include test: without Include nothing is loaded");
    }

    [Fact]
    public async Task Skip_and_take_page_through_the_ordered_results()
    {
        var tag = Guid.NewGuid().ToString("N");
        var workspaces = Enumerable.Range(0, 5).Select(i => TestData.NewWorkspace($"{tag} {i}")).Reverse().ToArray();
        await SaveAsync(workspaces);

        await using var db = database.CreateContext();
        var page = await _evaluator.Apply(db.Workspaces, new WorkspacesNamedSpec(tag, skip: 1, take: 2)).Select(w => w.Name).ToListAsync();

        page.ShouldBe([$"{tag} 1", $"{tag} 2"]);
    }

    [Fact]
    public async Task Skip_alone_and_take_alone_are_applied()
    {
        var tag = Guid.NewGuid().ToString("N");
        await SaveAsync(Enumerable.Range(0, 4).Select(i => TestData.NewWorkspace($"{tag} {i}")).ToArray());

        await using var db = database.CreateContext();
        var skipped = await _evaluator.Apply(db.Workspaces, new WorkspacesNamedSpec(tag, skip: 3)).Select(w => w.Name).ToListAsync();
        var taken = await _evaluator.Apply(db.Workspaces, new WorkspacesNamedSpec(tag, take: 1)).Select(w => w.Name).ToListAsync();
        var all = await _evaluator.Apply(db.Workspaces, new WorkspacesNamedSpec(tag)).Select(w => w.Name).ToListAsync();

        skipped.ShouldBe([$"{tag} 3"]);
        taken.ShouldBe([$"{tag} 0"]);
        all.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_take_of_zero_returns_nothing()
    {
        var tag = Guid.NewGuid().ToString("N");
        var workspaces = Enumerable.Range(0, 3).Select(i => TestData.NewWorkspace($"{tag} {i}")).ToArray();
        await SaveAsync(workspaces);
        var spec = new WorkspacesNamedSpec(tag, take: 0);

        await using var db = database.CreateContext();
        var taken = await _evaluator.Apply(db.Workspaces, spec).ToListAsync();

        InMemorySpecificationEvaluator.Default.Evaluate(workspaces, spec).ShouldBeEmpty("the reference evaluator takes nothing");
        taken.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_where_clause_applies()
    {
        var tag = Guid.NewGuid().ToString("N");
        var keep = TestData.NewWorkspace($"{tag} keep");
        keep.Describe("match");
        var otherDescription = TestData.NewWorkspace($"{tag} other");
        await SaveAsync([keep, otherDescription]);

        await using var db = database.CreateContext();
        var found = await _evaluator.Apply(db.Workspaces, new WorkspacesNamedAndDescribedSpec(tag, "match")).ToListAsync();

        found.ShouldHaveSingleItem().Id.ShouldBe(keep.Id);
    }

    [Fact]
    public async Task Descending_orderings_apply_in_sequence()
    {
        var tag = Guid.NewGuid().ToString("N");
        var a1 = TestData.NewWorkspace($"{tag} a", TestData.Now.AddMinutes(1));
        var a2 = TestData.NewWorkspace($"{tag} a", TestData.Now.AddMinutes(2));
        var b1 = TestData.NewWorkspace($"{tag} b", TestData.Now.AddMinutes(1));
        await SaveAsync([a1, b1, a2]);

        await using var db = database.CreateContext();
        var ordered = await _evaluator.Apply(db.Workspaces, new WorkspacesNewestLastByNameDescendingSpec(tag)).Select(w => w.Id).ToListAsync();

        ordered.ShouldBe([b1.Id, a2.Id, a1.Id]);
    }

    [Fact]
    public async Task The_evaluator_agrees_with_the_reference_in_memory_evaluator()
    {
        var tag = Guid.NewGuid().ToString("N");
        var workspaces = Enumerable.Range(0, 7)
            .Select(i => TestData.NewWorkspace($"{tag} {i % 3}", TestData.Now.AddMinutes(i)))
            .ToArray();
        await SaveAsync(workspaces);
        var spec = new WorkspacesNamedSpec(tag, skip: 2, take: 3);

        await using var db = database.CreateContext();
        var fromDatabase = await _evaluator.Apply(db.Workspaces, spec).Select(w => w.Id).ToListAsync();
        var inMemory = InMemorySpecificationEvaluator.Default.Evaluate(workspaces, spec).Select(w => w.Id).ToList();

        fromDatabase.ShouldBe(inMemory);
    }

    private async Task SaveAsync(object[] entities)
    {
        await using var db = database.CreateContext();
        db.AddRange(entities);
        await db.SaveChangesAsync();
    }

    private static Caller CallerFor(User user) =>
        new(user.Id, user.Email, user.FullName, user.Role, user.IsActive, user.CreatedAt, AuthenticationMethod.ApiKey, Guid.NewGuid());

    // Test-only specifications for what the product's own specifications do not use yet.
    /// <summary>Who sees which workspaces, by name: a filter that depends on the caller, plus two-key ordering.</summary>
    private sealed class WorkspacesVisibleToSpec : Specification<Workspace>
    {
        public WorkspacesVisibleToSpec(Caller caller)
        {
            if (!caller.IsAdmin)
            {
                var userId = caller.UserId;
                Query.Where(w => w.Members.Any(m => m.UserId == userId));
            }

            Query.OrderBy(w => w.Name).ThenBy(w => w.Id).AsNoTracking();
        }
    }

    private sealed class WorkspaceByIdSpec : Specification<Workspace>
    {
        public WorkspaceByIdSpec(Guid id) => Query.Where(w => w.Id == id);
    }

    private sealed class WorkspacesNamedSpec : Specification<Workspace>
    {
        public WorkspacesNamedSpec(string tag, int? skip = null, int? take = null)
        {
            Query.Where(w => w.Name.StartsWith(tag)).OrderBy(w => w.Name).ThenBy(w => w.CreatedAt);
            if (skip is { } s)
            {
                Query.Skip(s);
            }

            if (take is { } t)
            {
                Query.Take(t);
            }
        }
    }

    private sealed class WorkspacesNamedAndDescribedSpec : Specification<Workspace>
    {
        public WorkspacesNamedAndDescribedSpec(string tag, string description) =>
            Query.Where(w => w.Name.StartsWith(tag)).Where(w => w.Description == description);
    }

    private sealed class WorkspacesNewestLastByNameDescendingSpec : Specification<Workspace>
    {
        public WorkspacesNewestLastByNameDescendingSpec(string tag) =>
            Query.Where(w => w.Name.StartsWith(tag)).OrderByDescending(w => w.Name).ThenByDescending(w => w.CreatedAt);
    }
}

[Collection(SqliteDatabase.Name)]
public sealed class SqliteSpecificationEvaluatorTests(SqliteDatabaseFixture database) : SpecificationEvaluatorTests(database);

[Collection(PostgresDatabase.Name)]
public sealed class PostgresSpecificationEvaluatorTests(PostgresDatabaseFixture database) : SpecificationEvaluatorTests(database);

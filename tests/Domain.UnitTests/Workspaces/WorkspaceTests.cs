using Planck.Domain.Workspaces;

namespace Planck.Domain.UnitTests.Workspaces;

public sealed class WorkspaceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);

    [Fact]
    public void Creating_a_workspace_trims_its_name_and_description()
    {
        var workspace = Workspace.Create("  Research  ", "  Papers and notes  ", Now);

        workspace.Id.ShouldNotBe(Guid.Empty);
        workspace.Name.ShouldBe("Research");
        workspace.Description.ShouldBe("Papers and notes");
        workspace.CreatedAt.ShouldBe(Now);
        workspace.Members.ShouldBeEmpty();
    }

    [Fact]
    public void A_workspace_without_description_has_an_empty_one()
    {
        Workspace.Create("Research", null, Now).Description.ShouldBe(string.Empty);
    }

    [Fact]
    public void Adding_a_member_reports_a_change_and_records_the_membership()
    {
        var workspace = Workspace.Create("Research", null, Now);
        var userId = Guid.NewGuid();

        var changed = workspace.AddMember(userId, Now);

        changed.ShouldBeTrue();
        var member = workspace.Members.ShouldHaveSingleItem();
        member.UserId.ShouldBe(userId);
        member.WorkspaceId.ShouldBe(workspace.Id);
        member.AddedAt.ShouldBe(Now);
    }

    [Fact]
    public void Adding_an_existing_member_again_changes_nothing()
    {
        var workspace = Workspace.Create("Research", null, Now);
        var userId = Guid.NewGuid();
        workspace.AddMember(userId, Now);

        var changed = workspace.AddMember(userId, Now.AddHours(1));

        changed.ShouldBeFalse();
        var member = workspace.Members.ShouldHaveSingleItem();
        member.AddedAt.ShouldBe(Now);
    }

    [Fact]
    public void Different_users_are_all_added()
    {
        var workspace = Workspace.Create("Research", null, Now);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        workspace.AddMember(first, Now).ShouldBeTrue();
        workspace.AddMember(second, Now).ShouldBeTrue();

        workspace.Members.Select(m => m.UserId).ShouldBe([first, second], ignoreOrder: true);
    }

    [Fact]
    public void Removing_a_member_reports_a_change_and_leaves_the_others()
    {
        var workspace = Workspace.Create("Research", null, Now);
        var leaving = Guid.NewGuid();
        var staying = Guid.NewGuid();
        workspace.AddMember(leaving, Now);
        workspace.AddMember(staying, Now);

        var removed = workspace.RemoveMember(leaving);

        removed.ShouldBeTrue();
        workspace.Members.ShouldHaveSingleItem().UserId.ShouldBe(staying);
    }

    [Fact]
    public void Removing_someone_who_is_not_a_member_changes_nothing()
    {
        var workspace = Workspace.Create("Research", null, Now);
        workspace.AddMember(Guid.NewGuid(), Now);

        var removed = workspace.RemoveMember(Guid.NewGuid());

        removed.ShouldBeFalse();
        workspace.Members.Count.ShouldBe(1);
    }

    [Fact]
    public void A_removed_member_can_be_added_again()
    {
        var workspace = Workspace.Create("Research", null, Now);
        var userId = Guid.NewGuid();
        workspace.AddMember(userId, Now);
        workspace.RemoveMember(userId);

        workspace.AddMember(userId, Now.AddMinutes(5)).ShouldBeTrue();

        workspace.Members.ShouldHaveSingleItem().AddedAt.ShouldBe(Now.AddMinutes(5));
    }

    [Fact]
    public void Renaming_and_describing_trim_the_text()
    {
        var workspace = Workspace.Create("Research", "old", Now);

        workspace.Rename("  Lab  ");
        workspace.Describe("  new  ");

        workspace.Name.ShouldBe("Lab");
        workspace.Description.ShouldBe("new");

        workspace.Describe(null);
        workspace.Description.ShouldBe(string.Empty);
    }
}

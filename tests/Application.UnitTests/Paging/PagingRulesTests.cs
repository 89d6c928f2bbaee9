using FluentValidation;
using Planck.Application.Common.Paging;
using Planck.Application.Identity.Queries.ListMyApiKeys;
using Planck.Application.Identity.Queries.ListUsers;
using Planck.Application.Workspaces.Queries.ListMembers;
using Planck.Application.Workspaces.Queries.ListWorkspaces;

namespace Planck.Application.UnitTests.Paging;

/// <summary>Every list query applies the same paging rules: limit 1 to 200, offset zero or more.</summary>
public sealed class PagingRulesTests
{
    public static TheoryData<string> ListQueries => ["users", "workspaces", "members", "my api keys"];

    [Theory]
    [MemberData(nameof(ListQueries))]
    public void The_default_page_is_valid(string list)
    {
        Validate(list, Common.Paging.Paging.DefaultLimit, 0).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ListQueries))]
    public void A_limit_from_1_to_200_is_accepted(string list)
    {
        Validate(list, 1, 0).ShouldBeEmpty();
        Validate(list, 200, 0).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(ListQueries))]
    public void A_limit_below_1_or_above_200_is_refused(string list)
    {
        foreach (var limit in new[] { 0, -1, 201, int.MaxValue })
        {
            Validate(list, limit, 0).ShouldBe(["Limit: limit must be between 1 and 200."], $"limit {limit}");
        }
    }

    [Theory]
    [MemberData(nameof(ListQueries))]
    public void A_negative_offset_is_refused(string list)
    {
        Validate(list, 10, -1).ShouldBe(["Offset: offset must be zero or more."]);
        Validate(list, 10, 0).ShouldBeEmpty();
        Validate(list, 10, 1_000_000).ShouldBeEmpty();
    }

    private static string[] Validate(string list, int limit, int offset) =>
        list switch
        {
            "users" => Errors(new ListUsersValidator(), new ListUsersQuery(limit, offset)),
            "workspaces" => Errors(new ListWorkspacesValidator(), new ListWorkspacesQuery(limit, offset)),
            "members" => Errors(new ListMembersValidator(), new ListMembersQuery(Guid.NewGuid(), limit, offset)),
            "my api keys" => Errors(new ListMyApiKeysValidator(), new ListMyApiKeysQuery(limit, offset)),
            _ => throw new ArgumentOutOfRangeException(nameof(list), list, null),
        };

    private static string[] Errors<T>(IValidator<T> validator, T query)
        where T : IPagedRequest =>
        validator.Validate(query).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}").ToArray();
}

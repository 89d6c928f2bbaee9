using Planck.Infrastructure.Databases.MySql;

namespace Planck.Infrastructure.IntegrationTests.Databases;

/// <summary>
/// SHOW GRANTS lines as MySQL 8 writes them, which the MariaDB test server cannot produce: dynamic privileges, roles
/// with hosts, identifiers that contain the words the reader looks for.
/// </summary>
public sealed class MySqlGrantsTests
{
    [Theory]
    [InlineData("GRANT SELECT, SHOW VIEW ON `shop`.* TO `reader`@`%`", new[] { "SELECT", "SHOW VIEW" })]
    [InlineData("GRANT SELECT (`id`, `name`), INSERT (`name`) ON `shop`.`t` TO `reader`@`%`", new[] { "SELECT", "INSERT" })]
    [InlineData("GRANT BACKUP_ADMIN,BINLOG_ADMIN ON *.* TO `ops`@`localhost`", new[] { "BACKUP_ADMIN", "BINLOG_ADMIN" })]
    [InlineData("GRANT SELECT ON `a ON b`.`x TO y` TO `reader`@`%`", new[] { "SELECT" })]
    [InlineData("GRANT USAGE ON *.* TO `reader`@`%` IDENTIFIED BY PASSWORD '*ABC'", new[] { "USAGE" })]
    public void Privileges_are_read_without_column_lists(string line, string[] privileges)
    {
        var grant = MySqlGrants.Parse(line)!;

        grant.Privileges.ShouldBe(privileges);
        grant.Roles.ShouldBeEmpty();
        grant.WithGrantOption.ShouldBeFalse();
    }

    [Fact]
    public void Roles_granted_to_a_user_are_named_as_the_server_quoted_them()
    {
        var grant = MySqlGrants.Parse("GRANT `analyst`@`%`,`auditor`@`%` TO `reader`@`%`")!;

        grant.Roles.ShouldBe(["`analyst`@`%`", "`auditor`@`%`"]);
        grant.Privileges.ShouldBeEmpty();
    }

    [Fact]
    public void Grant_option_is_seen_after_the_grantee()
    {
        MySqlGrants.Parse("GRANT SELECT ON `shop`.* TO `reader`@`%` WITH GRANT OPTION")!.WithGrantOption.ShouldBeTrue();
        MySqlGrants.Parse("GRANT SELECT ON `WITH GRANT OPTION`.* TO `reader`@`%`")!.WithGrantOption.ShouldBeFalse();
    }

    [Theory]
    [InlineData("SET DEFAULT ROLE `analyst` FOR `reader`@`%`")]
    [InlineData("REVOKE INSERT ON `mysql`.* FROM `reader`@`%`")]
    public void Lines_that_grant_nothing_are_ignored(string line) => MySqlGrants.Parse(line).ShouldBeNull();
}

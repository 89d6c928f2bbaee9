using System.Text;
using MySqlConnector;
using Planck.Application.Databases.Engines;

namespace Planck.Infrastructure.Databases.MySql;

/// <summary>
/// Refuses a user that could change anything: every privilege it holds, directly or through its roles, must be one that
/// only reads (SELECT, SHOW VIEW, SHOW DATABASES, USAGE), none with GRANT OPTION. MySQL has no read-only role attribute,
/// and DDL commits a read-only transaction implicitly, so the grants are the layer that holds.
/// </summary>
internal static class MySqlGrants
{
    private static readonly HashSet<string> ReadingPrivileges = new(StringComparer.OrdinalIgnoreCase) { "SELECT", "SHOW VIEW", "SHOW DATABASES", "USAGE" };

    // Roles granted to roles: deep enough for any real hierarchy, bounded against a cycle the server should not allow.
    private const int MaxRoleDepth = 8;

    public static async Task RefuseWritersAsync(MySqlConnection connection, MySqlConnectionStringBuilder builder, CancellationToken cancellationToken)
    {
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        var seenRoles = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<(string Sql, int Depth)>([("SHOW GRANTS", 0)]);
        while (pending.TryDequeue(out var next))
        {
            var lines = await LinesAsync(connection, next.Sql, cancellationToken);
            if (lines is null)
            {
                // A role that is granted but not active: its privileges are hidden from its holder, so they cannot be vouched for.
                reasons.Add("a role whose privileges it cannot show (" + next.Sql["SHOW GRANTS FOR ".Length..] + ")");
                continue;
            }

            foreach (var line in lines)
            {
                var grant = Parse(line);
                if (grant is null)
                {
                    continue;
                }

                foreach (var privilege in grant.Privileges.Where(p => !ReadingPrivileges.Contains(p)))
                {
                    reasons.Add(privilege.ToUpperInvariant());
                }

                if (grant.WithGrantOption)
                {
                    reasons.Add("GRANT OPTION");
                }

                foreach (var role in grant.Roles.Where(seenRoles.Add))
                {
                    if (next.Depth >= MaxRoleDepth)
                    {
                        reasons.Add("roles nested too deep to check");
                        continue;
                    }

                    // The role's name as the server itself quoted it in the grant.
                    pending.Enqueue(("SHOW GRANTS FOR " + role, next.Depth + 1));
                }
            }
        }

        if (reasons.Count > 0)
        {
            // Asked only to word the refusal: this check runs before every statement, and a user that only reads never needs it.
            var user = await ScalarAsync(connection, "SELECT CURRENT_USER()", cancellationToken) ?? builder.UserID;
            throw new DatabaseRefusedException(Recipe(user, builder.Database, reasons, MySqlConnections.Where(builder)));
        }
    }

    /// <summary>One line of SHOW GRANTS: the privileges it gives (without column lists), or the roles it grants.</summary>
    internal sealed record Grant(IReadOnlyList<string> Privileges, IReadOnlyList<string> Roles, bool WithGrantOption);

    /// <summary>
    /// Reads a line as the server writes it: <c>GRANT SELECT (`a`), SHOW VIEW ON `db`.* TO `u`@`%` [IDENTIFIED BY PASSWORD '…'] [WITH GRANT OPTION]</c>
    /// or, for roles, <c>GRANT `role`[@`host`], … TO `u`@`%`</c>. Anything else (SET DEFAULT ROLE, a partial REVOKE) grants nothing.
    /// </summary>
    internal static Grant? Parse(string line)
    {
        if (!line.StartsWith("GRANT ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var to = FindKeyword(line, " TO ", 6);
        if (to < 0)
        {
            return null;
        }

        var on = FindKeyword(line[..to], " ON ", 6);
        var withGrantOption = FindKeyword(line, " WITH GRANT OPTION", to) >= 0;
        if (on < 0)
        {
            return new Grant([], SplitTopLevel(line[6..to]), withGrantOption);
        }

        var privileges = SplitTopLevel(line[6..on]).Select(p =>
        {
            // "SELECT (`a`, `b`)" is still SELECT.
            var columns = p.IndexOf('(', StringComparison.Ordinal);
            return (columns < 0 ? p : p[..columns]).Trim();
        }).Where(p => p.Length > 0).ToList();
        return new Grant(privileges, [], withGrantOption);
    }

    /// <summary>Where <paramref name="keyword"/> stands outside quotes and parentheses, from <paramref name="start"/>.</summary>
    private static int FindKeyword(string line, string keyword, int start)
    {
        var depth = 0;
        char? quote = null;
        for (var i = start; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '`' or '\'' or '"':
                    quote = c;
                    break;
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                default:
                    if (depth == 0 && string.Compare(line, i, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    private static List<string> SplitTopLevel(string list)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        char? quote = null;
        foreach (var c in list)
        {
            if (quote is null && c == ',' && depth == 0)
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }

            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '`' or '\'' or '"')
            {
                quote = c;
            }
            else
            {
                depth += c switch { '(' => 1, ')' => -1, _ => 0 };
            }

            current.Append(c);
        }

        parts.Add(current.ToString().Trim());
        return parts.Where(p => p.Length > 0).ToList();
    }

    /// <summary>The grant lines, or null when the server will not show them (a role its holder has not activated).</summary>
    private static async Task<List<string>?> LinesAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new MySqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var lines = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add(reader.GetString(0));
            }

            return lines;
        }
        catch (MySqlException denied) when (denied.Number is 1044 or 1142 or 1227 && sql != "SHOW GRANTS")
        {
            return null;
        }
    }

    private static async Task<string?> ScalarAsync(MySqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    // The grant lines themselves are never quoted back: they carry the user's password hash.
    private static string Recipe(string user, string database, IEnumerable<string> reasons, string where) =>
        $"""
        Planck only connects as a user that can read and nothing else, and "{user}" on {where} holds more: {string.Join(", ", reasons)}.
        Create a read-only user as an administrator, then connect as it:
          CREATE USER 'planck_reader'@'%' IDENTIFIED BY '…';
          GRANT SELECT, SHOW VIEW ON `{database.Replace("`", "``", StringComparison.Ordinal)}`.* TO 'planck_reader'@'%';
        (grant it no other privilege and no role that holds one; narrow '%' to the address Planck connects from.)
        """;
}

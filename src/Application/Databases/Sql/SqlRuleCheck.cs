namespace Planck.Application.Databases.Sql;

/// <summary>
/// Applies a database's <see cref="SqlRules"/> to a statement that is already known to be one read-only query. Where the
/// tokens leave a doubt (an unknown qualifier, a <c>*</c> in any part of the statement) it refuses: a refused query can be
/// rewritten, a leaked column cannot be taken back.
/// </summary>
internal static class SqlRuleCheck
{
    public static string? Refusal(IReadOnlyList<SqlToken> tokens, SqlTableReferences references, SqlRules rules, SqlDialect dialect)
    {
        foreach (var rule in rules.ForbiddenColumns)
        {
            if (ForbiddenColumnRefusal(tokens, references, rule, dialect) is { } refusal)
            {
                return refusal;
            }
        }

        foreach (var filter in rules.RequiredFilters)
        {
            if (RequiredFilterRefusal(tokens, references, filter, dialect) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private static string? ForbiddenColumnRefusal(IReadOnlyList<SqlToken> tokens, SqlTableReferences references, string rule, SqlDialect dialect)
    {
        var dot = rule.LastIndexOf('.');
        if (dot <= 0 || dot == rule.Length - 1)
        {
            return $"The rule for a forbidden column ({rule}) is not written as table.column, so an administrator must correct it.";
        }

        var (schema, table) = SplitTable(rule[..dot]);
        var column = rule[(dot + 1)..];
        var ruled = references.Tables.Where(reference => reference.Name.Equals(table, StringComparison.OrdinalIgnoreCase)
            && (schema is null || reference.Schema is null || reference.Schema.Equals(schema, StringComparison.OrdinalIgnoreCase))).ToList();
        if (ruled.Count == 0)
        {
            return null;
        }

        var others = references.Tables.Except(ruled).ToList();
        var named = $"{table}.{column}";

        // A qualifier that names only another table clears the column; an unknown one (a CTE, a subquery's alias) does not.
        bool MeansRuledTable(string qualifier) =>
            ruled.Exists(reference => reference.IsCalled(qualifier)) || !others.Exists(reference => reference.IsCalled(qualifier));

        for (var index = 0; index < tokens.Count; index++)
        {
            var token = tokens[index];
            var previous = SqlTableReferences.At(tokens, index - 1);
            var qualifier = previous?.IsSymbol(".") == true ? SqlTableReferences.At(tokens, index - 2) : null;
            var next = SqlTableReferences.At(tokens, index + 1);

            if (token.Kind == SqlTokenKind.Operator && token.Text == "*" && (qualifier is null ? IsSelectListStart(previous) : MeansRuledTable(qualifier.Name)))
            {
                return $"The column {named} cannot be queried, so list the columns you need instead of *.";
            }

            if (!SqlTableReferences.IsName(token, dialect) || references.DeclarationTokens.Contains(index) || next?.IsSymbol("(") == true)
            {
                continue;
            }

            if (token.Name.Equals(column, StringComparison.OrdinalIgnoreCase) && (qualifier is null || MeansRuledTable(qualifier.Name)))
            {
                return $"The column {named} cannot be queried.";
            }

            // PostgreSQL reads a bare table name or alias as its whole row: SELECT e FROM employees e, to_json(e), e::text.
            if (dialect == SqlDialect.Postgresql && qualifier is null && next?.IsSymbol(".") != true
                && ruled.Exists(reference => reference.IsCalled(token.Name)))
            {
                return $"The column {named} cannot be queried, so list the columns you need instead of the whole row.";
            }
        }

        return null;
    }

    // A * that stands for columns (SELECT *, SELECT DISTINCT *, SELECT a, *), not a product or count(*).
    private static bool IsSelectListStart(SqlToken? previous) =>
        previous is not null && (previous.IsWord("SELECT") || previous.IsWord("DISTINCT") || previous.IsWord("ALL") || previous.IsSymbol(","));

    private static string? RequiredFilterRefusal(IReadOnlyList<SqlToken> tokens, SqlTableReferences references, string filter, SqlDialect dialect)
    {
        var pattern = SqlTokenizer.Scan(filter, dialect).Tokens;
        var columnIndex = 0;
        while (columnIndex + 2 < pattern.Count && pattern[columnIndex + 1].IsSymbol(".") && SqlTableReferences.IsName(pattern[columnIndex + 2], dialect))
        {
            columnIndex += 2;
        }

        if (columnIndex == 0 || !SqlTableReferences.IsName(pattern[0], dialect))
        {
            return $"The required filter {filter} is not written as table.column followed by its condition, so an administrator must correct it.";
        }

        var (schema, table) = SplitTable(string.Join('.', pattern.Take(columnIndex - 1).Where((_, position) => position % 2 == 0).Select(token => token.Name)));
        var condition = pattern.Skip(columnIndex).ToList();
        var ruled = references.Tables.Where(reference => reference.Name.Equals(table, StringComparison.OrdinalIgnoreCase)
            && (schema is null || reference.Schema is null || reference.Schema.Equals(schema, StringComparison.OrdinalIgnoreCase)));

        // Each reading of the table needs the condition, written bare or qualified by that reading's alias or name.
        foreach (var reference in ruled)
        {
            var satisfied = Enumerable.Range(0, tokens.Count).Any(start =>
                Matches(tokens, start, condition, dialect)
                && (SqlTableReferences.At(tokens, start - 1)?.IsSymbol(".") != true
                    || SqlTableReferences.At(tokens, start - 2) is { } qualifier && reference.IsCalled(qualifier.Name)));
            if (!satisfied)
            {
                return $"Queries over {reference.Name} must include the filter {filter}.";
            }
        }

        return null;
    }

    private static bool Matches(IReadOnlyList<SqlToken> tokens, int start, List<SqlToken> condition, SqlDialect dialect)
    {
        if (start + condition.Count > tokens.Count)
        {
            return false;
        }

        for (var offset = 0; offset < condition.Count; offset++)
        {
            var token = tokens[start + offset];
            var expected = condition[offset];
            var same = SqlTableReferences.IsName(token, dialect) && SqlTableReferences.IsName(expected, dialect)
                ? token.Name.Equals(expected.Name, StringComparison.OrdinalIgnoreCase)
                : token.Kind == expected.Kind && token.Text.Equals(expected.Text, StringComparison.OrdinalIgnoreCase);
            if (!same)
            {
                return false;
            }
        }

        return true;
    }

    private static (string? Schema, string Table) SplitTable(string qualifiedTable)
    {
        var dot = qualifiedTable.LastIndexOf('.');
        return dot < 0 ? (null, qualifiedTable) : (qualifiedTable[..dot], qualifiedTable[(dot + 1)..]);
    }
}

namespace Planck.Application.Databases.Sql;

/// <summary>A table named after FROM or JOIN, with the alias the statement gives it.</summary>
internal sealed record TableReference(string? Schema, string Name, string? Alias)
{
    public string QualifiedName => Schema is null ? Name : $"{Schema}.{Name}";

    /// <summary>Whether <paramref name="qualifier"/> (the part before a dot) can mean this table.</summary>
    public bool IsCalled(string qualifier) =>
        qualifier.Equals(Alias, StringComparison.OrdinalIgnoreCase) || qualifier.Equals(Name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The tables a statement reads: those after FROM and JOIN (and after commas in a FROM list), without the statement's own
/// common table expressions. A token walk, not a parser: it only has to be right for the statements that passed the
/// validator's other checks, and where it cannot tell it errs towards naming more tables, which makes rules stricter.
/// </summary>
internal sealed record SqlTableReferences(
    IReadOnlyList<TableReference> Tables, IReadOnlySet<int> DeclarationTokens, IReadOnlySet<string> CommonTableNames)
{
    // After FROM a word that ends the FROM list at that level; after a table a word that cannot be its alias.
    private static readonly HashSet<string> ClauseWords = new(
        [
            "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "WINDOW", "UNION", "EXCEPT", "INTERSECT", "FETCH", "FOR",
            "QUALIFY", "RETURNING", "ON", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL",
            "STRAIGHT_JOIN", "LATERAL", "TABLESAMPLE", "USE", "FORCE", "IGNORE", "PARTITION", "WITH", "INDEXED", "NOT", "AS",
            "SELECT", "FROM",
        ],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> ListEnders = new(
        ["WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "WINDOW", "UNION", "EXCEPT", "INTERSECT", "FETCH", "FOR", "QUALIFY"],
        StringComparer.OrdinalIgnoreCase);

    public static SqlTableReferences Read(IReadOnlyList<SqlToken> tokens, SqlDialect dialect)
    {
        var reader = new Reader(tokens, dialect);
        reader.Run();
        var cteNames = reader.CommonTableNames;
        var tables = reader.Tables
            .Where(table => table.Schema is not null || !cteNames.Contains(table.Name))
            .ToList();
        return new SqlTableReferences(tables, reader.DeclarationTokens, cteNames);
    }

    /// <summary>The referenced tables as SQL names them (<c>schema.name</c> or <c>name</c>), each once, in order.</summary>
    public IReadOnlyList<string> Names => Tables.Select(table => table.QualifiedName).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// Reads <c>WITH [RECURSIVE] name [(columns)] AS [[NOT] MATERIALIZED] (body) [, ...]</c> starting at the WITH token.
    /// Returns the index of the token after the list (the main statement), or -1 when the words after WITH are not a
    /// list of common table expressions (PostgreSQL's WITH ORDINALITY, WITH TIME ZONE, MySQL's WITH ROLLUP).
    /// </summary>
    public static int ReadCommonTableList(IReadOnlyList<SqlToken> tokens, int withIndex, ICollection<string> names, SqlDialect dialect)
    {
        var index = withIndex + 1;
        if (At(tokens, index)?.IsWord("RECURSIVE") == true)
        {
            index++;
        }

        var found = new List<string>();
        while (true)
        {
            var name = At(tokens, index);
            if (name is null || !IsName(name, dialect) || (name.Kind == SqlTokenKind.Word && ClauseWords.Contains(name.Text)))
            {
                return -1;
            }

            index++;
            if (At(tokens, index)?.IsSymbol("(") == true)
            {
                index = AfterParentheses(tokens, index);
            }

            if (At(tokens, index)?.IsWord("AS") != true)
            {
                return -1;
            }

            index++;
            if (At(tokens, index)?.IsWord("NOT") == true)
            {
                index++;
            }

            if (At(tokens, index)?.IsWord("MATERIALIZED") == true)
            {
                index++;
            }

            if (At(tokens, index)?.IsSymbol("(") != true)
            {
                return -1;
            }

            index = AfterParentheses(tokens, index);
            found.Add(name.Name);
            if (At(tokens, index)?.IsSymbol(",") != true)
            {
                break;
            }

            index++;
        }

        foreach (var name in found)
        {
            names.Add(name);
        }

        return index;
    }

    /// <summary>A word, a quoted name, or (MySQL under ANSI_QUOTES) a double-quoted string used as a name.</summary>
    public static bool IsName(SqlToken token, SqlDialect dialect) =>
        token.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier
        || (dialect == SqlDialect.Mysql && token.Kind == SqlTokenKind.StringLiteral && token.Text[0] == '"');

    /// <summary>The index after the parenthesis that closes the one at <paramref name="open"/>, or the end when none does.</summary>
    public static int AfterParentheses(IReadOnlyList<SqlToken> tokens, int open)
    {
        var depth = 0;
        for (var index = open; index < tokens.Count; index++)
        {
            if (tokens[index].IsSymbol("("))
            {
                depth++;
            }
            else if (tokens[index].IsSymbol(")") && --depth == 0)
            {
                return index + 1;
            }
        }

        return tokens.Count;
    }

    public static SqlToken? At(IReadOnlyList<SqlToken> tokens, int index) => index >= 0 && index < tokens.Count ? tokens[index] : null;

    private sealed class Reader(IReadOnlyList<SqlToken> tokens, SqlDialect dialect)
    {
        public List<TableReference> Tables { get; } = [];

        public HashSet<int> DeclarationTokens { get; } = [];

        public HashSet<string> CommonTableNames { get; } = new(StringComparer.OrdinalIgnoreCase);

        private sealed class Level
        {
            public bool SawSelect { get; set; }

            public bool InFromList { get; set; }
        }

        public void Run()
        {
            var levels = new Stack<Level>();
            levels.Push(new Level());
            for (var index = 0; index < tokens.Count; index++)
            {
                var token = tokens[index];
                var level = levels.Peek();
                if (token.IsSymbol("("))
                {
                    levels.Push(new Level());
                }
                else if (token.IsSymbol(")"))
                {
                    if (levels.Count > 1)
                    {
                        levels.Pop();
                    }
                }
                else if (token.IsWord("SELECT"))
                {
                    level.SawSelect = true;
                    level.InFromList = false;
                }
                else if (token.IsWord("WITH"))
                {
                    ReadCommonTableList(tokens, index, CommonTableNames, dialect);
                }
                else if (token.IsWord("FROM") && level.SawSelect && !IsDistinctFrom(index))
                {
                    // FROM inside EXTRACT(... FROM ...), SUBSTRING or TRIM stands at a level without a SELECT of its own.
                    level.InFromList = true;
                    ReadItem(index + 1);
                }
                else if (token.IsWord("JOIN") || (token.IsWord("STRAIGHT_JOIN") && level.InFromList))
                {
                    ReadItem(index + 1);
                }
                else if (token.IsSymbol(",") && level.InFromList)
                {
                    ReadItem(index + 1);
                }
                else if (token.Kind == SqlTokenKind.Word && ListEnders.Contains(token.Text))
                {
                    level.InFromList = false;
                }
            }
        }

        private bool IsDistinctFrom(int fromIndex) =>
            At(tokens, fromIndex - 1)?.IsWord("DISTINCT") == true
            && (At(tokens, fromIndex - 2)?.IsWord("IS") == true || At(tokens, fromIndex - 2)?.IsWord("NOT") == true);

        private void ReadItem(int index)
        {
            while (At(tokens, index) is { } modifier && (modifier.IsWord("ONLY") || modifier.IsWord("LATERAL")))
            {
                index++;
            }

            var first = At(tokens, index);
            if (first is null)
            {
                return;
            }

            if (first.IsSymbol("("))
            {
                // A subquery is read by the walk itself; a parenthesised join starts with its first table.
                var inner = At(tokens, index + 1);
                if (inner is not null && !inner.IsWord("SELECT") && !inner.IsWord("WITH") && !inner.IsWord("VALUES") && !inner.IsSymbol("("))
                {
                    ReadItem(index + 1);
                }

                return;
            }

            if (!IsName(first, dialect) || (first.Kind == SqlTokenKind.Word && ClauseWords.Contains(first.Text)))
            {
                return;
            }

            var parts = new List<int> { index };
            index++;
            while (At(tokens, index)?.IsSymbol(".") == true && At(tokens, index + 1) is { } part && IsName(part, dialect))
            {
                parts.Add(index + 1);
                index += 2;
            }

            // A table function (generate_series(...), json_each(...), pragma_table_info(...)) is not a table.
            if (At(tokens, index)?.IsSymbol("(") == true)
            {
                return;
            }

            var name = tokens[parts[^1]].Name;
            if (parts.Count == 1 && dialect == SqlDialect.Mysql && name.Equals("DUAL", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var schema = parts.Count == 1 ? null : string.Join('.', parts.SkipLast(1).Select(part => tokens[part].Name));
            var alias = ReadAlias(index);
            DeclarationTokens.UnionWith(parts);
            if (alias is not null)
            {
                DeclarationTokens.Add(alias.Value.Index);
            }

            Tables.Add(new TableReference(schema, name, alias?.Name));
        }

        private (string Name, int Index)? ReadAlias(int index)
        {
            if (At(tokens, index)?.IsWord("AS") == true)
            {
                index++;
            }

            var candidate = At(tokens, index);
            if (candidate is null || !IsName(candidate, dialect) || (candidate.Kind == SqlTokenKind.Word && ClauseWords.Contains(candidate.Text)))
            {
                return null;
            }

            return (candidate.Name, index);
        }
    }
}

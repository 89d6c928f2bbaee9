namespace Planck.Application.Databases.Sql;

/// <summary>
/// Decides, before a statement reaches an engine, whether it is one read-only query: one SELECT (or WITH ... SELECT), no
/// word that writes, locks, changes settings or runs other code, no function on the dialect's deny list, and the
/// database's own <see cref="SqlRules"/>. It works on tokens read the way the engine reads them (<see cref="SqlTokenizer"/>),
/// so nothing inside a string, a quoted name or a comment counts, and nothing hidden in one gets through.
/// </summary>
public static class ReadOnlySqlValidator
{
    public const string OneStatementOnly = "Only one SQL statement can run at a time.";

    public static SqlValidation Validate(string sql, SqlDialect dialect, SqlRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var scan = SqlTokenizer.Scan(sql, dialect);
        var validation = scan.Refusal is null
            ? Check(sql, scan.Tokens, dialect, rules)
            : SqlValidation.Refused(scan.Refusal, sql.Trim());
        if (!validation.Allowed || !sql.Contains('\\', StringComparison.Ordinal))
        {
            return validation;
        }

        // A backslash is read differently by servers configured differently; the statement must pass under every reading.
        foreach (var reading in AlternativeReadings(dialect))
        {
            var alternative = SqlTokenizer.Scan(sql, dialect, reading);
            var refusal = alternative switch
            {
                // A text left open is a syntax error for the server before anything runs, but a driver that splits
                // statements on the client (Npgsql, MySqlConnector) could still send a statement that ends before it.
                { Refusal: not null, Unclosed: true } => alternative.Tokens.Any(token => token.Kind == SqlTokenKind.Semicolon)
                    ? OneStatementOnly
                    : null,
                { Refusal: not null } => alternative.Refusal,
                _ => Check(sql, alternative.Tokens, dialect, rules).Refusal,
            };
            if (refusal is not null)
            {
                return SqlValidation.Refused(refusal, validation.Statement, validation.ReferencedTables);
            }
        }

        return validation;
    }

    private static SqlStringReading[] AlternativeReadings(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Postgresql => [SqlStringReading.BackslashEscapesInPlainStrings],
        SqlDialect.Mysql => [SqlStringReading.DoubleQuotedNames, SqlStringReading.NoBackslashEscapes],
        _ => [],
    };

    private static SqlValidation Check(string sql, IReadOnlyList<SqlToken> tokens, SqlDialect dialect, SqlRules? rules)
    {
        var length = tokens.Count > 0 && tokens[^1].Kind == SqlTokenKind.Semicolon ? tokens.Count - 1 : tokens.Count;
        if (length == 0)
        {
            return SqlValidation.Refused("The query is empty.", string.Empty);
        }

        var statementTokens = tokens.Take(length).ToList();
        var statement = sql[statementTokens[0].Start..statementTokens[^1].End];
        if (statementTokens.Any(token => token.Kind == SqlTokenKind.Semicolon))
        {
            return SqlValidation.Refused(OneStatementOnly, statement);
        }

        var refusal = FirstWordRefusal(statementTokens)
            ?? ForbiddenTokenRefusal(statementTokens, dialect)
            ?? WithRefusal(statementTokens, dialect);
        if (refusal is not null)
        {
            return SqlValidation.Refused(refusal, statement);
        }

        var references = SqlTableReferences.Read(statementTokens, dialect);
        refusal = rules is null ? null : SqlRuleCheck.Refusal(statementTokens, references, rules, dialect);
        return refusal is null
            ? new SqlValidation(true, null, statement, references.Names)
            : SqlValidation.Refused(refusal, statement, references.Names);
    }

    private static string? FirstWordRefusal(List<SqlToken> tokens)
    {
        var first = tokens.Find(token => !token.IsSymbol("("));
        if (first is null)
        {
            return "The query is empty.";
        }

        if (first.IsWord("SELECT") || first.IsWord("WITH"))
        {
            return null;
        }

        var word = first.Text.ToUpperInvariant();
        if (first.Kind == SqlTokenKind.Word && word == ForbiddenSql.Replace)
        {
            return KeywordRefusal(word, "writes");
        }

        return first.Kind == SqlTokenKind.Word && ForbiddenSql.Keywords.TryGetValue(word, out var what)
            ? KeywordRefusal(word, what)
            : $"Only SELECT queries can run; this statement starts with {word}.";
    }

    private static string? ForbiddenTokenRefusal(List<SqlToken> tokens, SqlDialect dialect)
    {
        var functions = ForbiddenSql.FunctionsFor(dialect);
        for (var index = 0; index < tokens.Count; index++)
        {
            var token = tokens[index];
            var next = SqlTableReferences.At(tokens, index + 1);

            // A call, also schema-qualified (pg_catalog.pg_sleep) or quoted ("pg_sleep"): the name right before "(".
            if (next?.IsSymbol("(") == true && SqlTableReferences.IsName(token, dialect)
                && functions.FirstOrDefault(function => function.Matches(token.Name)) is { } forbidden)
            {
                return $"The function {token.Name.ToLowerInvariant()} cannot be used, because it {forbidden.Why}.";
            }

            if (token.Kind == SqlTokenKind.Operator && token.Text == ":=" && dialect == SqlDialect.Mysql)
            {
                return KeywordRefusal(":=", "assigns a variable");
            }

            if (token.Kind == SqlTokenKind.Word && KeywordRefusal(tokens, index) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private static string? KeywordRefusal(List<SqlToken> tokens, int index)
    {
        // After a dot or AS a word is a name (t.start, AS lock), never a statement.
        var previous = SqlTableReferences.At(tokens, index - 1);
        if (previous is not null && (previous.IsSymbol(".") || previous.IsWord("AS")))
        {
            return null;
        }

        var word = tokens[index].Text.ToUpperInvariant();
        var next = SqlTableReferences.At(tokens, index + 1);
        if (word == "FOR" && next?.Kind == SqlTokenKind.Word && ForbiddenSql.RowLockAfterFor.Contains(next.Text))
        {
            var lockWords = tokens.Skip(index + 1).TakeWhile(token => token.Kind == SqlTokenKind.Word && ForbiddenSql.RowLockAfterFor.Contains(token.Text));
            return KeywordRefusal("FOR " + string.Join(' ', lockWords.Select(token => token.Text.ToUpperInvariant())), "locks rows");
        }

        // MariaDB's NEXT VALUE FOR sequence advances the sequence.
        if (word == "NEXT" && next?.IsWord("VALUE") == true && SqlTableReferences.At(tokens, index + 2)?.IsWord("FOR") == true)
        {
            return KeywordRefusal("NEXT VALUE FOR", "advances a sequence");
        }

        if (word == ForbiddenSql.Replace && next?.IsWord("INTO") == true)
        {
            return KeywordRefusal("REPLACE INTO", "writes");
        }

        // CAST(x AS CHAR CHARACTER SET utf8mb4) names a character set; it changes no setting.
        if (word == "SET" && previous?.IsWord("CHARACTER") == true)
        {
            return null;
        }

        return ForbiddenSql.Keywords.TryGetValue(word, out var what)
            ? KeywordRefusal(word, what, mayBeName: !ForbiddenSql.WriteKeywords.Contains(word))
            : null;
    }

    /// <summary>
    /// The sentence for a refused word. Many of these words (START, LOCK, HANDLER, LOAD) are also ordinary column names,
    /// so the sentence for those says how to write such a name: the model reads it and can try again.
    /// </summary>
    private static string KeywordRefusal(string word, string what, bool mayBeName = false) => mayBeName
        ? $"Only SELECT queries can run; this statement {what} ({word}), and a column or table with that name must be written in quotes."
        : $"Only SELECT queries can run; this statement {what} ({word}).";

    private static string? WithRefusal(List<SqlToken> tokens, SqlDialect dialect)
    {
        var withIndex = tokens.FindIndex(token => !token.IsSymbol("("));
        if (!tokens[withIndex].IsWord("WITH"))
        {
            return null;
        }

        var main = SqlTableReferences.ReadCommonTableList(tokens, withIndex, new List<string>(), dialect);
        var mainToken = SqlTableReferences.At(tokens, main);
        return mainToken is not null && (mainToken.IsWord("SELECT") || mainToken.IsSymbol("("))
            ? null
            : "A WITH query must end in a SELECT.";
    }
}

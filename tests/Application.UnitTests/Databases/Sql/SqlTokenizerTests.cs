using Planck.Application.Databases.Sql;

namespace Planck.Application.UnitTests.Databases.Sql;

public sealed class SqlTokenizerTests
{
    [Fact]
    public void Whitespace_and_comments_are_dropped_and_positions_kept()
    {
        var tokens = SqlTokenizer.Tokenize("SELECT /* c */ a -- d\n FROM t;", SqlDialect.Postgresql);

        tokens.Select(token => token.Text).ShouldBe(["SELECT", "a", "FROM", "t", ";"]);
        tokens.Select(token => token.Kind).ShouldBe(
            [SqlTokenKind.Word, SqlTokenKind.Word, SqlTokenKind.Word, SqlTokenKind.Word, SqlTokenKind.Semicolon]);
        tokens[1].Start.ShouldBe(15);
    }

    [Theory]
    [InlineData("'it''s'", SqlDialect.Postgresql, SqlTokenKind.StringLiteral, "it's")]
    [InlineData("'it''s'", SqlDialect.Sqlite, SqlTokenKind.StringLiteral, "it's")]
    [InlineData("'it''s'", SqlDialect.Mysql, SqlTokenKind.StringLiteral, "it's")]
    [InlineData("\"a \"\"b\"\"\"", SqlDialect.Mysql, SqlTokenKind.StringLiteral, "a \"b\"")]
    [InlineData("\"my col\"", SqlDialect.Postgresql, SqlTokenKind.QuotedIdentifier, "my col")]
    [InlineData("\"my col\"", SqlDialect.Sqlite, SqlTokenKind.QuotedIdentifier, "my col")]
    [InlineData("[my ]]col]", SqlDialect.Sqlite, SqlTokenKind.QuotedIdentifier, "my ")]
    [InlineData("`my ``col`", SqlDialect.Sqlite, SqlTokenKind.QuotedIdentifier, "my `col")]
    [InlineData("`my ``col`", SqlDialect.Mysql, SqlTokenKind.QuotedIdentifier, "my `col")]
    public void Quotes_follow_the_dialect_and_escape_themselves_by_doubling(string sql, SqlDialect dialect, SqlTokenKind kind, string value)
    {
        var token = SqlTokenizer.Tokenize(sql, dialect)[0];

        token.Kind.ShouldBe(kind);
        token.Name.ShouldBe(value);
    }

    [Theory]
    [InlineData("E'a\\'b' x", SqlDialect.Postgresql)]
    [InlineData("e'a\\\\' x", SqlDialect.Postgresql)]
    [InlineData("'a\\\\' x", SqlDialect.Mysql)]
    [InlineData("$$ a ' b $$ x", SqlDialect.Postgresql)]
    [InlineData("$body$ $$ ; $other$ $body$ x", SqlDialect.Postgresql)]
    public void Escaped_and_dollar_quoted_strings_are_one_token(string sql, SqlDialect dialect)
    {
        var tokens = SqlTokenizer.Tokenize(sql, dialect);

        tokens.Select(token => token.Kind).ShouldBe([SqlTokenKind.StringLiteral, SqlTokenKind.Word]);
        tokens[0].End.ShouldBe(sql.Length - 2);
    }

    [Theory]
    [InlineData("'a\\'", SqlDialect.Postgresql, "Default", true)]
    [InlineData("'a\\'", SqlDialect.Postgresql, "BackslashEscapesInPlainStrings", false)]
    [InlineData("'a\\'", SqlDialect.Mysql, "Default", false)]
    [InlineData("'a\\'", SqlDialect.Mysql, "NoBackslashEscapes", true)]
    [InlineData("\"a\\\"", SqlDialect.Mysql, "DoubleQuotedNames", true)]
    [InlineData("\"a\\\"", SqlDialect.Mysql, "Default", false)]
    public void A_backslash_before_a_quote_ends_the_text_only_where_the_server_setting_says_so(
        string sql, SqlDialect dialect, string reading, bool closes)
    {
        // The reading is internal, so the case names it.
        var scan = SqlTokenizer.Scan(sql, dialect, Enum.Parse<SqlStringReading>(reading));

        scan.Unclosed.ShouldBe(!closes);
        scan.Tokens.Count.ShouldBe(closes ? 1 : 0);
    }

    [Fact]
    public void MySQL_reads_double_quotes_as_a_string_and_the_others_as_a_name()
    {
        SqlTokenizer.Tokenize("\"x\"", SqlDialect.Mysql).ShouldHaveSingleItem().Kind.ShouldBe(SqlTokenKind.StringLiteral);
        SqlTokenizer.Tokenize("\"x\"", SqlDialect.Postgresql).ShouldHaveSingleItem().Kind.ShouldBe(SqlTokenKind.QuotedIdentifier);
    }

    [Theory]
    [InlineData("SELECT 1 # c\n, 2", SqlDialect.Mysql, 4)]
    [InlineData("SELECT 1 -- c\n, 2", SqlDialect.Mysql, 4)]
    [InlineData("SELECT 1--1", SqlDialect.Mysql, 5)]
    [InlineData("SELECT 1--1", SqlDialect.Postgresql, 2)]
    [InlineData("SELECT /* a /* b */ c */ 1", SqlDialect.Postgresql, 2)]
    [InlineData("SELECT /* a /* b */ c */ 1", SqlDialect.Mysql, 5)]
    [InlineData("SELECT /* a /* b */ c */ 1", SqlDialect.Sqlite, 5)]
    [InlineData("SELECT 1 # 2", SqlDialect.Postgresql, 4)]
    public void Comments_follow_the_dialect(string sql, SqlDialect dialect, int tokenCount)
    {
        SqlTokenizer.Tokenize(sql, dialect).Count.ShouldBe(tokenCount);
    }

    [Theory]
    [InlineData("SELECT $1", SqlDialect.Postgresql, "$1")]
    [InlineData("SELECT ?", SqlDialect.Sqlite, "?")]
    [InlineData("SELECT :name", SqlDialect.Sqlite, ":name")]
    [InlineData("SELECT @name", SqlDialect.Sqlite, "@name")]
    [InlineData("SELECT @@global.max_connections", SqlDialect.Mysql, "@@global.max_connections")]
    public void Placeholders_and_variables_are_parameters(string sql, SqlDialect dialect, string text)
    {
        var token = SqlTokenizer.Tokenize(sql, dialect)[^1];

        token.Kind.ShouldBe(SqlTokenKind.Parameter);
        token.Text.ShouldBe(text);
    }

    [Fact]
    public void Casts_and_numbers_are_read_whole()
    {
        var tokens = SqlTokenizer.Tokenize("SELECT x::numeric(10,2), 1.5e3, .5, 0xFF", SqlDialect.Postgresql);

        tokens.Where(token => token.Kind == SqlTokenKind.Number).Select(token => token.Text).ShouldBe(["10", "2", "1.5e3", ".5", "0xFF"]);
        tokens.ShouldContain(token => token.Kind == SqlTokenKind.Operator && token.Text == "::");
    }

    [Fact]
    public void A_number_followed_by_letters_is_a_number_and_a_word()
    {
        SqlTokenizer.Tokenize("SELECT 1delete", SqlDialect.Postgresql).Select(token => token.Text).ShouldBe(["SELECT", "1", "delete"]);
    }

    [Theory]
    [InlineData("SELECT 'abc", SqlDialect.Postgresql, "string that is never closed")]
    [InlineData("SELECT \"abc", SqlDialect.Sqlite, "quoted name that is never closed")]
    [InlineData("SELECT [abc", SqlDialect.Sqlite, "quoted name that is never closed")]
    [InlineData("SELECT `abc", SqlDialect.Mysql, "quoted name that is never closed")]
    [InlineData("SELECT 1 /* x", SqlDialect.Mysql, "comment that is never closed")]
    [InlineData("SELECT 1 /* /* */", SqlDialect.Postgresql, "comment that is never closed")]
    [InlineData("SELECT $q$ abc", SqlDialect.Postgresql, "dollar-quoted string that is never closed")]
    [InlineData("SELECT E'abc\\'", SqlDialect.Postgresql, "string that is never closed")]
    [InlineData("SELECT /*! 1 */", SqlDialect.Mysql, "executable comments")]
    [InlineData("SELECT /*!50000 1 */", SqlDialect.Mysql, "executable comments")]
    [InlineData("SELECT /*M!100000 1 */", SqlDialect.Mysql, "executable comments")]
    [InlineData("SELECT /*+ NO_INDEX(t) */ 1", SqlDialect.Mysql, "optimizer hints")]
    public void Text_that_cannot_be_read_safely_is_refused_with_a_sentence(string sql, SqlDialect dialect, string reason)
    {
        var failure = Should.Throw<SqlTokenizerException>(() => SqlTokenizer.Tokenize(sql, dialect));

        failure.Message.ShouldContain(reason);
        failure.Position.ShouldBeGreaterThan(0);
        ReadOnlySqlValidator.Validate(sql, dialect).Refusal.ShouldBe(failure.Message);
    }

    [Theory]
    [InlineData("SELECT $a(x) + 1", "$a(x)")]
    [InlineData("SELECT $ns::name + 1", "$ns::name")]
    [InlineData("SELECT #p + 1", "#p")]
    public void SQLite_Tcl_style_parameters_are_read_as_SQLite_reads_them(string sql, string parameter)
    {
        SqlTokenizer.Tokenize(sql, SqlDialect.Sqlite)[1].ShouldBe(new SqlToken(SqlTokenKind.Parameter, parameter, 7));
    }

    [Theory]
    [InlineData("SELECT $a(x 1", SqlDialect.Sqlite, "parameter name that SQLite cannot read")]
    [InlineData("SELECT U&\"a\" FROM t", SqlDialect.Postgresql, "Unicode escapes")]
    [InlineData("SELECT 1\0", SqlDialect.Mysql, "NUL character")]
    public void Names_an_engine_would_read_past_the_tokenizer_are_refused(string sql, SqlDialect dialect, string reason)
    {
        Should.Throw<SqlTokenizerException>(() => SqlTokenizer.Tokenize(sql, dialect)).Message.ShouldContain(reason);
    }

    [Fact]
    public void Unicode_escaped_strings_stay_allowed()
    {
        SqlTokenizer.Tokenize("SELECT U&'d\\0061t'", SqlDialect.Postgresql).Count.ShouldBe(4);
    }

    [Fact]
    public void An_executable_comment_is_only_a_comment_outside_MySQL()
    {
        SqlTokenizer.Tokenize("SELECT /*! 1 */ 2", SqlDialect.Postgresql).Select(token => token.Text).ShouldBe(["SELECT", "2"]);
    }
}

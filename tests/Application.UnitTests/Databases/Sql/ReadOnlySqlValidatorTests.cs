using Planck.Application.Databases.Sql;
using Planck.Domain.Databases;
using Planck.Tests.Fixtures.Databases;

namespace Planck.Application.UnitTests.Databases.Sql;

public sealed class ReadOnlySqlValidatorTests
{
    public static TheoryData<string, string> RefusedPayloads() =>
        Pairs(HostileSqlPayloads.All.Where(payload => !payload.StoppedByTimeout).Select(payload => (payload.Name, payload.Dialects)));

    public static TheoryData<string, string> TimeoutPayloads() =>
        Pairs(HostileSqlPayloads.All.Where(payload => payload.StoppedByTimeout).Select(payload => (payload.Name, payload.Dialects)));

    public static TheoryData<string, string> LegitimateQueries() =>
        Pairs(HostileSqlPayloads.Legitimate.Select(query => (query.Name, query.Dialects)));

    [Theory]
    [MemberData(nameof(RefusedPayloads))]
    public void Every_hostile_payload_is_refused_with_one_plain_sentence(string name, string dialect)
    {
        var validation = ReadOnlySqlValidator.Validate(HostileSqlPayloads.Named(name).Sql, Dialect(dialect));

        validation.Allowed.ShouldBeFalse();
        validation.Refusal.ShouldNotBeNullOrWhiteSpace();
        validation.Refusal.ShouldEndWith(".");
        validation.Refusal.ShouldNotContain("\n");
    }

    [Theory]
    [MemberData(nameof(TimeoutPayloads))]
    public void Blow_ups_written_as_valid_read_only_queries_are_left_to_the_engine_timeout(string name, string dialect)
    {
        var validation = ReadOnlySqlValidator.Validate(HostileSqlPayloads.Named(name).Sql, Dialect(dialect));

        validation.Allowed.ShouldBeTrue(validation.Refusal);
    }

    [Theory]
    [MemberData(nameof(LegitimateQueries))]
    public void Every_legitimate_query_is_allowed(string name, string dialect)
    {
        var validation = ReadOnlySqlValidator.Validate(HostileSqlPayloads.LegitimateNamed(name).Sql, Dialect(dialect));

        validation.Allowed.ShouldBeTrue(validation.Refusal);
        validation.Refusal.ShouldBeNull();
    }

    [Fact]
    public void The_fixture_covers_every_dialect_with_enough_payloads()
    {
        HostileSqlPayloads.All.Count.ShouldBeGreaterThanOrEqualTo(45);
        HostileSqlPayloads.Legitimate.Count.ShouldBeGreaterThanOrEqualTo(20);
        var dialects = HostileSqlPayloads.All.SelectMany(payload => payload.Dialects)
            .Concat(HostileSqlPayloads.Legitimate.SelectMany(query => query.Dialects)).ToHashSet();
        dialects.ShouldBe([HostileSqlPayloads.Postgresql, HostileSqlPayloads.Mysql, HostileSqlPayloads.Sqlite], ignoreOrder: true);
        HostileSqlPayloads.All.Select(payload => payload.Name).ShouldBeUnique();
        HostileSqlPayloads.Legitimate.Select(query => query.Name).ShouldBeUnique();
    }

    [Theory]
    [InlineData("SELECT 1; DROP TABLE users", "Only one SQL statement can run at a time.")]
    [InlineData("SELECT 1;;", "Only one SQL statement can run at a time.")]
    [InlineData("DELETE FROM users", "Only SELECT queries can run; this statement writes (DELETE).")]
    [InlineData("WITH x AS (DELETE FROM users RETURNING *) SELECT 1", "Only SELECT queries can run; this statement writes (DELETE).")]
    [InlineData("REPLACE INTO users VALUES (1)", "Only SELECT queries can run; this statement writes (REPLACE).")]
    [InlineData("SELECT * FROM users FOR NO KEY UPDATE", "Only SELECT queries can run; this statement locks rows (FOR NO KEY UPDATE).")]
    [InlineData("EXPLAIN SELECT 1", "Only SELECT queries can run; this statement starts with EXPLAIN.")]
    [InlineData("WITH x AS (SELECT 1) VALUES (1)", "A WITH query must end in a SELECT.")]
    [InlineData("SELECT pg_catalog.PG_SLEEP(1)", "The function pg_sleep cannot be used, because it pauses the server.")]
    [InlineData("", "The query is empty.")]
    [InlineData(" ; ", "The query is empty.")]
    public void The_refusal_says_why_in_plain_words(string sql, string refusal)
    {
        var validation = ReadOnlySqlValidator.Validate(sql, SqlDialect.Postgresql);

        validation.Allowed.ShouldBeFalse();
        validation.Refusal.ShouldBe(refusal);
    }

    [Fact]
    public void A_word_that_may_be_a_column_name_is_refused_with_how_to_quote_it()
    {
        var validation = ReadOnlySqlValidator.Validate("SELECT start FROM events", SqlDialect.Postgresql);

        validation.Refusal.ShouldBe(
            "Only SELECT queries can run; this statement controls transactions (START), and a column or table with that name must be written in quotes.");
        ReadOnlySqlValidator.Validate("SELECT \"start\" FROM events", SqlDialect.Postgresql).Allowed.ShouldBeTrue();
    }

    [Theory]
    [InlineData("SELECT replace(name, 'a', 'b') FROM t", true)]
    [InlineData("SELECT REPLACE (name, 'a', 'b') FROM t", true)]
    [InlineData("REPLACE INTO t VALUES (1)", false)]
    [InlineData("SELECT 1 FROM t WHERE x = 1 REPLACE INTO t VALUES (1)", false)]
    public void Replace_is_refused_as_a_statement_and_allowed_as_a_function(string sql, bool allowed)
    {
        ReadOnlySqlValidator.Validate(sql, SqlDialect.Mysql).Allowed.ShouldBe(allowed);
    }

    [Theory]
    [InlineData("SELECT sleep(1)", SqlDialect.Mysql, false)]
    [InlineData("SELECT sleep(1)", SqlDialect.Postgresql, true)]
    [InlineData("SELECT \"sleep\"(1)", SqlDialect.Mysql, false)]
    [InlineData("SELECT `sleep` (1)", SqlDialect.Mysql, false)]
    [InlineData("SELECT sleep FROM naps", SqlDialect.Mysql, true)]
    [InlineData("SELECT load_extension('x')", SqlDialect.Sqlite, false)]
    [InlineData("SELECT LO_GET(1)", SqlDialect.Postgresql, false)]
    [InlineData("SELECT lower(name) FROM t", SqlDialect.Postgresql, true)]
    [InlineData("SELECT pg_sleep /* gap */ (1)", SqlDialect.Postgresql, false)]
    [InlineData("SELECT pg_try_advisory_lock(1)", SqlDialect.Postgresql, false)]
    [InlineData("SELECT txid_current(), currval('s')", SqlDialect.Postgresql, true)]
    public void Deny_listed_functions_are_refused_per_dialect_only_when_called(string sql, SqlDialect dialect, bool allowed)
    {
        ReadOnlySqlValidator.Validate(sql, dialect).Allowed.ShouldBe(allowed);
    }

    [Theory]
    [InlineData("SELECT x FROM t WHERE y = 'It\\'s'", SqlDialect.Mysql)]
    [InlineData("SELECT 'It\\'s a lock' AS s", SqlDialect.Mysql)]
    [InlineData("SELECT 1 FROM t WHERE x LIKE 'a\\_%' ESCAPE '\\'", SqlDialect.Postgresql)]
    [InlineData("SELECT replace(path, '\\', '/') FROM files;", SqlDialect.Postgresql)]
    public void A_backslash_that_every_server_setting_reads_harmlessly_is_allowed(string sql, SqlDialect dialect)
    {
        var validation = ReadOnlySqlValidator.Validate(sql, dialect);

        validation.Allowed.ShouldBeTrue(validation.Refusal);
    }

    [Theory]
    [InlineData("SELECT 'a\\'; DELETE FROM users; -- '", SqlDialect.Mysql)]
    [InlineData("SELECT 'a\\'; DELETE FROM users; SELECT '", SqlDialect.Mysql)]
    [InlineData("SELECT \"a\\\"; DELETE FROM users; -- \"", SqlDialect.Mysql)]
    [InlineData("SELECT E'x', 'a\\'; DELETE FROM users; -- '", SqlDialect.Postgresql)]
    public void A_second_statement_that_another_server_setting_would_see_is_refused(string sql, SqlDialect dialect)
    {
        ReadOnlySqlValidator.Validate(sql, dialect).Refusal.ShouldBe(ReadOnlySqlValidator.OneStatementOnly);
    }

    [Fact]
    public void A_forbidden_function_that_another_server_setting_would_see_is_refused()
    {
        // By default the comment's quote closes the string; under NO_BACKSLASH_ESCAPES the string ends at \' and sleep runs.
        ReadOnlySqlValidator.Validate("SELECT 'a\\', sleep(10) -- '", SqlDialect.Mysql).Refusal
            .ShouldBe("The function sleep cannot be used, because it pauses the server.");
    }

    [Fact]
    public void Assignment_with_colon_equals_is_a_MySQL_refusal_only()
    {
        ReadOnlySqlValidator.Validate("SELECT @n := 1", SqlDialect.Mysql).Refusal
            .ShouldBe("Only SELECT queries can run; this statement assigns a variable (:=).");
        ReadOnlySqlValidator.Validate("SELECT make_interval(days := 1)", SqlDialect.Postgresql).Allowed.ShouldBeTrue();
    }

    [Theory]
    [InlineData("  SELECT 1 ;  ", "SELECT 1")]
    [InlineData("\n-- why\nSELECT 1 -- note\n", "SELECT 1")]
    [InlineData("SELECT /* keep */ 1;", "SELECT /* keep */ 1")]
    [InlineData("SELECT ';' AS s;", "SELECT ';' AS s")]
    public void The_statement_to_run_has_no_trailing_semicolon_and_nothing_around_it(string sql, string statement)
    {
        var validation = ReadOnlySqlValidator.Validate(sql, SqlDialect.Postgresql);

        validation.Allowed.ShouldBeTrue();
        validation.Statement.ShouldBe(statement);
    }

    [Theory]
    [InlineData("SELECT * FROM orders", "orders")]
    [InlineData("SELECT * FROM public.orders o JOIN \"Line Items\" li ON li.order_id = o.id", "public.orders|Line Items")]
    [InlineData("SELECT * FROM a, b AS bee, (SELECT 1 FROM c) sub LEFT JOIN d ON true", "a|b|c|d")]
    [InlineData("WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN customers c ON c.id = recent.customer_id", "orders|customers")]
    [InlineData("SELECT EXTRACT(YEAR FROM created_at), a IS DISTINCT FROM b FROM events", "events")]
    [InlineData("SELECT * FROM generate_series(1, 3) g, ONLY parents", "parents")]
    [InlineData("SELECT * FROM orders o WHERE EXISTS (SELECT 1 FROM refunds r WHERE r.order_id = o.id)", "orders|refunds")]
    [InlineData("SELECT * FROM orders a JOIN orders b ON a.id = b.parent_id", "orders")]
    [InlineData("SELECT * FROM a JOIN (b JOIN c ON b.id = c.id) ON a.id = b.id", "a|b|c")]
    [InlineData("SELECT * FROM t WITH ORDINALITY", "t")]
    public void Referenced_tables_are_those_after_from_and_join_without_the_statements_own_names(string sql, string tables)
    {
        var validation = ReadOnlySqlValidator.Validate(sql, SqlDialect.Postgresql);

        validation.Allowed.ShouldBeTrue(validation.Refusal);
        validation.ReferencedTables.ShouldBe(tables.Split('|'));
    }

    [Fact]
    public void MySQL_dual_and_backtick_names_are_read_as_MySQL_reads_them()
    {
        ReadOnlySqlValidator.Validate("SELECT 1 FROM DUAL", SqlDialect.Mysql).ReferencedTables.ShouldBeEmpty();
        ReadOnlySqlValidator.Validate("SELECT * FROM `shop`.`order items`", SqlDialect.Mysql).ReferencedTables.ShouldBe(["shop.order items"]);
    }

    [Theory]
    [InlineData(DatabaseType.Postgresql, SqlDialect.Postgresql)]
    [InlineData(DatabaseType.Mysql, SqlDialect.Mysql)]
    [InlineData(DatabaseType.Sqlite, SqlDialect.Sqlite)]
    [InlineData(DatabaseType.Documents, SqlDialect.Sqlite)]
    public void Each_database_type_has_its_dialect(DatabaseType type, SqlDialect dialect)
    {
        SqlDialects.For(type).ShouldBe(dialect);
    }

    internal static SqlDialect Dialect(string name) => Enum.Parse<SqlDialect>(name, ignoreCase: true);

    // One case per query and dialect, named by strings so that the test explorer lists each one.
    private static TheoryData<string, string> Pairs(IEnumerable<(string Name, IReadOnlySet<string> Dialects)> queries)
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, dialects) in queries)
        {
            foreach (var dialect in dialects)
            {
                data.Add(name, dialect);
            }
        }

        return data;
    }
}

using Planck.Application.Databases.Sql;

namespace Planck.Application.UnitTests.Databases.Sql;

public sealed class SqlRulesTests
{
    private static readonly SqlRules SalaryHidden = new(["employees.salary"], []);

    private static readonly SqlRules LiveOrdersOnly = new([], ["orders.deleted_at IS NULL"]);

    [Theory]
    [InlineData("SELECT salary FROM employees")]
    [InlineData("SELECT e.SALARY FROM employees e")]
    [InlineData("SELECT \"salary\" FROM public.employees")]
    [InlineData("SELECT avg(salary) FROM employees")]
    [InlineData("SELECT name FROM employees ORDER BY salary DESC")]
    [InlineData("SELECT x.salary FROM employees e JOIN jobs j ON j.id = e.job_id CROSS JOIN (SELECT 1) x")]
    [InlineData("WITH pay AS (SELECT salary FROM employees) SELECT * FROM pay")]
    public void A_forbidden_column_named_bare_or_qualified_is_refused(string sql)
    {
        var validation = ReadOnlySqlValidator.Validate(sql, SqlDialect.Postgresql, SalaryHidden);

        validation.Allowed.ShouldBeFalse();
        validation.Refusal.ShouldBe("The column employees.salary cannot be queried.");
    }

    [Theory]
    [InlineData("SELECT * FROM employees")]
    [InlineData("SELECT DISTINCT * FROM employees")]
    [InlineData("SELECT e.* FROM employees e")]
    [InlineData("SELECT j.title, e.* FROM employees e JOIN jobs j ON j.id = e.job_id")]
    [InlineData("SELECT j.title, * FROM employees e JOIN jobs j ON j.id = e.job_id")]
    public void A_star_over_a_table_with_a_forbidden_column_is_refused(string sql)
    {
        ReadOnlySqlValidator.Validate(sql, SqlDialect.Postgresql, SalaryHidden).Refusal
            .ShouldBe("The column employees.salary cannot be queried, so list the columns you need instead of *.");
    }

    [Theory]
    [InlineData("SELECT e FROM employees e")]
    [InlineData("SELECT row_to_json(employees) FROM employees")]
    [InlineData("SELECT e::text FROM employees AS e")]
    public void A_PostgreSQL_whole_row_reference_is_refused(string sql)
    {
        ReadOnlySqlValidator.Validate(sql, SqlDialect.Postgresql, SalaryHidden).Refusal
            .ShouldBe("The column employees.salary cannot be queried, so list the columns you need instead of the whole row.");
    }

    [Theory]
    [InlineData("SELECT name, title FROM employees")]
    [InlineData("SELECT count(*) FROM employees")]
    [InlineData("SELECT j.salary FROM employees e JOIN jobs j ON j.id = e.job_id")]
    [InlineData("SELECT salary FROM jobs")]
    [InlineData("SELECT * FROM jobs")]
    [InlineData("SELECT 'salary' AS label, name FROM employees")]
    [InlineData("SELECT e.name, e.id * 2 FROM employees e")]
    public void Other_columns_and_other_tables_stay_allowed(string sql)
    {
        var validation = ReadOnlySqlValidator.Validate(sql, SqlDialect.Postgresql, SalaryHidden);

        validation.Allowed.ShouldBeTrue(validation.Refusal);
    }

    [Fact]
    public void A_MySQL_double_quoted_name_counts_as_the_column()
    {
        // Under ANSI_QUOTES MySQL reads "salary" as the column, so it is refused whatever the server's mode.
        ReadOnlySqlValidator.Validate("SELECT \"salary\" FROM employees", SqlDialect.Mysql, SalaryHidden).Allowed.ShouldBeFalse();
        ReadOnlySqlValidator.Validate("SELECT `salary` FROM employees", SqlDialect.Mysql, SalaryHidden).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void A_schema_in_the_rule_only_matches_that_schema()
    {
        var rules = new SqlRules(["hr.employees.salary"], []);

        ReadOnlySqlValidator.Validate("SELECT salary FROM hr.employees", SqlDialect.Postgresql, rules).Allowed.ShouldBeFalse();
        ReadOnlySqlValidator.Validate("SELECT salary FROM employees", SqlDialect.Postgresql, rules).Allowed.ShouldBeFalse();
        ReadOnlySqlValidator.Validate("SELECT salary FROM sales.employees", SqlDialect.Postgresql, rules).Allowed.ShouldBeTrue();
    }

    [Theory]
    [InlineData("SELECT id FROM orders WHERE deleted_at IS NULL")]
    [InlineData("SELECT id FROM orders WHERE orders.deleted_at is null AND total > 0")]
    [InlineData("SELECT o.id FROM orders o WHERE o.DELETED_AT IS NULL")]
    [InlineData("SELECT c.name FROM customers c JOIN orders o ON o.customer_id = c.id AND o.deleted_at IS NULL")]
    [InlineData("SELECT a.id FROM orders a JOIN orders b ON b.id = a.parent_id WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL")]
    [InlineData("SELECT name FROM customers")]
    public void A_required_filter_is_found_bare_or_qualified_by_the_table_or_its_alias(string sql)
    {
        var validation = ReadOnlySqlValidator.Validate(sql, SqlDialect.Postgresql, LiveOrdersOnly);

        validation.Allowed.ShouldBeTrue(validation.Refusal);
    }

    [Theory]
    [InlineData("SELECT id FROM orders")]
    [InlineData("SELECT id FROM orders WHERE deleted_at IS NOT NULL")]
    [InlineData("SELECT o.id FROM orders o JOIN refunds r ON r.order_id = o.id WHERE r.deleted_at IS NULL")]
    [InlineData("SELECT a.id FROM orders a JOIN orders b ON b.id = a.parent_id WHERE a.deleted_at IS NULL")]
    public void A_query_over_the_table_without_its_filter_is_refused(string sql)
    {
        ReadOnlySqlValidator.Validate(sql, SqlDialect.Postgresql, LiveOrdersOnly).Refusal
            .ShouldBe("Queries over orders must include the filter orders.deleted_at IS NULL.");
    }

    [Theory]
    [InlineData("salary", "The rule for a forbidden column (salary) is not written as table.column, so an administrator must correct it.")]
    [InlineData("employees.", "The rule for a forbidden column (employees.) is not written as table.column, so an administrator must correct it.")]
    public void A_malformed_column_rule_refuses_rather_than_lets_everything_through(string rule, string refusal)
    {
        ReadOnlySqlValidator.Validate("SELECT 1", SqlDialect.Sqlite, new SqlRules([rule], [])).Refusal.ShouldBe(refusal);
    }

    [Fact]
    public void A_malformed_filter_rule_refuses_rather_than_lets_everything_through()
    {
        ReadOnlySqlValidator.Validate("SELECT 1", SqlDialect.Sqlite, new SqlRules([], ["deleted_at IS NULL"])).Refusal
            .ShouldBe("The required filter deleted_at IS NULL is not written as table.column followed by its condition, so an administrator must correct it.");
    }

    [Fact]
    public void Rules_are_checked_only_after_the_statement_is_read_only()
    {
        ReadOnlySqlValidator.Validate("DELETE FROM employees", SqlDialect.Sqlite, SalaryHidden).Refusal
            .ShouldBe("Only SELECT queries can run; this statement writes (DELETE).");
    }
}

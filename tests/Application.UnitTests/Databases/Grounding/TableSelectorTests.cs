using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Grounding;

namespace Planck.Application.UnitTests.Databases.Grounding;

public sealed class TableSelectorTests
{
    private static readonly DatabaseCatalog School = new([
        new TableBuilder(null, "regions").Id().Column("name", values: ["North", "South"]).Build(),
        new TableBuilder(null, "customers").Id().Column("name").Ref("region_id", null, "regions").Build(),
        new TableBuilder(null, "orders").Id().Ref("customer_id", null, "customers")
            .Column("status", values: ["open", "shipped", "cancelled"]).Column("placed_at", "date").Build(),
        new TableBuilder(null, "employees").Id().Column("name").Column("hire_date", "date").Build(),
        new TableBuilder(null, "students").Id().Column("name").Column("enrolled_on", "date").Build(),
        new TableBuilder(null, "courses").Id().Column("title", values: ["Algebra", "Biology"]).Build(),
        new TableBuilder(null, "enrollments").Ref("student_id", null, "students").Ref("course_id", null, "courses")
            .Key("student_id", "course_id").Build(),
        new TableBuilder(null, "rooms").Id().Column("building").Column("capacity", "integer").Build(),
        new TableBuilder(null, "invoices").Id().Ref("customer_id", null, "customers").Column("net_amount", "numeric").Build(),
        new TableBuilder(null, "audit_log").Id().Column("action").Column("at", "timestamp").Build(),
    ]);

    private static readonly GroundingHints Hints = new([
        new TableHint("customers", "Client", null, ["client", "account holder"], []),
        new TableHint("employees", null, null, ["staff"], []),
    ]);

    private const int SmallBudget = 600;

    private static List<string> Chosen(string question, int budget = SmallBudget) =>
        TableSelector.Select(question, School, Hints, budget).Tables.Select(t => t.Name).ToList();

    [Fact]
    public void A_schema_that_fits_the_budget_is_given_whole_in_catalog_order()
    {
        var selection = TableSelector.Select("anything", School, Hints, budgetCharacters: 100_000);

        selection.WholeSchema.ShouldBeTrue();
        selection.Tables.ShouldBe(School.Tables);
    }

    [Fact]
    public void The_small_budget_of_these_tests_does_not_fit_the_whole_schema()
    {
        CompactDdl.Measure(School.Tables, Hints).ShouldBeGreaterThan(SmallBudget);
        TableSelector.Select("orders", School, Hints, SmallBudget).WholeSchema.ShouldBeFalse();
    }

    [Fact]
    public void A_synonym_from_the_hints_finds_its_table()
    {
        var chosen = Chosen("How many clients do we have?");

        chosen[0].ShouldBe("customers");
        chosen.ShouldNotContain("employees");
    }

    [Fact]
    public void A_profiled_value_finds_the_table_holding_it()
    {
        Chosen("How many were canceled last week?")[0].ShouldBe("orders");
        Chosen("Who takes algebra?").ShouldContain("courses");
    }

    [Fact]
    public void Identifiers_are_split_and_stemmed_so_questions_meet_them_in_any_form()
    {
        Chosen("When were the staff hired?")[0].ShouldBe("employees");
        Chosen("Which rooms have the biggest capacities?")[0].ShouldBe("rooms");
    }

    [Fact]
    public void A_junction_joining_two_chosen_tables_is_added()
    {
        var chosen = Chosen("Which students follow the Biology course?");

        chosen.ShouldContain("students");
        chosen.ShouldContain("courses");
        chosen.ShouldContain("enrollments");
    }

    [Fact]
    public void The_tables_on_the_key_path_between_two_chosen_tables_are_added()
    {
        var chosen = Chosen("orders per region");

        chosen.ShouldContain("orders");
        chosen.ShouldContain("regions");
        chosen.ShouldContain("customers");
    }

    [Fact]
    public void Parents_of_chosen_tables_are_added_when_the_budget_allows()
    {
        Chosen("net amount of each invoice", budget: 2_000).ShouldContain("customers");
    }

    [Fact]
    public void The_selection_stays_within_the_budget_dropping_the_lowest_scored_first_and_keeping_needed_junctions()
    {
        var budget = CompactDdl.Measure(School.Tables.Where(t => t.Name is "students" or "courses" or "enrollments").ToList(), Hints)
            + CompactDdl.Separator.Length + 10;

        var selection = TableSelector.Select("students taking the Biology course, with the building and its capacity", School, Hints, budget);

        CompactDdl.Measure(selection.Tables, Hints).ShouldBeLessThanOrEqualTo(budget);
        selection.Tables.Select(t => t.Name).ShouldBe(["students", "courses", "enrollments"], ignoreOrder: true);

        // With room for it, the weakest match (building and capacity are columns of rooms) is chosen too: it was dropped, not missed.
        var roomy = budget + CompactDdl.Measure(School.Tables.Where(t => t.Name == "rooms").ToList(), Hints) + CompactDdl.Separator.Length;
        TableSelector.Select("students taking the Biology course, with the building and its capacity", School, Hints, roomy)
            .Tables.Select(t => t.Name).ShouldContain("rooms");
    }

    [Fact]
    public void The_selection_is_deterministic()
    {
        Chosen("orders and invoices of clients by region").ShouldBe(Chosen("orders and invoices of clients by region"));
    }

    [Fact]
    public void A_question_matching_nothing_gets_the_most_referenced_tables_within_budget()
    {
        var selection = TableSelector.Select("zzz qqq", School, Hints, SmallBudget);

        selection.Tables.ShouldNotBeEmpty();
        selection.Tables[0].Name.ShouldBe("customers");
        CompactDdl.Measure(selection.Tables, Hints).ShouldBeLessThanOrEqualTo(SmallBudget);
    }

    [Theory]
    [InlineData("cancelled", "canceled")]
    [InlineData("cancel", "cancelled")]
    [InlineData("categories", "category")]
    [InlineData("invoices", "invoice")]
    [InlineData("shipping", "shipped")]
    [InlineData("statuses", "status")]
    [InlineData("addresses", "address")]
    [InlineData("employees", "employee")]
    [InlineData("hiring", "hire")]
    public void Word_forms_share_a_stem(string one, string other)
    {
        Keywords.Stem(one).ShouldBe(Keywords.Stem(other));
    }

    [Theory]
    [InlineData("order_lines", new[] { "order", "lines" })]
    [InlineData("orderLines", new[] { "order", "lines" })]
    [InlineData("OrderLines", new[] { "order", "lines" })]
    [InlineData("HTTPServerLog", new[] { "http", "server", "log" })]
    public void Identifiers_split_at_underscores_and_humps(string identifier, string[] words)
    {
        Keywords.Words(identifier).ShouldBe(words);
    }
}

using Planck.Application.Databases.Catalog;
using Planck.Application.Databases.Sql;

namespace Planck.Application.UnitTests.Databases.Sql;

public sealed class UnknownNameHintTests
{
    private static readonly DatabaseCatalog Shop = new(
    [
        Table("public", "orders", "id", "customer_id", "total_amount", "created_at"),
        Table("public", "customers", "id", "name", "email"),
        Table("public", "order_items", "order_id", "product_id", "quantity"),
    ]);

    [Theory]
    [InlineData("42703: column \"totl_amount\" does not exist", "Did you mean orders.total_amount?")]
    [InlineData("42703: column o.total does not exist", "Did you mean orders.total_amount?")]
    [InlineData("Unknown column 'o.total_amout' in 'field list'", "Did you mean orders.total_amount?")]
    [InlineData("Unknown column 'emial' in 'where clause'", "Did you mean customers.email?")]
    [InlineData("SQLite Error 1: 'no such column: created'.", "Did you mean orders.created_at?")]
    public void An_unknown_column_gets_the_nearest_catalog_columns(string error, string hint)
    {
        UnknownNameHint.From(error, Shop).ShouldBe(hint);
    }

    [Theory]
    [InlineData("42P01: relation \"order\" does not exist", "Did you mean public.orders or public.order_items?")]
    [InlineData("Table 'shop.customer' doesn't exist", "Did you mean public.customers?")]
    [InlineData("SQLite Error 1: 'no such table: main.costumers'.", "Did you mean public.customers?")]
    public void An_unknown_table_gets_the_nearest_catalog_tables(string error, string hint)
    {
        UnknownNameHint.From(error, Shop).ShouldBe(hint);
    }

    [Fact]
    public void At_most_three_names_are_suggested()
    {
        var hint = UnknownNameHint.From("column \"id\" does not exist", Shop);

        hint.ShouldNotBeNull();
        hint.ShouldStartWith("Did you mean ");
        hint.Split(", ").Length.ShouldBe(2);
        hint.ShouldContain(" or ");
    }

    [Theory]
    [InlineData("syntax error at or near \"SELEC\"")]
    [InlineData("column \"zzzzzz\" does not exist")]
    [InlineData("")]
    public void Nothing_is_suggested_when_no_name_is_unknown_or_nothing_is_near(string error)
    {
        UnknownNameHint.From(error, Shop).ShouldBeNull();
    }

    [Fact]
    public void An_empty_catalog_suggests_nothing()
    {
        UnknownNameHint.From("no such table: orders", DatabaseCatalog.Empty).ShouldBeNull();
    }

    private static CatalogTable Table(string schema, string name, params string[] columns) =>
        new(schema, name, CatalogTableKind.Table, null, null,
            columns.Select(column => new CatalogColumn(column, "text", true, null, null)).ToList(), [], []);
}

using Planck.Infrastructure.Documents.Extraction;
using Planck.Infrastructure.Documents.Processing;

namespace Planck.Infrastructure.IntegrationTests.Documents.Processing;

public sealed class TableJsonTests
{
    [Fact]
    public void A_row_keeps_each_cell_as_its_json_type_with_dates_in_iso_8601()
    {
        using var json = new TableJson();

        var row = json.Row(["Zürich", 3.25, 42.0, true, null, new DateTime(2026, 3, 14), new DateTime(2026, 3, 14, 9, 30, 5)]);

        row.ShouldBe("""["Zürich",3.25,42,true,null,"2026-03-14","2026-03-14T09:30:05"]""");
    }

    [Fact]
    public void Numbers_json_cannot_hold_become_empty_cells()
    {
        using var json = new TableJson();

        json.Row([double.NaN, double.PositiveInfinity]).ShouldBe("[null,null]");
    }

    [Fact]
    public void Rows_written_one_after_another_do_not_run_into_each_other()
    {
        using var json = new TableJson();

        json.Row(["a", "quote \" inside"]).ShouldBe("""["a","quote \" inside"]""");
        json.Row([1.0]).ShouldBe("[1]");
    }

    [Fact]
    public void Columns_are_an_array_of_names_and_types()
    {
        TableJson.Columns([new TableColumn("Region", "string"), new TableColumn("Amount", "number")])
            .ShouldBe("""[{"name":"Region","type":"string"},{"name":"Amount","type":"number"}]""");
    }
}

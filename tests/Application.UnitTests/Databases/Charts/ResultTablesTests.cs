using Planck.Application.Chat.Streaming;
using Planck.Application.Databases.Charts;
using Planck.Application.Databases.Engines;

namespace Planck.Application.UnitTests.Databases.Charts;

public sealed class ResultTablesTests
{
    private static ResultColumn Col(string name, ResultKind kind) => new(name, "engine type", kind);

    [Fact]
    public void Kinds_map_to_the_table_blocks_column_types()
    {
        var result = new QueryResult(
            [
                Col("n", ResultKind.WholeNumber), Col("x", ResultKind.Number), Col("ok", ResultKind.Boolean),
                Col("d", ResultKind.Date), Col("t", ResultKind.DateTime), Col("s", ResultKind.Text), Col("o", ResultKind.Other),
            ],
            [], Truncated: false, TimeSpan.Zero);

        var (table, _) = ResultTables.ToTableBlock(result, "Result");

        table.Columns.Select(c => c.Type).ShouldBe(["number", "number", "boolean", "date", "date", "string", "string"]);
        table.Title.ShouldBe("Result");
    }

    [Fact]
    public void Cells_are_written_as_the_table_block_documents()
    {
        var id = Guid.Parse("0b8f6c9e-2f7a-4b44-9d5e-1f2a3b4c5d6e");
        var result = new QueryResult(
            [
                Col("n", ResultKind.WholeNumber), Col("x", ResultKind.Number), Col("ok", ResultKind.Boolean),
                Col("d", ResultKind.Date), Col("t", ResultKind.DateTime), Col("s", ResultKind.Text), Col("o", ResultKind.Other),
            ],
            [
                [42L, 1.25m, true, new DateOnly(2024, 2, 29), new DateTime(2024, 2, 29, 13, 5, 7, 250, DateTimeKind.Utc), "hé", id],
                [null, null, null, null, new DateTime(2024, 3, 1, 0, 0, 0, DateTimeKind.Unspecified), null, new byte[] { 1, 171 }],
            ],
            Truncated: true, TimeSpan.Zero);

        var (table, truncated) = ResultTables.ToTableBlock(result, null);

        truncated.ShouldBeTrue();
        table.Rows[0].ShouldBe([42.0, 1.25, true, "2024-02-29", "2024-02-29T13:05:07.25Z", "hé", id.ToString()]);
        table.Rows[1].ShouldBe([null, null, null, null, "2024-03-01T00:00:00", null, "0x01AB"]);
        table.Rows[0][0].ShouldBeOfType<double>();
    }

    [Fact]
    public void A_whole_result_is_not_marked_truncated()
    {
        var result = new QueryResult([Col("n", ResultKind.WholeNumber)], [[1L]], Truncated: false, TimeSpan.Zero);

        ResultTables.ToTableBlock(result, null).Truncated.ShouldBeFalse();
    }

    [Fact]
    public void A_number_that_json_cannot_carry_is_kept_as_text()
    {
        var result = new QueryResult([Col("x", ResultKind.Number)], [[double.NaN]], Truncated: false, TimeSpan.Zero);

        ResultTables.ToTableBlock(result, null).Table.Rows[0][0].ShouldBe("NaN");
    }

    [Fact]
    public void The_block_serialises_as_the_api_table()
    {
        var result = new QueryResult([Col("n", ResultKind.WholeNumber)], [[3L]], Truncated: false, TimeSpan.Zero);

        var (table, _) = ResultTables.ToTableBlock(result, null);

        table.ShouldBe(new TableBlock([new TableColumn("n", "number")], [[3.0]], null));
    }
}

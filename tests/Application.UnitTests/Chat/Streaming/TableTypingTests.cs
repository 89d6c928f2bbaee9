using Planck.Application.Chat.Streaming;

namespace Planck.Application.UnitTests.Chat.Streaming;

public sealed class TableTypingTests
{
    [Theory]
    [InlineData("1,234,567.25", 1234567.25)]
    [InlineData("-0.5", -0.5)]
    [InlineData("+3", 3.0)]
    [InlineData("1e3", 1000.0)]
    public void A_column_of_invariant_numbers_is_a_number_column(string cell, double value)
    {
        var table = SingleTable($"| v |\n|---|\n| {cell} |\n");

        table.Columns.ShouldBe([new TableColumn("v", "number")]);
        table.Rows[0][0].ShouldBe(value);
    }

    [Theory]
    [InlineData("12%")]
    [InlineData("1,23")]
    [InlineData("$5")]
    [InlineData("1.2.3")]
    public void A_number_with_a_unit_or_misplaced_separators_keeps_the_column_a_string(string cell)
    {
        var table = SingleTable($"| v |\n|---|\n| 7 |\n| {cell} |\n");

        table.Columns.ShouldBe([new TableColumn("v", "string")]);
        table.Rows[0][0].ShouldBe("7");
        table.Rows[1][0].ShouldBe(cell);
    }

    [Fact]
    public void Yes_no_true_false_in_any_case_is_a_boolean_column()
    {
        var table = SingleTable("| ok |\n|---|\n| Yes |\n| NO |\n| true |\n| False |\n");

        table.Columns.ShouldBe([new TableColumn("ok", "boolean")]);
        table.Rows.Select(r => r[0]).ShouldBe([true, false, true, false]);
    }

    [Fact]
    public void An_invalid_calendar_date_keeps_the_column_a_string()
    {
        var table = SingleTable("| d |\n|---|\n| 2024-02-30 |\n");

        table.Columns.ShouldBe([new TableColumn("d", "string")]);
    }

    [Fact]
    public void A_column_with_only_empty_cells_is_a_string_column_of_nulls()
    {
        var table = SingleTable("| a | b |\n|---|---|\n| x | |\n| y |\n");

        table.Columns.ShouldBe([new TableColumn("a", "string"), new TableColumn("b", "string")]);
        table.Rows.ShouldAllBe(row => row[1] == null);
    }

    [Fact]
    public void Rows_longer_than_the_header_are_cut_and_the_header_may_omit_the_trailing_pipe()
    {
        var table = SingleTable("| a | b\n|:-|-:\n| 1 | 2 | 3 |\n");

        table.Columns.Count.ShouldBe(2);
        table.Rows[0].ShouldBe([1.0, 2.0]);
    }

    [Fact]
    public void A_delimiter_row_with_a_different_cell_count_is_not_a_table()
    {
        MarkdownBlockSplitter.Split("| a | b |\n|---|\n| 1 | 2 |").ShouldBe([new TextBlock("| a | b |\n|---|\n| 1 | 2 |")]);
    }

    [Fact]
    public void A_header_with_no_body_rows_is_an_empty_table()
    {
        var table = SingleTable("| a |\n|---|");

        table.Columns.ShouldBe([new TableColumn("a", "string")]);
        table.Rows.ShouldBeEmpty();
        table.Title.ShouldBeNull();
    }

    private static TableBlock SingleTable(string markdown) =>
        MarkdownBlockSplitter.Split(markdown).ShouldHaveSingleItem().ShouldBeOfType<TableBlock>();
}

using System.Text.Json;
using Planck.Application.Chat.Streaming;
using Planck.Application.Databases.Charts;
using Planck.Application.Databases.Engines;

namespace Planck.Application.UnitTests.Databases.Charts;

public sealed class ChartBuilderTests
{
    private static ResultColumn Col(string name, ResultKind kind) => new(name, kind.ToString(), kind);

    private static QueryResult Result(ResultColumn[] columns, params object?[][] rows) =>
        new(columns, rows, Truncated: false, TimeSpan.Zero);

    private static JsonElement Build(QueryResult result, string? title = null, ChartPreferences? preferences = null)
    {
        var spec = ChartBuilder.Build(result, title, preferences);
        spec.ShouldNotBeNull();
        return spec.Value;
    }

    private static string Mark(JsonElement spec) =>
        spec.GetProperty("mark") is { ValueKind: JsonValueKind.Object } mark ? mark.GetProperty("type").GetString()! : spec.GetProperty("mark").GetString()!;

    private static QueryResult MonthlyRevenue() => Result(
        [Col("month", ResultKind.Date), Col("revenue", ResultKind.Number)],
        [new DateOnly(2024, 1, 1), 120.5m],
        [new DateOnly(2024, 2, 1), 99m],
        [new DateOnly(2024, 3, 1), 140m]);

    [Fact]
    public void A_date_and_a_measure_make_a_temporal_line_with_the_data_inline()
    {
        var spec = Build(MonthlyRevenue(), "Revenue by month");

        spec.GetProperty("$schema").GetString().ShouldBe("https://vega.github.io/schema/vega-lite/v5.json");
        spec.GetProperty("title").GetString().ShouldBe("Revenue by month");
        Mark(spec).ShouldBe("line");
        var x = spec.GetProperty("encoding").GetProperty("x");
        x.GetProperty("field").GetString().ShouldBe("month");
        x.GetProperty("type").GetString().ShouldBe("temporal");
        x.GetProperty("scale").GetProperty("type").GetString().ShouldBe("utc");
        x.TryGetProperty("timeUnit", out _).ShouldBeFalse();
        spec.GetProperty("encoding").GetProperty("y").GetProperty("type").GetString().ShouldBe("quantitative");
        var values = spec.GetProperty("data").GetProperty("values");
        values.GetArrayLength().ShouldBe(3);
        values[0].GetProperty("month").GetString().ShouldBe("2024-01-01");
        values[0].GetProperty("revenue").GetDouble().ShouldBe(120.5);
    }

    [Fact]
    public void The_preferred_time_unit_applies_when_it_keeps_every_row_its_own_point()
    {
        var spec = Build(MonthlyRevenue(), preferences: new ChartPreferences("month"));

        spec.GetProperty("encoding").GetProperty("x").GetProperty("timeUnit").GetString().ShouldBe("utcyearmonth");
    }

    [Fact]
    public void A_preferred_unit_coarser_than_the_data_is_not_applied_because_it_would_merge_rows()
    {
        var daily = Result(
            [Col("day", ResultKind.Date), Col("average_price", ResultKind.Number)],
            [new DateOnly(2024, 1, 1), 10.0],
            [new DateOnly(2024, 1, 2), 12.0]);

        var spec = Build(daily, preferences: new ChartPreferences("month"));

        spec.GetProperty("encoding").GetProperty("x").TryGetProperty("timeUnit", out _).ShouldBeFalse();
    }

    [Fact]
    public void Date_times_are_written_as_utc_iso_8601()
    {
        var result = Result(
            [Col("at", ResultKind.DateTime), Col("n", ResultKind.WholeNumber)],
            [new DateTime(2024, 5, 1, 10, 30, 0, DateTimeKind.Unspecified), 3L],
            [new DateTime(2024, 5, 1, 11, 0, 0, DateTimeKind.Utc), 4L]);

        var values = Build(result).GetProperty("data").GetProperty("values");

        values[0].GetProperty("at").GetString().ShouldBe("2024-05-01T10:30:00Z");
        values[1].GetProperty("at").GetString().ShouldBe("2024-05-01T11:00:00Z");
    }

    [Fact]
    public void Text_holding_iso_months_counts_as_time()
    {
        var result = Result(
            [Col("month", ResultKind.Text), Col("orders", ResultKind.WholeNumber)],
            ["2024-01", 5L],
            ["2024-02", 7L]);

        var spec = Build(result);

        Mark(spec).ShouldBe("line");
        spec.GetProperty("data").GetProperty("values")[1].GetProperty("month").GetString().ShouldBe("2024-02-01");
    }

    [Fact]
    public void Time_category_and_measure_make_a_line_coloured_by_the_category()
    {
        var result = Result(
            [Col("month", ResultKind.Date), Col("region", ResultKind.Text), Col("revenue", ResultKind.Number)],
            [new DateOnly(2024, 1, 1), "North", 1.0],
            [new DateOnly(2024, 1, 1), "South", 2.0],
            [new DateOnly(2024, 2, 1), "North", 3.0],
            [new DateOnly(2024, 2, 1), "South", 4.0]);

        var spec = Build(result);

        Mark(spec).ShouldBe("line");
        var color = spec.GetProperty("encoding").GetProperty("color");
        color.GetProperty("field").GetString().ShouldBe("region");
        color.GetProperty("type").GetString().ShouldBe("nominal");
    }

    [Fact]
    public void A_category_and_a_measure_make_a_bar_sorted_by_the_measure_descending()
    {
        var result = Result(
            [Col("country", ResultKind.Text), Col("customers", ResultKind.WholeNumber)],
            ["FR", 10L],
            ["DE", 30L],
            ["IT", 20L]);

        var spec = Build(result);

        Mark(spec).ShouldBe("bar");
        var x = spec.GetProperty("encoding").GetProperty("x");
        x.GetProperty("type").GetString().ShouldBe("nominal");
        x.GetProperty("sort").GetString().ShouldBe("-y");
    }

    [Fact]
    public void Categories_already_in_their_own_order_keep_it()
    {
        var result = Result(
            [Col("grade", ResultKind.Text), Col("students", ResultKind.WholeNumber)],
            ["A", 3L],
            ["B", 9L],
            ["C", 5L]);

        Build(result).GetProperty("encoding").GetProperty("x").GetProperty("sort").GetString().ShouldBe("ascending");
    }

    [Fact]
    public void An_id_column_is_a_category_not_a_measure()
    {
        var result = Result(
            [Col("customer_id", ResultKind.WholeNumber), Col("spent", ResultKind.Number)],
            [7L, 10.0],
            [9L, 20.0]);

        var spec = Build(result);

        Mark(spec).ShouldBe("bar");
        spec.GetProperty("encoding").GetProperty("x").GetProperty("field").GetString().ShouldBe("customer_id");
    }

    [Fact]
    public void Two_measures_without_category_or_time_make_a_scatter()
    {
        var result = Result(
            [Col("price", ResultKind.Number), Col("units_sold", ResultKind.WholeNumber)],
            [1.5, 100L],
            [2.5, 80L],
            [3.0, 20L]);

        var spec = Build(result);

        Mark(spec).ShouldBe("point");
        spec.GetProperty("encoding").GetProperty("x").GetProperty("field").GetString().ShouldBe("price");
        spec.GetProperty("encoding").GetProperty("y").GetProperty("field").GetString().ShouldBe("units_sold");
    }

    [Fact]
    public void Dots_and_brackets_in_column_names_are_escaped_in_fields_but_not_in_data_or_titles()
    {
        var result = Result(
            [Col("o.country", ResultKind.Text), Col("sum[total]", ResultKind.Number)],
            ["FR", 1.0],
            ["DE", 2.0]);

        var spec = Build(result);

        var x = spec.GetProperty("encoding").GetProperty("x");
        x.GetProperty("field").GetString().ShouldBe("o\\.country");
        x.GetProperty("title").GetString().ShouldBe("o.country");
        spec.GetProperty("encoding").GetProperty("y").GetProperty("field").GetString().ShouldBe("sum\\[total\\]");
        spec.GetProperty("data").GetProperty("values")[0].GetProperty("o.country").GetString().ShouldBe("FR");
    }

    [Fact]
    public void A_column_named_url_gets_a_data_key_the_chart_check_accepts()
    {
        var result = Result(
            [Col("url", ResultKind.Text), Col("visits", ResultKind.WholeNumber)],
            ["/a", 1L],
            ["/b", 2L]);

        var spec = Build(result);

        spec.GetProperty("encoding").GetProperty("x").GetProperty("field").GetString().ShouldBe("url_");
        spec.GetProperty("encoding").GetProperty("x").GetProperty("title").GetString().ShouldBe("url");
    }

    [Fact]
    public void The_built_spec_passes_the_same_check_as_a_model_written_chart()
    {
        var spec = Build(MonthlyRevenue());

        VisualFences.TryBuild(VisualKind.Chart, spec.GetRawText()).ShouldBeOfType<ChartBlock>();
    }

    [Fact]
    public void No_chart_for_zero_rows()
    {
        ChartBuilder.Build(Result([Col("country", ResultKind.Text), Col("n", ResultKind.WholeNumber)]), null, null).ShouldBeNull();
    }

    [Fact]
    public void No_chart_for_a_single_row_or_a_single_value()
    {
        ChartBuilder.Build(Result([Col("n", ResultKind.WholeNumber)], [42L]), null, null).ShouldBeNull();
        ChartBuilder.Build(Result([Col("country", ResultKind.Text), Col("n", ResultKind.WholeNumber)], ["FR", 1L]), null, null).ShouldBeNull();
    }

    [Fact]
    public void No_chart_without_a_numeric_measure()
    {
        var result = Result([Col("name", ResultKind.Text), Col("country", ResultKind.Text)], ["a", "FR"], ["b", "DE"]);

        ChartBuilder.Build(result, null, null).ShouldBeNull();
    }

    [Fact]
    public void No_bar_for_more_than_twenty_categories()
    {
        var rows = Enumerable.Range(0, 21).Select(i => new object?[] { $"product {i}", (long)i }).ToArray();

        ChartBuilder.Build(Result([Col("product", ResultKind.Text), Col("sold", ResultKind.WholeNumber)], rows), null, null).ShouldBeNull();
    }

    [Fact]
    public void No_chart_for_a_single_measure_column_without_dimension()
    {
        ChartBuilder.Build(Result([Col("n", ResultKind.WholeNumber)], [1L], [2L]), null, null).ShouldBeNull();
    }

    [Fact]
    public void No_chart_for_a_truncated_result()
    {
        var full = MonthlyRevenue();

        ChartBuilder.Build(full with { Truncated = true }, null, null).ShouldBeNull();
    }

    [Fact]
    public void No_chart_for_more_rows_than_the_chart_draws()
    {
        var rows = Enumerable.Range(0, ChartBuilder.MaxRows + 1)
            .Select(i => new object?[] { new DateOnly(2020, 1, 1).AddDays(i), (double)i }).ToArray();

        ChartBuilder.Build(Result([Col("day", ResultKind.Date), Col("v", ResultKind.Number)], rows), null, null).ShouldBeNull();
    }

    [Fact]
    public void No_bar_when_several_rows_share_a_category_and_nothing_tells_them_apart()
    {
        var result = Result(
            [Col("country", ResultKind.Text), Col("price", ResultKind.Number)],
            ["FR", 1.0],
            ["FR", 2.0],
            ["DE", 3.0]);

        ChartBuilder.Build(result, null, null).ShouldBeNull();
    }
}

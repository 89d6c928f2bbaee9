using System.Text.Json;
using Planck.Application.Chat.Streaming;

namespace Planck.Application.UnitTests.Chat.Streaming;

/// <summary>Representative model answers and the blocks each must become.</summary>
internal static class SplitterAnswers
{
    public static readonly Dictionary<string, (string Markdown, ContentBlock[] Expected)> All = new()
    {
        ["plain text"] = (
            "Hello, world.\nSecond line with `inline` code and a | pipe.\n",
            [new TextBlock("Hello, world.\nSecond line with `inline` code and a | pipe.")]),

        ["text, code, text"] = (
            "Here is code:\n\n```python\nprint('hi')\nx = 1\n```\n\nThat prints hi.",
            [new TextBlock("Here is code:"), new CodeBlock("python", "print('hi')\nx = 1"), new TextBlock("That prints hi.")]),

        ["typed table"] = (
            "Results:\n\n| Name | Amount | Active | Since | Note |\n|---|--:|:-:|---|---|\n"
            + "| Alice | 1,234.5 | yes | 2024-01-31 | a \\| b |\n| Bob | -7 | false | | |\n| Carol | | true | 2023-12-01 | x |\n\nDone.",
            [
                new TextBlock("Results:"),
                Table(
                    [("Name", "string"), ("Amount", "number"), ("Active", "boolean"), ("Since", "date"), ("Note", "string")],
                    ["Alice", 1234.5, true, "2024-01-31", "a | b"],
                    ["Bob", -7.0, false, null, null],
                    ["Carol", null, true, "2023-12-01", "x"]),
                new TextBlock("Done."),
            ]),

        ["two code blocks in a row"] = (
            "```js\na();\n```\n```\nb\n\n```\n",
            [new CodeBlock("js", "a();"), new CodeBlock("", "b\n")]),

        ["fence inside a longer fence"] = (
            "````markdown\n```\ninner\n```\n````\nafter",
            [new CodeBlock("markdown", "```\ninner\n```"), new TextBlock("after")]),

        ["unclosed fence"] = (
            "Start\n~~~sh\necho 1\n  echo 2",
            [new TextBlock("Start"), new CodeBlock("sh", "echo 1\n  echo 2")]),

        ["pipe lines that are not a table"] = (
            "| not a table\njust text\n|x|y|\n|x|y|\n",
            [new TextBlock("| not a table\njust text\n|x|y|\n|x|y|")]),

        ["a lone pipe line before a real table"] = (
            "| lone\n| a | b\n| - | - |\n| 1 | 2\n",
            [new TextBlock("| lone"), Table([("a", "number"), ("b", "number")], [1.0, 2.0])]),

        ["CRLF line endings"] = (
            "Intro\r\n\r\n```cs\r\nvar x = 1;\r\nvar y = 2;\r\n```\r\n| a | b |\r\n|---|---|\r\n| 1 | x |\r\nEnd\r\n",
            [
                new TextBlock("Intro"),
                new CodeBlock("cs", "var x = 1;\r\nvar y = 2;"),
                Table([("a", "number"), ("b", "string")], [1.0, "x"]),
                new TextBlock("End"),
            ]),

        ["backticks that do not open a fence"] = (
            "Use ``` like this: ```inline``` \n   ``not a fence\n    ```indented",
            [new TextBlock("Use ``` like this: ```inline``` \n   ``not a fence\n    ```indented")]),

        ["a chart between text"] = (
            "Revenue by region:\n\n```vega-lite\n" + ChartJson + "\n```\n\nEurope leads.",
            [new TextBlock("Revenue by region:"), Chart(ChartJson, "Revenue"), new TextBlock("Europe leads.")]),

        ["a map with CRLF line endings"] = (
            "Offices:\r\n```geojson\r\n" + MapJson.ReplaceLineEndings("\r\n") + "\r\n```\r\n",
            [new TextBlock("Offices:"), Map(MapJson, "Offices")]),

        ["text, code, table, chart, map, text"] = (
            "Growth was **12%** [1], see [the site](https://example.com).\n\n```python\nprint(1)\n```\n\n| Region | Revenue |\n| --- | ---: |\n| Europe | 120 |\n| Asia | 80 |\n\n"
            + "~~~~VegaLite\n" + ChartJson + "\n~~~~\n```geo+json\n" + MapJson + "\n```\nThat is all [1].",
            [
                new TextBlock("Growth was **12%** [1], see [the site](https://example.com)."),
                new CodeBlock("python", "print(1)"),
                Table([("Region", "string"), ("Revenue", "number")], ["Europe", 120.0], ["Asia", 80.0]),
                Chart(ChartJson, "Revenue"),
                Map(MapJson, "Offices"),
                new TextBlock("That is all [1]."),
            ]),

        ["a chart that loads a url stays code"] = (
            "Chart:\n```vega-lite\n{\"data\": {\"url\": \"https://evil.example/d.json\"}, \"mark\": \"bar\"}\n```\nafter",
            [new TextBlock("Chart:"), new CodeBlock("vega-lite", "{\"data\": {\"url\": \"https://evil.example/d.json\"}, \"mark\": \"bar\"}"), new TextBlock("after")]),

        ["an unclosed chart fence is code"] = (
            "Chart:\n```vega-lite\n" + ChartJson,
            [new TextBlock("Chart:"), new CodeBlock("vega-lite", ChartJson)]),
    };

    public const string ChartJson =
        """
        {
          "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
          "title": "Revenue",
          "data": {"values": [{"region": "Europe", "revenue": 120}, {"region": "Asia", "revenue": 80}]},
          "mark": "bar",
          "encoding": {"x": {"field": "region", "type": "nominal"}, "y": {"field": "revenue", "type": "quantitative"}}
        }
        """;

    public const string MapJson =
        """
        {"type": "FeatureCollection", "name": "Offices", "features": [
          {"type": "Feature", "properties": {"name": "Paris"}, "geometry": {"type": "Point", "coordinates": [2.35, 48.86]}},
          {"type": "Feature", "properties": {"name": "Area"}, "geometry": {"type": "Polygon", "coordinates": [[[2, 48], [13, 48], [13, 53], [2, 48]]]}}
        ]}
        """;

    public static ChartBlock Chart(string json, string? title) => new(JsonDocument.Parse(json).RootElement.Clone(), title);

    public static MapBlock Map(string json, string? title) => new(JsonDocument.Parse(json).RootElement.Clone(), title);

    public static TheoryData<string> Names => [.. All.Keys];

    public static TableBlock Table((string Name, string Type)[] columns, params object?[][] rows) =>
        new([.. columns.Select(c => new TableColumn(c.Name, c.Type))], rows, Title: null);
}

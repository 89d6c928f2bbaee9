using System.Globalization;
using System.Text;
using System.Text.Json;
using Planck.Application.Chat.Streaming;

namespace Planck.Application.UnitTests.Chat.Streaming;

public sealed class VisualFencesTests
{
    private const string Bar = "\"mark\": \"bar\", \"encoding\": {\"x\": {\"field\": \"a\", \"type\": \"nominal\"}}";
    private const string Rows = "\"data\": {\"values\": [{\"a\": \"x\"}]}";

    [Theory]
    [InlineData("vega-lite", VisualKind.Chart)]
    [InlineData("VegaLite", VisualKind.Chart)]
    [InlineData("vega-lite+json", VisualKind.Chart)]
    [InlineData("vegalite.json", VisualKind.Chart)]
    [InlineData("geojson", VisualKind.Map)]
    [InlineData("geo+json", VisualKind.Map)]
    [InlineData("json", VisualKind.None)]
    [InlineData("vega", VisualKind.None)]
    [InlineData("", VisualKind.None)]
    public void A_fence_language_names_a_chart_a_map_or_neither(string language, VisualKind expected) =>
        VisualFences.KindOf(language).ShouldBe(expected);

    [Theory]
    [InlineData("{" + Rows + ", " + Bar + "}", null)]
    [InlineData("{\"$schema\": \"https://vega.github.io/schema/vega-lite/v5.17.0.json\", \"title\": {\"text\": \"Sales\"}, " + Rows + ", " + Bar + "}", "Sales")]
    [InlineData("{\"title\": \"Layers\", \"layer\": [{" + Rows + ", " + Bar + "}, {\"data\": null, \"mark\": \"rule\"}]}", "Layers")]
    [InlineData("{" + Rows + ", \"hconcat\": [{" + Bar + "}]}", null)]
    [InlineData("{" + Rows + ", \"facet\": {\"field\": \"a\"}, \"spec\": {" + Bar + "}}", null)]
    [InlineData("{" + Rows + ", \"repeat\": [\"a\"], \"spec\": {" + Bar + "},}", null)]
    [InlineData("{" + Rows + ", /* a model's comment */ " + Bar + "}", null)]
    public void A_self_contained_vega_lite_spec_becomes_a_chart_with_its_title(string spec, string? title)
    {
        var chart = MarkdownBlockSplitter.Split($"```vega-lite\n{spec}\n```").ShouldHaveSingleItem().ShouldBeOfType<ChartBlock>();

        chart.Title.ShouldBe(title);
        chart.Spec.ValueKind.ShouldBe(JsonValueKind.Object);
    }

    [Theory]
    [InlineData("data url", "{\"data\": {\"url\": \"https://evil.example/data.json\"}, " + Bar + "}")]
    [InlineData("url beside inline values", "{\"data\": {\"values\": [], \"url\": \"data.csv\"}, " + Bar + "}")]
    [InlineData("a layer's data url", "{\"layer\": [{" + Rows + ", " + Bar + "}, {\"data\": {\"url\": \"x.json\"}, \"mark\": \"line\"}]}")]
    [InlineData("a lookup from a url", "{" + Rows + ", \"transform\": [{\"lookup\": \"a\", \"from\": {\"data\": {\"url\": \"b.csv\"}, \"key\": \"a\"}}], " + Bar + "}")]
    [InlineData("an image mark's url", "{" + Rows + ", \"mark\": \"image\", \"encoding\": {\"url\": {\"value\": \"https://evil.example/i.png\"}}}")]
    [InlineData("a link channel", "{" + Rows + ", \"mark\": \"bar\", \"encoding\": {\"HREF\": {\"field\": \"a\"}}}")]
    [InlineData("usermeta", "{" + Rows + ", " + Bar + ", \"usermeta\": {\"embedOptions\": {\"editorUrl\": \"https://evil.example\"}}}")]
    [InlineData("a Vega-Lite v4 schema", "{\"$schema\": \"https://vega.github.io/schema/vega-lite/v4.json\", " + Rows + ", " + Bar + "}")]
    [InlineData("a schema elsewhere", "{\"$schema\": \"https://evil.example/vega-lite/v5.json\", " + Rows + ", " + Bar + "}")]
    [InlineData("named data", "{\"data\": {\"name\": \"table\"}, " + Bar + "}")]
    [InlineData("values that are not an array", "{\"data\": {\"values\": \"a,b\\n1,2\"}, " + Bar + "}")]
    [InlineData("no data", "{" + Bar + "}")]
    [InlineData("no mark nor composition", "{" + Rows + ", \"encoding\": {}}")]
    [InlineData("a facet without its spec", "{" + Rows + ", \"facet\": {\"field\": \"a\"}}")]
    [InlineData("not an object", "[" + "{" + Rows + ", " + Bar + "}]")]
    [InlineData("bad JSON", "{" + Rows + ", \"mark\": bar}")]
    [InlineData("two documents", "{" + Rows + ", " + Bar + "} {}")]
    public void A_chart_that_fetches_links_or_is_not_a_chart_stays_a_code_block(string why, string spec)
    {
        MarkdownBlockSplitter.Split($"```vega-lite\n{spec}\n```").ShouldHaveSingleItem().ShouldBe(new CodeBlock("vega-lite", spec), why);
    }

    [Fact]
    public void A_chart_with_more_rows_than_the_cap_stays_a_code_block()
    {
        string Spec(int rows) =>
            "{\"data\": {\"values\": [" + string.Join(',', Enumerable.Repeat("{\"a\":1}", rows)) + "]}, \"mark\": \"bar\"}";

        VisualFences.TryBuild(VisualKind.Chart, Spec(VisualFences.MaxChartRows)).ShouldBeOfType<ChartBlock>();
        VisualFences.TryBuild(VisualKind.Chart, Spec(VisualFences.MaxChartRows + 1)).ShouldBeNull();
    }

    [Theory]
    [InlineData("{\"type\": \"FeatureCollection\", \"features\": [" + Paris + "]}", null)]
    [InlineData("{\"type\": \"FeatureCollection\", \"title\": \"Offices\", \"name\": \"layer\", \"features\": [" + Paris + "]}", "Offices")]
    [InlineData("{\"type\": \"FeatureCollection\", \"name\": \"Routes\", \"features\": [{\"type\": \"Feature\", \"properties\": null, \"geometry\": "
        + "{\"type\": \"GeometryCollection\", \"geometries\": [{\"type\": \"LineString\", \"coordinates\": [[-180, -90], [180, 90, 12.5]]}, "
        + "{\"type\": \"MultiPolygon\", \"coordinates\": [[[[0, 0], [1, 0], [1, 1], [0, 0]]]]}, {\"type\": \"MultiPoint\", \"coordinates\": [[1, 1]]}, "
        + "{\"type\": \"MultiLineString\", \"coordinates\": [[[1, 1], [2, 2]]]}]}}]}", "Routes")]
    public void A_feature_collection_with_valid_geometries_becomes_a_map_with_its_title(string geojson, string? title)
    {
        var map = MarkdownBlockSplitter.Split($"```geojson\n{geojson}\n```").ShouldHaveSingleItem().ShouldBeOfType<MapBlock>();

        map.Title.ShouldBe(title);
        map.GeoJson.GetProperty("features").GetArrayLength().ShouldBe(1);
    }

    private const string Paris = "{\"type\": \"Feature\", \"properties\": {\"name\": \"Paris\"}, \"geometry\": {\"type\": \"Point\", \"coordinates\": [2.35, 48.86]}}";

    [Theory]
    [InlineData("a lone feature", Paris)]
    [InlineData("a geometry", "{\"type\": \"Point\", \"coordinates\": [2.35, 48.86]}")]
    [InlineData("no features", "{\"type\": \"FeatureCollection\", \"features\": []}")]
    [InlineData("features not an array", "{\"type\": \"FeatureCollection\", \"features\": {}}")]
    [InlineData("a member that is not a feature", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Point\", \"coordinates\": [1, 1]}]}")]
    [InlineData("a null geometry", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": null}]}")]
    [InlineData("an unknown geometry", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Circle\", \"coordinates\": [1, 1]}}]}")]
    [InlineData("longitude out of range", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [181, 1]}}]}")]
    [InlineData("latitude out of range", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [1, -90.5]}}]}")]
    [InlineData("a coordinate as text", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [\"1\", 1]}}]}")]
    [InlineData("a position of one number", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [1]}}]}")]
    [InlineData("a line of one position", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[1, 1]]}}]}")]
    [InlineData("a ring of three positions", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 0], [0, 0]]]}}]}")]
    [InlineData("a polygon out of range inside a collection", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"GeometryCollection\", \"geometries\": "
        + "[{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 0], [1, 100], [0, 0]]]}]}}]}")]
    [InlineData("a nested geometry collection", "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"geometry\": {\"type\": \"GeometryCollection\", \"geometries\": "
        + "[{\"type\": \"GeometryCollection\", \"geometries\": []}]}}]}")]
    [InlineData("bad JSON", "{\"type\": \"FeatureCollection\", \"features\": [" + Paris + "]")]
    public void Geojson_that_is_not_a_valid_feature_collection_stays_a_code_block(string why, string geojson)
    {
        MarkdownBlockSplitter.Split($"```geojson\n{geojson}\n```").ShouldHaveSingleItem().ShouldBe(new CodeBlock("geojson", geojson), why);
    }

    [Fact]
    public void A_map_with_more_features_or_positions_than_the_caps_is_refused()
    {
        static string Points(int features, int pointsEach) =>
            "{\"type\": \"FeatureCollection\", \"features\": [" + string.Join(',', Enumerable.Repeat(
                "{\"type\": \"Feature\", \"geometry\": {\"type\": \"MultiPoint\", \"coordinates\": ["
                + string.Join(',', Enumerable.Repeat("[1,2]", pointsEach)) + "]}}", features)) + "]}";

        VisualFences.TryBuild(VisualKind.Map, Points(VisualFences.MaxMapFeatures, 1)).ShouldBeOfType<MapBlock>();
        VisualFences.TryBuild(VisualKind.Map, Points(VisualFences.MaxMapFeatures + 1, 1)).ShouldBeNull();
        VisualFences.TryBuild(VisualKind.Map, Points(10, VisualFences.MaxMapPositions / 10)).ShouldBeOfType<MapBlock>();
        VisualFences.TryBuild(VisualKind.Map, Points(10, (VisualFences.MaxMapPositions / 10) + 1)).ShouldBeNull();
    }

    [Fact]
    public void A_chart_fence_is_held_until_it_closes_then_arrives_whole()
    {
        var splitter = new MarkdownBlockSplitter();
        var lines = $"Look:\n```vega-lite\n{SplitterAnswers.ChartJson}\n```".Split('\n');

        var beforeClosing = lines[..^1].SelectMany(line => splitter.Push(line + "\n")).ToList();
        var atClosing = splitter.Push(lines[^1]).Concat(splitter.Complete()).ToList();

        beforeClosing.ShouldBe([new BlockStarted(0, new TextBlock("")), new BlockDelta(0, "Look:"), new BlockStopped(0)], "nothing of the fence streams");
        atClosing.ShouldBe([new BlockStarted(1, SplitterAnswers.Chart(SplitterAnswers.ChartJson, "Revenue")), new BlockStopped(1)]);
    }

    [Fact]
    public void A_fence_bigger_than_the_cap_streams_on_as_code_once_it_outgrows_it()
    {
        var body = new StringBuilder("{\"data\": {\"values\": [");
        while (body.Length <= VisualFences.MaxSourceChars)
        {
            body.Append(CultureInfo.InvariantCulture, $"{{\"a\": {body.Length}}},\n");
        }

        var spec = body.Append("{\"a\": 0}]}, \"mark\": \"bar\"}").ToString();
        var splitter = new MarkdownBlockSplitter();

        var whileOpen = splitter.Push("```vega-lite\n" + spec + "\n");
        var events = whileOpen.Concat(splitter.Push("```")).Concat(splitter.Complete()).ToList();

        whileOpen.OfType<BlockStarted>().ShouldHaveSingleItem().Block.ShouldBe(new CodeBlock("vega-lite", ""));
        BlockAssembler.Assemble(events).ShouldBe([new CodeBlock("vega-lite", spec)]);
        VisualFences.TryBuild(VisualKind.Chart, spec).ShouldBeNull();
    }

    [Fact]
    public void Charts_and_maps_serialize_their_json_as_given_with_an_optional_title()
    {
        ContentBlock[] blocks =
        [
            SplitterAnswers.Chart("{\"data\": {\"values\": [{\"a\": \"é\"}]}, \"mark\": \"bar\"}", "Sales"),
            SplitterAnswers.Map("{\"type\": \"FeatureCollection\", \"features\": []}", null),
        ];

        ContentBlockJson.Serialize(blocks).ShouldBe(
            "[{\"type\":\"chart\",\"spec\":{\"data\":{\"values\":[{\"a\":\"é\"}]},\"mark\":\"bar\"},\"title\":\"Sales\"},"
            + "{\"type\":\"map\",\"geojson\":{\"type\":\"FeatureCollection\",\"features\":[]}}]");
    }

    [Fact]
    public void The_assembler_refuses_a_delta_to_a_chart()
    {
        var assembler = new BlockAssembler();
        assembler.Apply(new BlockStarted(0, SplitterAnswers.Chart(SplitterAnswers.ChartJson, null)));

        Should.Throw<InvalidOperationException>(() => assembler.Apply(new BlockDelta(0, "more"))).Message.ShouldContain("arrive whole");
    }
}

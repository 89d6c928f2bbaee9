namespace Planck.WebApi.FunctionalTests.Support;

/// <summary>
/// A stand-in for the built web app, written to a temporary web root: the functional tests never depend on npm
/// having run, nor on what the real build's hashed names are.
/// </summary>
public static class TestWebApp
{
    public const string AssetPath = "/assets/index-Bx7dK2qa.js";
    public const string Asset = "document.getElementById('root').textContent = 'Planck';";
    public const string PublicFilePath = "/favicon.svg";
    public const string IndexHtml =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"UTF-8\" /><title>Planck</title>"
        + "<script type=\"module\" src=\"" + AssetPath + "\"></script></head><body><div id=\"root\"></div></body></html>";

    public static string Create(string directory)
    {
        Directory.CreateDirectory(Path.Combine(directory, "assets"));
        File.WriteAllText(Path.Combine(directory, "index.html"), IndexHtml);
        File.WriteAllText(Path.Combine(directory, AssetPath.TrimStart('/')), Asset);
        File.WriteAllText(Path.Combine(directory, PublicFilePath.TrimStart('/')), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        return directory;
    }
}

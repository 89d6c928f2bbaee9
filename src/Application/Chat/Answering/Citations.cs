using System.Globalization;
using System.Text.RegularExpressions;

namespace Planck.Application.Chat.Answering;

/// <summary>Which numbered passages an answer cites, as <c>[2]</c>, <c>[1][3]</c> or <c>[1, 3]</c>, in order of first mention.</summary>
public static partial class Citations
{
    public static IReadOnlyList<int> Find(string text, int passageCount)
    {
        var cited = new List<int>();
        foreach (Match match in CitationGroup().Matches(text))
        {
            foreach (var part in match.Groups[1].Value.Split(','))
            {
                if (int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    && number >= 1 && number <= passageCount && !cited.Contains(number))
                {
                    cited.Add(number);
                }
            }
        }

        return cited;
    }

    [GeneratedRegex(@"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex CitationGroup();
}

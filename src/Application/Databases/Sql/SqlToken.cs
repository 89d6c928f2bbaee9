namespace Planck.Application.Databases.Sql;

public enum SqlTokenKind
{
    /// <summary>A keyword or a bare identifier: SQL cannot tell them apart without a grammar, so neither do we.</summary>
    Word,
    /// <summary>A quoted name: <c>"name"</c>, <c>`name`</c> (MySQL, SQLite) or <c>[name]</c> (SQLite).</summary>
    QuotedIdentifier,
    /// <summary>A string: <c>'text'</c>, PostgreSQL <c>E'text'</c> and <c>$tag$text$tag$</c>, MySQL <c>"text"</c>.</summary>
    StringLiteral,
    Number,
    Operator,
    /// <summary>Parentheses, comma, dot and brackets.</summary>
    Punctuation,
    Semicolon,
    /// <summary>A placeholder or variable: <c>$1</c>, <c>?</c>, <c>:name</c>, <c>@name</c>, MySQL <c>@@system_variable</c>.</summary>
    Parameter,
}

/// <summary>One token; <see cref="Text"/> is exactly the source text (quotes included) starting at <see cref="Start"/>.</summary>
public sealed record SqlToken(SqlTokenKind Kind, string Text, int Start)
{
    public int End => Start + Text.Length;

    /// <summary>
    /// The name a word or quoted identifier stands for: the quotes removed and doubled quotes undone. A quoted string gets
    /// the same treatment, because MySQL under ANSI_QUOTES reads <c>"text"</c> as a name.
    /// </summary>
    public string Name => Kind == SqlTokenKind.QuotedIdentifier || (Kind == SqlTokenKind.StringLiteral && Text[0] is '"' or '\'')
        ? Unquote(Text)
        : Text;

    public bool IsWord(string keyword) => Kind == SqlTokenKind.Word && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) =>
        Kind is SqlTokenKind.Punctuation or SqlTokenKind.Operator or SqlTokenKind.Semicolon && Text == symbol;

    private static string Unquote(string text)
    {
        // A prefix such as PostgreSQL's U& or E stands before the opening quote; dollar-quoted strings are returned whole.
        var open = text.IndexOfAny(['"', '`', '[', '\'']);
        if (open < 0 || text.Length - open < 2)
        {
            return text;
        }

        var quote = text[open];
        var close = quote == '[' ? ']' : quote;
        var inner = text[(open + 1)..^1];
        return quote == '[' ? inner : inner.Replace(new string(close, 2), close.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>
/// Thrown by <see cref="SqlTokenizer.Tokenize"/> when the text cannot be read safely (a string that never ends, a MySQL
/// executable comment). <see cref="Exception.Message"/> is one sentence for the end user.
/// </summary>
public sealed class SqlTokenizerException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}

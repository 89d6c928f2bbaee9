namespace Planck.Application.Databases.Sql;

/// <summary>
/// Splits one dialect's SQL into tokens the way that engine's own lexer would, dropping whitespace and comments. Where the
/// engine's reading depends on a server setting (backslashes under MySQL's NO_BACKSLASH_ESCAPES or PostgreSQL's
/// standard_conforming_strings, double quotes under ANSI_QUOTES) it reads the default; the validator also reads the
/// other ways (<see cref="SqlStringReading"/>), because a validator that reads a statement differently from the engine
/// validates nothing.
/// </summary>
public static class SqlTokenizer
{
    /// <exception cref="SqlTokenizerException">The text cannot be read safely; the message says why in plain words.</exception>
    public static IReadOnlyList<SqlToken> Tokenize(string sql, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var scan = Scan(sql, dialect);
        return scan.Refusal is null ? scan.Tokens : throw new SqlTokenizerException(scan.Refusal, scan.RefusedAt);
    }

    /// <summary>The same as <see cref="Tokenize"/>, with a refusal as a value: the validator refuses without exceptions.</summary>
    internal static SqlScan Scan(string sql, SqlDialect dialect, SqlStringReading reading = SqlStringReading.Default) =>
        new Scanner(sql, dialect, reading).Run();

    private sealed class Scanner(string sql, SqlDialect dialect, SqlStringReading reading)
    {
        private readonly List<SqlToken> _tokens = [];
        private int _position;
        private string? _refusal;
        private int _refusedAt;
        private bool _unclosed;

        public SqlScan Run()
        {
            // SQLite stops reading at a NUL and drivers differ in what they do with the rest: nothing after one is ours to judge.
            var nul = sql.IndexOf('\0', StringComparison.Ordinal);
            if (nul >= 0)
            {
                Refuse("The query contains a NUL character, which is not allowed.", nul);
            }

            while (_position < sql.Length && _refusal is null)
            {
                ScanOne();
            }

            return new SqlScan(_tokens, _refusal, _refusal is null ? -1 : _refusedAt, _unclosed);
        }

        private char At(int offset) => _position + offset < sql.Length ? sql[_position + offset] : '\0';

        private void ScanOne()
        {
            var current = sql[_position];
            var next = At(1);
            switch (current)
            {
                case var _ when char.IsWhiteSpace(current):
                    _position++;
                    break;
                case '-' when next == '-' && IsLineCommentAfterDashes():
                case '#' when dialect == SqlDialect.Mysql:
                    SkipLineComment();
                    break;
                case '/' when next == '*':
                    SkipBlockComment();
                    break;
                case '\'':
                    ScanQuoted(_position, 0, '\'', SqlTokenKind.StringLiteral, backslashEscapes: dialect == SqlDialect.Mysql
                        ? !reading.HasFlag(SqlStringReading.NoBackslashEscapes)
                        : dialect == SqlDialect.Postgresql && reading.HasFlag(SqlStringReading.BackslashEscapesInPlainStrings));
                    break;
                case '"' when dialect == SqlDialect.Mysql:
                    ScanQuoted(_position, 0, '"', SqlTokenKind.StringLiteral, backslashEscapes:
                        !reading.HasFlag(SqlStringReading.NoBackslashEscapes) && !reading.HasFlag(SqlStringReading.DoubleQuotedNames));
                    break;
                case '"':
                    ScanQuoted(_position, 0, '"', SqlTokenKind.QuotedIdentifier, backslashEscapes: false);
                    break;
                case '`' when dialect != SqlDialect.Postgresql:
                    ScanQuoted(_position, 0, '`', SqlTokenKind.QuotedIdentifier, backslashEscapes: false);
                    break;
                case '[' when dialect == SqlDialect.Sqlite:
                    ScanQuoted(_position, 0, ']', SqlTokenKind.QuotedIdentifier, backslashEscapes: false);
                    break;
                case '$' when dialect == SqlDialect.Postgresql:
                    ScanPostgresDollar();
                    break;
                case '$' or '#' when dialect == SqlDialect.Sqlite:
                case ':' when dialect == SqlDialect.Sqlite && IsWordPart(next):
                case '@' when dialect != SqlDialect.Postgresql:
                case '?' when dialect != SqlDialect.Postgresql:
                    ScanParameter();
                    break;
                case ';':
                    Emit(SqlTokenKind.Semicolon, 1);
                    break;
                case '(' or ')' or ',' or '.' when !(current == '.' && char.IsAsciiDigit(next)):
                case '[' or ']' or '{' or '}':
                    Emit(SqlTokenKind.Punctuation, 1);
                    break;
                case var _ when char.IsAsciiDigit(current) || current == '.':
                    ScanNumber();
                    break;
                case var _ when IsWordStart(current):
                    ScanWord();
                    break;
                default:
                    ScanOperator();
                    break;
            }
        }

        // MySQL reads "--" as a comment only when a space or control character follows it: "1--1" is one minus minus one.
        private bool IsLineCommentAfterDashes() => dialect != SqlDialect.Mysql || At(2) <= ' ';

        private void SkipLineComment()
        {
            // Ending at the first \r or \n of either kind: an engine that ends later only hides less from us than we read.
            while (_position < sql.Length && sql[_position] is not ('\n' or '\r'))
            {
                _position++;
            }
        }

        private void SkipBlockComment()
        {
            var start = _position;
            if (dialect == SqlDialect.Mysql && (At(2) == '!' || (At(2) == 'M' && At(3) == '!')))
            {
                Refuse("MySQL executable comments (/*! ... */) are not allowed, because the server runs the code inside them.", start);
                return;
            }

            if (dialect == SqlDialect.Mysql && At(2) == '+')
            {
                Refuse("MySQL optimizer hints (/*+ ... */) are not allowed, because they can change server settings.", start);
                return;
            }

            // Only PostgreSQL nests block comments; MySQL and SQLite end at the first */.
            var depth = 0;
            while (_position < sql.Length)
            {
                if (At(0) == '/' && At(1) == '*' && (depth == 0 || dialect == SqlDialect.Postgresql))
                {
                    depth++;
                    _position += 2;
                }
                else if (At(0) == '*' && At(1) == '/')
                {
                    depth--;
                    _position += 2;
                    if (depth == 0)
                    {
                        return;
                    }
                }
                else
                {
                    _position++;
                }
            }

            Refuse("The query has a comment that is never closed (/* without */).", start, unclosed: true);
        }

        /// <summary>
        /// A quoted string or name from <paramref name="start"/>, ending at <paramref name="close"/>;
        /// <paramref name="prefixLength"/> covers a prefix such as PostgreSQL's E.
        /// </summary>
        private void ScanQuoted(int start, int prefixLength, char close, SqlTokenKind kind, bool backslashEscapes)
        {
            // SQLite's [name] has no escape for ]; every other quote escapes itself by doubling.
            var doubles = sql[start + prefixLength] != '[';
            var index = start + prefixLength + 1;
            while (index < sql.Length)
            {
                if (sql[index] == '\\' && backslashEscapes)
                {
                    index += 2;
                    continue;
                }

                if (sql[index] == close)
                {
                    if (doubles && index + 1 < sql.Length && sql[index + 1] == close)
                    {
                        index += 2;
                        continue;
                    }

                    EmitUpTo(kind, start, index + 1);
                    return;
                }

                index++;
            }

            var what = kind == SqlTokenKind.StringLiteral ? "string" : "quoted name";
            Refuse($"The query has a {what} that is never closed (a missing {close}).", start, unclosed: true);
        }

        private void ScanPostgresDollar()
        {
            var start = _position;
            if (char.IsAsciiDigit(At(1)))
            {
                ScanParameter();
                return;
            }

            // A dollar quote is $$ or $tag$ where the tag is an identifier without $; the body ends at the same tag.
            var tagEnd = start + 1;
            if (tagEnd < sql.Length && IsWordStart(sql[tagEnd]))
            {
                while (tagEnd < sql.Length && IsWordPart(sql[tagEnd]) && sql[tagEnd] != '$')
                {
                    tagEnd++;
                }
            }

            if (tagEnd >= sql.Length || sql[tagEnd] != '$')
            {
                ScanOperator();
                return;
            }

            var tag = sql[start..(tagEnd + 1)];
            var close = sql.IndexOf(tag, tagEnd + 1, StringComparison.Ordinal);
            if (close < 0)
            {
                Refuse("The query has a dollar-quoted string that is never closed (a missing " + tag + ").", start, unclosed: true);
                return;
            }

            EmitUpTo(SqlTokenKind.StringLiteral, start, close + tag.Length);
        }

        private void ScanParameter()
        {
            var start = _position;
            var index = start + 1;
            if (sql[start] == '@' && At(1) == '@')
            {
                index++;
            }

            // MySQL's @@global.name keeps its dot; other dialects' names are plain identifiers or numbers.
            while (index < sql.Length && (IsWordPart(sql[index]) || (sql[index] == '.' && dialect == SqlDialect.Mysql && sql[start] == '@')))
            {
                index++;
            }

            if (dialect == SqlDialect.Sqlite && sql[start] != '?')
            {
                index = AfterSqliteTclSuffix(index, start);
                if (index < 0)
                {
                    return;
                }
            }

            EmitUpTo(SqlTokenKind.Parameter, start, index);
        }

        /// <summary>
        /// SQLite's named parameters may go on as Tcl variable names, <c>$a::b</c> and <c>$a(anything up to a space or ")")</c>:
        /// the parenthesis would swallow a quote or semicolon that a reader stopping at the name takes for code or a string.
        /// </summary>
        private int AfterSqliteTclSuffix(int index, int start)
        {
            while (index < sql.Length)
            {
                if (sql[index] == ':' && index + 1 < sql.Length && sql[index + 1] == ':')
                {
                    index += 2;
                }
                else if (sql[index] == '(' && index > start + 1)
                {
                    var end = index + 1;
                    while (end < sql.Length && !char.IsWhiteSpace(sql[end]) && sql[end] != ')')
                    {
                        end++;
                    }

                    if (end < sql.Length && sql[end] == ')')
                    {
                        return end + 1;
                    }

                    Refuse("The query has a parameter name that SQLite cannot read.", start);
                    return -1;
                }
                else if (IsWordPart(sql[index]))
                {
                    index++;
                }
                else
                {
                    break;
                }
            }

            return index;
        }

        private void ScanNumber()
        {
            var start = _position;
            var index = start;
            if (At(0) == '0' && At(1) is 'x' or 'X' && char.IsAsciiHexDigit(At(2)))
            {
                index += 2;
                while (index < sql.Length && (char.IsAsciiHexDigit(sql[index]) || sql[index] == '_'))
                {
                    index++;
                }

                EmitUpTo(SqlTokenKind.Number, start, index);
                return;
            }

            index = SkipDigits(index);
            if (index < sql.Length && sql[index] == '.')
            {
                index = SkipDigits(index + 1);
            }

            if (index < sql.Length && sql[index] is 'e' or 'E')
            {
                var exponent = index + 1;
                if (exponent < sql.Length && sql[exponent] is '+' or '-')
                {
                    exponent++;
                }

                if (exponent < sql.Length && char.IsAsciiDigit(sql[exponent]))
                {
                    index = SkipDigits(exponent);
                }
            }

            // Letters straight after a number start a new word ("1delete" is 1 and delete): more words, never fewer, are read.
            EmitUpTo(SqlTokenKind.Number, start, index);
        }

        private int SkipDigits(int index)
        {
            while (index < sql.Length && (char.IsAsciiDigit(sql[index]) || (sql[index] == '_' && index > 0 && char.IsAsciiDigit(sql[index - 1]))))
            {
                index++;
            }

            return index;
        }

        private void ScanWord()
        {
            var start = _position;
            var index = start + 1;
            while (index < sql.Length && IsWordPart(sql[index]))
            {
                index++;
            }

            // PostgreSQL's E'...' is one string in which backslash escapes the quote.
            if (dialect == SqlDialect.Postgresql && index - start == 1 && sql[start] is 'e' or 'E' && index < sql.Length && sql[index] == '\'')
            {
                ScanQuoted(start, 1, '\'', SqlTokenKind.StringLiteral, backslashEscapes: true);
                return;
            }

            // U&"..." names may spell any name in escapes (U&"pg\005fsleep" is pg_sleep), hiding it from the deny lists.
            if (dialect == SqlDialect.Postgresql && index - start == 1 && sql[start] is 'u' or 'U' && index + 1 < sql.Length
                && sql[index] == '&' && sql[index + 1] == '"')
            {
                Refuse("Names written with Unicode escapes (U&\"...\") are not allowed; write the name itself.", start);
                return;
            }

            EmitUpTo(SqlTokenKind.Word, start, index);
        }

        private static readonly string[] TwoCharacterOperators = ["::", ":=", "<=", ">=", "<>", "!=", "||", "=>", "->"];

        private void ScanOperator()
        {
            var pair = _position + 1 < sql.Length ? sql.Substring(_position, 2) : string.Empty;
            Emit(SqlTokenKind.Operator, Array.IndexOf(TwoCharacterOperators, pair) >= 0 ? 2 : 1);
        }

        private static bool IsWordStart(char character) => char.IsLetter(character) || character == '_' || character > '\u007f';

        private static bool IsWordPart(char character) => IsWordStart(character) || char.IsAsciiDigit(character) || character == '$';

        private void Emit(SqlTokenKind kind, int length) => EmitUpTo(kind, _position, _position + length);

        private void EmitUpTo(SqlTokenKind kind, int start, int end)
        {
            _tokens.Add(new SqlToken(kind, sql[start..end], start));
            _position = end;
        }

        private void Refuse(string refusal, int position, bool unclosed = false)
        {
            _refusal = refusal;
            _refusedAt = position;
            _unclosed = unclosed;
        }
    }
}

/// <summary>
/// What <see cref="SqlTokenizer"/> read: the tokens, and when it stopped, the sentence that says why and where.
/// <see cref="Unclosed"/> says it stopped at a string, name or comment that never ends; <see cref="Tokens"/> are then
/// the tokens before it, which a driver that splits statements on the client could still send.
/// </summary>
internal sealed record SqlScan(IReadOnlyList<SqlToken> Tokens, string? Refusal, int RefusedAt, bool Unclosed);

/// <summary>
/// How quoted text is read where a server setting decides. <see cref="Default"/> is each engine's default configuration;
/// the others are what a differently configured server would read.
/// </summary>
[Flags]
internal enum SqlStringReading
{
    Default = 0,
    /// <summary>PostgreSQL with standard_conforming_strings off: a backslash escapes in '...' too.</summary>
    BackslashEscapesInPlainStrings = 1,
    /// <summary>MySQL with ANSI_QUOTES: "..." is a name, in which a backslash is only a backslash.</summary>
    DoubleQuotedNames = 2,
    /// <summary>MySQL with NO_BACKSLASH_ESCAPES: a backslash is only a backslash in every string.</summary>
    NoBackslashEscapes = 4,
}

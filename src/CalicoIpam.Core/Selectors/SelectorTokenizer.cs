using System;
using System.Collections.Generic;
using System.Globalization;

namespace CalicoIpam.Core.Selectors;

/// <summary>
/// Token kinds in the order of Calico v3.29's <c>tokenKind</c> constants. The numbers matter:
/// Calico prints a token with Go's <c>%v</c>, which shows the kind as its number
/// (<c>Unexpected token: {21 &lt;nil&gt;}</c> is an unexpected end of input).
/// </summary>
internal enum SelectorTokenKind : byte
{
    None,
    Label,
    StringLiteral,
    LBrace,
    RBrace,
    Comma,
    Eq,
    Ne,
    In,
    Not,
    NotIn,
    Contains,
    StartsWith,
    EndsWith,
    All,
    Has,
    LParen,
    RParen,
    And,
    Or,
    Global,
    Eof,
}

/// <summary>A token; <see cref="Value"/> is set for labels, string literals and has(label).</summary>
internal readonly struct SelectorToken
{
    public SelectorToken(SelectorTokenKind kind, string? value = null)
    {
        Kind = kind;
        Value = value;
    }

    public SelectorTokenKind Kind { get; }

    public string? Value { get; }

    /// <summary>
    /// Go's <c>%v</c> of Calico's <c>Token{Kind, Value}</c> struct, as its error messages show it:
    /// <c>{1 app}</c>, <c>{18 &lt;nil&gt;}</c>.
    /// </summary>
    public override string ToString() =>
        "{" + ((int)Kind).ToString(CultureInfo.InvariantCulture) + " " + (Value ?? "<nil>") + "}";
}

/// <summary>
/// Splits a selector into tokens, accepting exactly what Calico v3.29's regex-based tokenizer
/// accepts. Written as a hand scanner; each step names the Calico regex it stands for.
/// </summary>
internal sealed class SelectorTokenizer
{
    /// <summary>Calico's <c>LabelKeyMatcher</c> is <c>[a-zA-Z0-9_./-]{1,512}</c>.</summary>
    internal const int MaxLabelLength = 512;

    /// <summary>
    /// The operator words tried right after a label, in Calico's order: <c>contains</c> (no word
    /// boundary: "a containsx" is contains + label x), <c>starts\s*with</c>, <c>ends\s*with</c>,
    /// <c>not\s*in\b</c>, <c>in\b</c>.
    /// </summary>
    private static readonly (string First, string? Second, bool WordBoundary, SelectorTokenKind Kind)[] OperatorWords =
    {
        ("contains", null, false, SelectorTokenKind.Contains),
        ("starts", "with", false, SelectorTokenKind.StartsWith),
        ("ends", "with", false, SelectorTokenKind.EndsWith),
        ("not", "in", true, SelectorTokenKind.NotIn),
        ("in", null, true, SelectorTokenKind.In),
    };

    private readonly string _input;
    private readonly List<SelectorToken> _tokens = new();
    private int _pos;

    private SelectorTokenizer(string input) => _input = input;

    /// <summary>The tokens of <paramref name="input"/>, always ending with one <see cref="SelectorTokenKind.Eof"/>.</summary>
    /// <exception cref="SelectorParseException">with Calico's tokenizer error text.</exception>
    public static List<SelectorToken> Tokenize(string input)
    {
        var tokenizer = new SelectorTokenizer(input);
        tokenizer.Run();
        return tokenizer._tokens;
    }

    private void Run()
    {
        while (true)
        {
            // Between tokens Calico trims only " \t"; a newline there is "unexpected characters".
            while (_pos < _input.Length && (_input[_pos] == ' ' || _input[_pos] == '\t'))
            {
                _pos++;
            }
            if (_pos == _input.Length)
            {
                _tokens.Add(new SelectorToken(SelectorTokenKind.Eof));
                return;
            }
            switch (_input[_pos])
            {
                case '(': Single(SelectorTokenKind.LParen); break;
                case ')': Single(SelectorTokenKind.RParen); break;
                case '{': Single(SelectorTokenKind.LBrace); break;
                case '}': Single(SelectorTokenKind.RBrace); break;
                case ',': Single(SelectorTokenKind.Comma); break;
                case '"':
                case '\'':
                    StringLiteral();
                    break;
                case '=':
                    Pair('=', SelectorTokenKind.Eq, "expected ==");
                    break;
                case '!':
                    // "!=" is NE; a lone "!" is NOT (never an error).
                    if (Next('='))
                    {
                        Add(SelectorTokenKind.Ne, 2);
                    }
                    else
                    {
                        Single(SelectorTokenKind.Not);
                    }
                    break;
                case '&':
                    Pair('&', SelectorTokenKind.And, "expected &&");
                    break;
                case '|':
                    Pair('|', SelectorTokenKind.Or, "expected ||");
                    break;
                default:
                    Word();
                    break;
            }
        }
    }

    private void StringLiteral()
    {
        // No escapes: the literal runs to the next quote of the same kind.
        char quote = _input[_pos];
        int end = _input.IndexOf(quote, _pos + 1);
        if (end < 0)
        {
            throw new SelectorParseException("unterminated string");
        }
        _tokens.Add(new SelectorToken(SelectorTokenKind.StringLiteral, _input.Substring(_pos + 1, end - _pos - 1)));
        _pos = end + 1;
    }

    private void Pair(char second, SelectorTokenKind kind, string error)
    {
        if (!Next(second))
        {
            throw new SelectorParseException(error);
        }
        Add(kind, 2);
    }

    /// <summary>Anything that is not punctuation: an operator word, has(), all(), global() or a label.</summary>
    private void Word()
    {
        bool afterLabel = _tokens.Count > 0 && _tokens[_tokens.Count - 1].Kind == SelectorTokenKind.Label;
        if (afterLabel)
        {
            foreach (var op in OperatorWords)
            {
                int end = MatchWords(op.First, op.Second, op.WordBoundary);
                if (end >= 0)
                {
                    Add(op.Kind, end - _pos);
                    return;
                }
            }
            throw new SelectorParseException(
                "unexpected characters after label '" + _tokens[_tokens.Count - 1].Value +
                "', was expecting an operator");
        }

        // has(label), all() and global() need their "(" right after the word; when one of them
        // does not match as a whole, the word falls through to being a label (e.g. "has (x)").
        if (!TryHas() && !TryEmptyCall("all(", SelectorTokenKind.All) && !TryEmptyCall("global(", SelectorTokenKind.Global))
        {
            int length = LabelLength(_pos);
            if (length == 0)
            {
                throw new SelectorParseException("unexpected characters");
            }
            // The label regex stops at 512 characters; the rest is scanned as what follows a label.
            length = Math.Min(length, MaxLabelLength);
            _tokens.Add(new SelectorToken(SelectorTokenKind.Label, _input.Substring(_pos, length)));
            _pos += length;
        }
    }

    /// <summary>
    /// Matches <c>first\s*second</c> (or just <c>first</c>) at the current position, optionally
    /// followed by a word boundary; returns the end of the match or -1.
    /// </summary>
    private int MatchWords(string first, string? second, bool wordBoundary)
    {
        if (!At(_pos, first))
        {
            return -1;
        }
        int end = _pos + first.Length;
        if (second != null)
        {
            end = SkipRegexSpace(end);
            if (!At(end, second))
            {
                return -1;
            }
            end += second.Length;
        }
        if (wordBoundary && end < _input.Length && IsRegexWordChar(_input[end]))
        {
            return -1;
        }
        return end;
    }

    /// <summary><c>has\(\s*([a-zA-Z0-9_./-]{1,512})\s*\)</c></summary>
    private bool TryHas()
    {
        if (!At(_pos, "has("))
        {
            return false;
        }
        int start = SkipRegexSpace(_pos + "has(".Length);
        int length = LabelLength(start);
        // A longer run cannot be followed by \s*\), so the regex does not match at all.
        if (length == 0 || length > MaxLabelLength)
        {
            return false;
        }
        int close = SkipRegexSpace(start + length);
        if (!At(close, ")"))
        {
            return false;
        }
        _tokens.Add(new SelectorToken(SelectorTokenKind.Has, _input.Substring(start, length)));
        _pos = close + 1;
        return true;
    }

    /// <summary><c>all\(\s*\)</c> and <c>global\(\s*\)</c>.</summary>
    private bool TryEmptyCall(string open, SelectorTokenKind kind)
    {
        if (!At(_pos, open))
        {
            return false;
        }
        int close = SkipRegexSpace(_pos + open.Length);
        if (!At(close, ")"))
        {
            return false;
        }
        _tokens.Add(new SelectorToken(kind));
        _pos = close + 1;
        return true;
    }

    private int LabelLength(int start)
    {
        int end = start;
        while (end < _input.Length && IsLabelChar(_input[end]))
        {
            end++;
        }
        return end - start;
    }

    /// <summary>
    /// Skips Go's regex <c>\s</c>, which is <c>[\t\n\f\r ]</c>: inside "starts with", "not in",
    /// "has( x )" a newline is allowed, unlike between tokens.
    /// </summary>
    private int SkipRegexSpace(int pos)
    {
        while (pos < _input.Length && _input[pos] is (' ' or '\t' or '\n' or '\f' or '\r'))
        {
            pos++;
        }
        return pos;
    }

    private bool At(int pos, string text) =>
        pos + text.Length <= _input.Length && string.CompareOrdinal(_input, pos, text, 0, text.Length) == 0;

    private bool Next(char c) => _pos + 1 < _input.Length && _input[_pos + 1] == c;

    private void Single(SelectorTokenKind kind) => Add(kind, 1);

    private void Add(SelectorTokenKind kind, int length)
    {
        _tokens.Add(new SelectorToken(kind));
        _pos += length;
    }

    private static bool IsLabelChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '/' or '-';

    /// <summary>Go's regex <c>\b</c> is ASCII-only: word characters are <c>[0-9A-Za-z_]</c>.</summary>
    private static bool IsRegexWordChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_';
}

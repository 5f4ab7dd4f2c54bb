using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace CalicoIpam.Core.Cni;

/// <summary>
/// Reads a JSON array of strings the way Go's encoding/json Unmarshal into []string does,
/// failing with Go's own error texts (the Calico CNI plugin passes them on). As in Go, the
/// whole input is checked for syntax first; type mismatches are reported after that.
/// </summary>
public static class GoJson
{
    /// <summary>The strings, or null for a JSON null; throws <see cref="FormatException"/> with Go's text.</summary>
    public static IReadOnlyList<string>? ParseStringArray(string text)
    {
        var syntaxError = new Scanner(text).CheckValid();
        if (syntaxError is not null)
        {
            throw new FormatException(syntaxError);
        }
        return new Decoder(text).DecodeStringArray();
    }

    // Go's quoteChar in encoding/json/scanner.go.
    private static string QuoteChar(char c) => c switch
    {
        '\'' => "'\\''",
        '"' => "'\"'",
        _ => "'" + c + "'",
    };

    /// <summary>A syntax check with Go's scanner messages.</summary>
    private sealed class Scanner
    {
        private readonly string _s;
        private int _i;

        public Scanner(string s) => _s = s;

        public string? CheckValid()
        {
            SkipSpace();
            if (_i >= _s.Length)
            {
                return "unexpected end of JSON input";
            }
            var error = Value();
            if (error is not null)
            {
                return error;
            }
            SkipSpace();
            return _i < _s.Length ? "invalid character " + QuoteChar(_s[_i]) + " after top-level value" : null;
        }

        private string? Value()
        {
            if (_i >= _s.Length)
            {
                return "unexpected end of JSON input";
            }
            var c = _s[_i];
            switch (c)
            {
                case '[':
                    return Container(']', "array element", element: true);
                case '{':
                    return Container('}', "object key:value pair", element: false);
                case '"':
                    return String();
                case 't':
                    return Literal("true");
                case 'f':
                    return Literal("false");
                case 'n':
                    return Literal("null");
                default:
                    if (c == '-' || (c >= '0' && c <= '9'))
                    {
                        return Number();
                    }
                    return "invalid character " + QuoteChar(c) + " looking for beginning of value";
            }
        }

        private string? Container(char close, string after, bool element)
        {
            _i++;
            SkipSpace();
            if (_i < _s.Length && _s[_i] == close)
            {
                _i++;
                return null;
            }
            while (true)
            {
                string? error;
                if (element)
                {
                    error = Value();
                }
                else
                {
                    if (_i >= _s.Length)
                    {
                        return "unexpected end of JSON input";
                    }
                    if (_s[_i] != '"')
                    {
                        return "invalid character " + QuoteChar(_s[_i]) + " looking for beginning of object key string";
                    }
                    error = String();
                    if (error is null)
                    {
                        SkipSpace();
                        if (_i >= _s.Length)
                        {
                            return "unexpected end of JSON input";
                        }
                        if (_s[_i] != ':')
                        {
                            return "invalid character " + QuoteChar(_s[_i]) + " after object key";
                        }
                        _i++;
                        SkipSpace();
                        error = Value();
                    }
                }
                if (error is not null)
                {
                    return error;
                }
                SkipSpace();
                if (_i >= _s.Length)
                {
                    return "unexpected end of JSON input";
                }
                if (_s[_i] == close)
                {
                    _i++;
                    return null;
                }
                if (_s[_i] != ',')
                {
                    return "invalid character " + QuoteChar(_s[_i]) + " after " + after;
                }
                _i++;
                SkipSpace();
            }
        }

        private string? String()
        {
            _i++;
            while (_i < _s.Length)
            {
                var c = _s[_i++];
                if (c == '"')
                {
                    return null;
                }
                if (c < 0x20)
                {
                    return "invalid character " + QuoteChar(c) + " in string literal";
                }
                if (c == '\\')
                {
                    if (_i >= _s.Length)
                    {
                        return "unexpected end of JSON input";
                    }
                    var e = _s[_i++];
                    if (e == 'u')
                    {
                        for (var k = 0; k < 4; k++)
                        {
                            if (_i >= _s.Length)
                            {
                                return "unexpected end of JSON input";
                            }
                            if (!Uri.IsHexDigit(_s[_i]))
                            {
                                return "invalid character " + QuoteChar(_s[_i]) + " in \\u hexadecimal character escape";
                            }
                            _i++;
                        }
                    }
                    else if ("\"\\/bfnrt".IndexOf(e) < 0)
                    {
                        return "invalid character " + QuoteChar(e) + " in string escape code";
                    }
                }
            }
            return "unexpected end of JSON input";
        }

        private string? Literal(string word)
        {
            for (var k = 0; k < word.Length; k++, _i++)
            {
                if (_i >= _s.Length)
                {
                    return "unexpected end of JSON input";
                }
                if (_s[_i] != word[k])
                {
                    return "invalid character " + QuoteChar(_s[_i]) + " in literal " + word + " (expecting " + QuoteChar(word[k]) + ")";
                }
            }
            return null;
        }

        private string? Number()
        {
            if (_s[_i] == '-')
            {
                _i++;
                if (_i >= _s.Length)
                {
                    return "unexpected end of JSON input";
                }
                if (!(_s[_i] >= '0' && _s[_i] <= '9'))
                {
                    return "invalid character " + QuoteChar(_s[_i]) + " in numeric literal";
                }
            }
            if (_s[_i] == '0')
            {
                _i++;
            }
            else
            {
                while (_i < _s.Length && _s[_i] >= '0' && _s[_i] <= '9')
                {
                    _i++;
                }
            }
            if (_i < _s.Length && _s[_i] == '.')
            {
                _i++;
                if (_i >= _s.Length)
                {
                    return "unexpected end of JSON input";
                }
                if (!(_s[_i] >= '0' && _s[_i] <= '9'))
                {
                    return "invalid character " + QuoteChar(_s[_i]) + " after decimal point in numeric literal";
                }
                while (_i < _s.Length && _s[_i] >= '0' && _s[_i] <= '9')
                {
                    _i++;
                }
            }
            if (_i < _s.Length && (_s[_i] == 'e' || _s[_i] == 'E'))
            {
                _i++;
                if (_i < _s.Length && (_s[_i] == '+' || _s[_i] == '-'))
                {
                    _i++;
                }
                if (_i >= _s.Length)
                {
                    return "unexpected end of JSON input";
                }
                if (!(_s[_i] >= '0' && _s[_i] <= '9'))
                {
                    return "invalid character " + QuoteChar(_s[_i]) + " in exponent of numeric literal";
                }
                while (_i < _s.Length && _s[_i] >= '0' && _s[_i] <= '9')
                {
                    _i++;
                }
            }
            return null;
        }

        // Go's isSpace: space, tab, newline and carriage return only.
        private void SkipSpace()
        {
            while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\n' || _s[_i] == '\r'))
            {
                _i++;
            }
        }
    }

    /// <summary>Decodes syntactically valid JSON into []string, with Go's UnmarshalTypeError texts.</summary>
    private sealed class Decoder
    {
        private readonly string _s;
        private int _i;

        public Decoder(string s) => _s = s;

        public IReadOnlyList<string>? DecodeStringArray()
        {
            SkipSpace();
            var kind = KindAt();
            if (kind == "null")
            {
                return null;
            }
            if (kind != "array")
            {
                throw new FormatException($"json: cannot unmarshal {kind} into Go value of type []string");
            }
            var result = new List<string>();
            string? firstError = null;
            _i++;
            SkipSpace();
            while (_s[_i] != ']')
            {
                var elementKind = KindAt();
                if (elementKind == "string")
                {
                    result.Add(ReadString());
                }
                else
                {
                    // Go keeps decoding after a type mismatch and reports the first one.
                    firstError ??= $"json: cannot unmarshal {elementKind} into Go value of type string";
                    SkipValue();
                }
                SkipSpace();
                if (_s[_i] == ',')
                {
                    _i++;
                    SkipSpace();
                }
            }
            if (firstError is not null)
            {
                throw new FormatException(firstError);
            }
            return result;
        }

        private string KindAt() => _s[_i] switch
        {
            '[' => "array",
            '{' => "object",
            '"' => "string",
            't' or 'f' => "bool",
            'n' => "null",
            _ => "number",
        };

        private string ReadString()
        {
            var sb = new StringBuilder();
            _i++;
            while (_s[_i] != '"')
            {
                var c = _s[_i++];
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }
                var e = _s[_i++];
                switch (e)
                {
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        sb.Append((char)int.Parse(_s.Substring(_i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        _i += 4;
                        break;
                    default: sb.Append(e); break;
                }
            }
            _i++;
            return sb.ToString();
        }

        // Skips one (valid) value of any kind, nested containers included.
        private void SkipValue()
        {
            var depth = 0;
            do
            {
                var c = _s[_i];
                if (c == '"')
                {
                    ReadString();
                    continue;
                }
                if (c == '[' || c == '{')
                {
                    depth++;
                }
                else if (c == ']' || c == '}')
                {
                    depth--;
                }
                _i++;
                if (depth == 0 && (c != '[' && c != '{'))
                {
                    while (_i < _s.Length && depth == 0 && _s[_i] != ',' && _s[_i] != ']' && _s[_i] != '}' && _s[_i] != ' ')
                    {
                        _i++;
                    }
                }
            }
            while (depth > 0);
        }

        private void SkipSpace()
        {
            while (_i < _s.Length && (_s[_i] == ' ' || _s[_i] == '\t' || _s[_i] == '\n' || _s[_i] == '\r'))
            {
                _i++;
            }
        }
    }
}

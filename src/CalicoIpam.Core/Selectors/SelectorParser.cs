using System.Collections.Generic;

namespace CalicoIpam.Core.Selectors;

/// <summary>
/// Recursive descent over the tokens, with the structure and error texts of Calico v3.29's
/// <c>parser.go</c>: <c>||</c> binds loosest, then <c>&amp;&amp;</c>, then any run of <c>!</c>.
/// The whole input is tokenized first, so a tokenizer error wins over a parser error.
/// </summary>
internal sealed class SelectorParser
{
    private readonly List<SelectorToken> _tokens;
    private int _pos;

    private SelectorParser(List<SelectorToken> tokens) => _tokens = tokens;

    /// <exception cref="SelectorParseException">with Calico's error text.</exception>
    public static SelectorNode Parse(string text)
    {
        var parser = new SelectorParser(SelectorTokenizer.Tokenize(text));
        if (parser.Current.Kind == SelectorTokenKind.Eof)
        {
            return AllNode.Instance;
        }
        SelectorNode root = parser.ParseOr();
        if (parser.Current.Kind != SelectorTokenKind.Eof)
        {
            // Calico prints the remaining tokens, EOF included, as a Go slice.
            throw new SelectorParseException("unexpected content at end of selector " + parser.Remaining());
        }
        return root;
    }

    private SelectorToken Current => _tokens[_pos];

    private SelectorToken Peek(int offset) => _tokens[_pos + offset];

    private SelectorNode ParseOr()
    {
        var operands = new List<SelectorNode> { ParseAnd() };
        while (Current.Kind == SelectorTokenKind.Or)
        {
            _pos++;
            operands.Add(ParseAnd());
        }
        return operands.Count == 1 ? operands[0] : new OrNode(operands);
    }

    private SelectorNode ParseAnd()
    {
        var operands = new List<SelectorNode> { ParseOperation() };
        while (Current.Kind == SelectorTokenKind.And)
        {
            _pos++;
            operands.Add(ParseOperation());
        }
        return operands.Count == 1 ? operands[0] : new AndNode(operands);
    }

    private SelectorNode ParseOperation()
    {
        // Leading "!"s collapse to one negation or none: "!!x" is x, printed as "x".
        bool negated = false;
        while (Current.Kind == SelectorTokenKind.Not)
        {
            negated = !negated;
            _pos++;
        }
        SelectorNode operation = ParsePrimary();
        return negated ? new NotNode(operation) : operation;
    }

    private SelectorNode ParsePrimary()
    {
        SelectorToken token = Current;
        switch (token.Kind)
        {
            case SelectorTokenKind.Has:
                _pos++;
                return new HasNode(token.Value!);
            case SelectorTokenKind.All:
                _pos++;
                return AllNode.Instance;
            case SelectorTokenKind.Global:
                _pos++;
                return GlobalNode.Instance;
            case SelectorTokenKind.Label:
                return ParseLabelOperation();
            case SelectorTokenKind.LParen:
                _pos++;
                SelectorNode inner = ParseOr();
                if (Current.Kind != SelectorTokenKind.RParen)
                {
                    throw new SelectorParseException("Expected )");
                }
                _pos++;
                return inner;
            default:
                throw new SelectorParseException("Unexpected token: " + token);
        }
    }

    private SelectorNode ParseLabelOperation()
    {
        // Calico wants the label, an operator and one more token before looking at them; only
        // a label right before EOF is that short. Go's Sprint glues the slice to "op" unspaced.
        if (_tokens.Count - _pos < 3)
        {
            throw new SelectorParseException("Unexpected end of string in middle of op" + Remaining());
        }
        string label = Current.Value!;
        SelectorToken op = Peek(1);
        switch (op.Kind)
        {
            case SelectorTokenKind.Eq:
                return ParseValueOperation(label, LabelOperator.Equal);
            case SelectorTokenKind.Ne:
                return ParseValueOperation(label, LabelOperator.NotEqual);
            case SelectorTokenKind.Contains:
                return ParseValueOperation(label, LabelOperator.Contains);
            case SelectorTokenKind.StartsWith:
                return ParseValueOperation(label, LabelOperator.StartsWith);
            case SelectorTokenKind.EndsWith:
                return ParseValueOperation(label, LabelOperator.EndsWith);
            case SelectorTokenKind.In:
            case SelectorTokenKind.NotIn:
                return ParseSetOperation(label, op.Kind == SelectorTokenKind.NotIn);
            default:
                // Calico's wording, although more operators than these two would do.
                throw new SelectorParseException("Expected == or != not " + op);
        }
    }

    private LabelValueNode ParseValueOperation(string label, LabelOperator op)
    {
        SelectorToken value = Peek(2);
        if (value.Kind != SelectorTokenKind.StringLiteral)
        {
            throw new SelectorParseException("Expected string");
        }
        _pos += 3;
        return new LabelValueNode(label, op, value.Value!);
    }

    private LabelSetNode ParseSetOperation(string label, bool notIn)
    {
        if (Peek(2).Kind != SelectorTokenKind.LBrace)
        {
            throw new SelectorParseException("Expected set literal");
        }
        _pos += 3;
        // Strings separated by commas; the loop stops at the first token that is not a string,
        // which is why "{}" and a trailing comma "{'a',}" are both accepted.
        var values = new List<string>();
        while (Current.Kind == SelectorTokenKind.StringLiteral)
        {
            values.Add(Current.Value!);
            _pos++;
            if (Current.Kind != SelectorTokenKind.Comma)
            {
                break;
            }
            _pos++;
        }
        if (Current.Kind != SelectorTokenKind.RBrace)
        {
            throw new SelectorParseException("Expected }");
        }
        _pos++;
        return new LabelSetNode(label, notIn, values);
    }

    /// <summary>Go's <c>%v</c> of the token slice from the current position: <c>[{1 b} {21 &lt;nil&gt;}]</c>.</summary>
    private string Remaining()
    {
        var parts = new string[_tokens.Count - _pos];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = _tokens[_pos + i].ToString();
        }
        return "[" + string.Join(" ", parts) + "]";
    }
}

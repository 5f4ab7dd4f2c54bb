using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CalicoIpam.Core.Selectors;

/// <summary>
/// A node of a parsed selector, as in Calico v3.29's <c>parser/ast.go</c>. <see cref="ToString"/>
/// is Calico's <c>String()</c>: operators spaced, values double-quoted (single-quoted when they
/// hold a double quote), every &amp;&amp;/|| group in parentheses, sets sorted and de-duplicated.
/// </summary>
internal abstract class SelectorNode
{
    /// <summary>Whether labels match. Every comparison is ordinal, as Go compares strings.</summary>
    public abstract bool Evaluate(IReadOnlyDictionary<string, string> labels);

    public abstract void AppendTo(StringBuilder text);

    public sealed override string ToString()
    {
        var text = new StringBuilder();
        AppendTo(text);
        return text.ToString();
    }

    /// <summary>Calico quotes with " unless the value contains one (a literal never holds both).</summary>
    protected static void AppendQuoted(StringBuilder text, string value)
    {
        char quote = value.IndexOf('"') >= 0 ? '\'' : '"';
        text.Append(quote).Append(value).Append(quote);
    }
}

/// <summary><c>all()</c>, and the empty selector.</summary>
internal sealed class AllNode : SelectorNode
{
    public static AllNode Instance { get; } = new();

    private AllNode()
    {
    }

    public override bool Evaluate(IReadOnlyDictionary<string, string> labels) => true;

    public override void AppendTo(StringBuilder text) => text.Append("all()");
}

/// <summary><c>global()</c>: matches everything when evaluated against labels.</summary>
internal sealed class GlobalNode : SelectorNode
{
    public static GlobalNode Instance { get; } = new();

    private GlobalNode()
    {
    }

    public override bool Evaluate(IReadOnlyDictionary<string, string> labels) => true;

    public override void AppendTo(StringBuilder text) => text.Append("global()");
}

/// <summary><c>has(label)</c>: the label is present, whatever its value.</summary>
internal sealed class HasNode(string label) : SelectorNode
{
    public override bool Evaluate(IReadOnlyDictionary<string, string> labels) => labels.ContainsKey(label);

    public override void AppendTo(StringBuilder text) => text.Append("has(").Append(label).Append(')');
}

internal enum LabelOperator
{
    Equal,
    NotEqual,
    Contains,
    StartsWith,
    EndsWith,
}

/// <summary><c>label == 'v'</c>, <c>!=</c>, <c>contains</c>, <c>starts with</c>, <c>ends with</c>.</summary>
internal sealed class LabelValueNode(string label, LabelOperator op, string value) : SelectorNode
{
    public override bool Evaluate(IReadOnlyDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(label, out string? actual))
        {
            // Only != matches a missing label; every other operator needs it present.
            return op == LabelOperator.NotEqual;
        }
        return op switch
        {
            LabelOperator.Equal => actual == value,
            LabelOperator.NotEqual => actual != value,
            LabelOperator.Contains => actual.IndexOf(value, StringComparison.Ordinal) >= 0,
            LabelOperator.StartsWith => actual.StartsWith(value, StringComparison.Ordinal),
            LabelOperator.EndsWith => actual.EndsWith(value, StringComparison.Ordinal),
            _ => throw new InvalidOperationException("unknown operator " + op),
        };
    }

    public override void AppendTo(StringBuilder text)
    {
        text.Append(label).Append(op switch
        {
            LabelOperator.Equal => " == ",
            LabelOperator.NotEqual => " != ",
            LabelOperator.Contains => " contains ",
            LabelOperator.StartsWith => " starts with ",
            LabelOperator.EndsWith => " ends with ",
            _ => throw new InvalidOperationException("unknown operator " + op),
        });
        AppendQuoted(text, value);
    }
}

/// <summary><c>label in {...}</c> and <c>label not in {...}</c>.</summary>
internal sealed class LabelSetNode : SelectorNode
{
    private readonly string _label;
    private readonly bool _notIn;
    private readonly string[] _values;

    public LabelSetNode(string label, bool notIn, IEnumerable<string> values)
    {
        _label = label;
        _notIn = notIn;
        // Calico keeps the set sorted and de-duplicated; String() prints it in that order.
        _values = values.Distinct(StringComparer.Ordinal).OrderBy(v => v, Utf8Order.Instance).ToArray();
    }

    public override bool Evaluate(IReadOnlyDictionary<string, string> labels)
    {
        if (!labels.TryGetValue(_label, out string? actual))
        {
            // A missing label is "not in" any set, and "in" none.
            return _notIn;
        }
        bool member = Array.BinarySearch(_values, actual, Utf8Order.Instance) >= 0;
        return member != _notIn;
    }

    public override void AppendTo(StringBuilder text)
    {
        text.Append(_label).Append(_notIn ? " not in {" : " in {");
        for (int i = 0; i < _values.Length; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            AppendQuoted(text, _values[i]);
        }
        text.Append('}');
    }

    /// <summary>
    /// Go sorts strings by their UTF-8 bytes, which is code point order. UTF-16 ordinal order
    /// differs only where a surrogate pair meets U+E000..U+FFFF, so those code units are
    /// remapped before comparing (surrogates above, U+E000..U+FFFF below).
    /// </summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static Utf8Order Instance { get; } = new();

        public int Compare(string x, string y)
        {
            int length = Math.Min(x.Length, y.Length);
            for (int i = 0; i < length; i++)
            {
                if (x[i] != y[i])
                {
                    return CodePointKey(x[i]) - CodePointKey(y[i]);
                }
            }
            return x.Length - y.Length;
        }

        private static int CodePointKey(char c) =>
            c >= '\uE000' ? c - 0x800 : c >= '\uD800' ? c + 0x2000 : c;
    }
}

/// <summary><c>!operand</c>.</summary>
internal sealed class NotNode(SelectorNode operand) : SelectorNode
{
    public override bool Evaluate(IReadOnlyDictionary<string, string> labels) => !operand.Evaluate(labels);

    public override void AppendTo(StringBuilder text)
    {
        text.Append('!');
        operand.AppendTo(text);
    }
}

/// <summary>Two or more operands joined by &amp;&amp; or ||; printed in parentheses.</summary>
internal abstract class JunctionNode(IReadOnlyList<SelectorNode> operands, string separator) : SelectorNode
{
    protected IReadOnlyList<SelectorNode> Operands { get; } = operands;

    public override void AppendTo(StringBuilder text)
    {
        text.Append('(');
        for (int i = 0; i < Operands.Count; i++)
        {
            if (i > 0)
            {
                text.Append(separator);
            }
            Operands[i].AppendTo(text);
        }
        text.Append(')');
    }
}

internal sealed class AndNode(IReadOnlyList<SelectorNode> operands) : JunctionNode(operands, " && ")
{
    public override bool Evaluate(IReadOnlyDictionary<string, string> labels) =>
        Operands.All(operand => operand.Evaluate(labels));
}

internal sealed class OrNode(IReadOnlyList<SelectorNode> operands) : JunctionNode(operands, " || ")
{
    public override bool Evaluate(IReadOnlyDictionary<string, string> labels) =>
        Operands.Any(operand => operand.Evaluate(labels));
}

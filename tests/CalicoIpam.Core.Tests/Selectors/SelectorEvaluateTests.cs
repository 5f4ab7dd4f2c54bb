using System.Collections.Generic;
using CalicoIpam.Core.Selectors;

namespace CalicoIpam.Core.Tests.Selectors;

/// <summary>
/// Matching against labels. Every expected value was checked against Calico v3.29's own
/// parser (libcalico-go/lib/selector) run on the same selector and labels.
/// </summary>
public sealed class SelectorEvaluateTests
{
    [Theory]
    // == is exact and case-sensitive; a missing label never equals anything
    [InlineData("a == 'b'", "a=b", true)]
    [InlineData("a == 'b'", "a=c", false)]
    [InlineData("a == 'b'", "", false)]
    [InlineData("a == 'b'", "c=b", false)]
    [InlineData("a == \"b\"", "a=b;c=d", true)]
    [InlineData("a == 'X'", "a=x", false)]
    [InlineData("a == ''", "a=", true)]
    [InlineData("a == ''", "", false)]
    // != and not in are true when the label is missing
    [InlineData("a != 'b'", "", true)]
    [InlineData("a != 'b'", "a=b", false)]
    [InlineData("a != 'b'", "a=c", true)]
    // sets: empty, trailing comma, both quote styles
    [InlineData("a in {'x', 'y'}", "a=y", true)]
    [InlineData("a in {'x', 'y'}", "a=z", false)]
    [InlineData("a in {'x', 'y'}", "", false)]
    [InlineData("a not in {'x', 'y'}", "", true)]
    [InlineData("a not in {'x', 'y'}", "a=x", false)]
    [InlineData("a not in {'x', 'y'}", "a=z", true)]
    [InlineData("a in {}", "a=x", false)]
    [InlineData("a in {}", "", false)]
    [InlineData("a not in {}", "", true)]
    [InlineData("a not in {}", "a=x", true)]
    [InlineData("a in {'x',}", "a=x", true)]
    [InlineData("a in {\"x\", 'y',}", "a=y", true)]
    [InlineData("a in {''}", "a=", true)]
    [InlineData("a notin {'x'}", "", true)]
    [InlineData("a notin {'x'}", "a=x", false)]
    [InlineData("a not\tin{'x'}", "a=y", true)]
    // contains / starts with / ends with need the label present
    [InlineData("a contains 'ell'", "a=hello", true)]
    [InlineData("a contains 'ell'", "a=help", false)]
    [InlineData("a contains 'ell'", "", false)]
    [InlineData("a contains ''", "a=", true)]
    [InlineData("a contains ''", "", false)]
    [InlineData("a starts with 'he'", "a=hello", true)]
    [InlineData("a starts with 'he'", "a=the", false)]
    [InlineData("a starts with 'he'", "", false)]
    [InlineData("a startswith 'he'", "a=hello", true)]
    [InlineData("a starts  with 'he'", "a=hello", true)]
    [InlineData("a starts\nwith 'he'", "a=hello", true)]
    [InlineData("a ends with 'lo'", "a=hello", true)]
    [InlineData("a ends with 'lo'", "a=lol", false)]
    [InlineData("a ends with 'lo'", "", false)]
    [InlineData("a endswith 'lo'", "a=hello", true)]
    // has() and runs of !
    [InlineData("has(a)", "a=", true)]
    [InlineData("has(a)", "b=a", false)]
    [InlineData("has( a )", "a=x", true)]
    [InlineData("has(\ta\t)", "a=x", true)]
    [InlineData("!has(a)", "", true)]
    [InlineData("!has(a)", "a=x", false)]
    [InlineData("!!has(a)", "a=x", true)]
    [InlineData("!!has(a)", "", false)]
    [InlineData("!!!has(a)", "", true)]
    [InlineData("! ! has(a)", "a=x", true)]
    // all(), global() and the empty selector
    [InlineData("all()", "", true)]
    [InlineData("all( )", "a=x", true)]
    [InlineData("global()", "", true)]
    [InlineData("global(\t)", "a=x", true)]
    [InlineData("", "", true)]
    [InlineData("  ", "a=x", true)]
    [InlineData("\t", "", true)]
    // precedence: ! binds tighter than &&, && tighter than ||
    [InlineData("a == 'x' || b == 'y' && c == 'z'", "a=x", true)]
    [InlineData("a == 'x' || b == 'y' && c == 'z'", "b=y", false)]
    [InlineData("a == 'x' || b == 'y' && c == 'z'", "b=y;c=z", true)]
    [InlineData("(a == 'x' || b == 'y') && c == 'z'", "a=x", false)]
    [InlineData("(a == 'x' || b == 'y') && c == 'z'", "a=x;c=z", true)]
    [InlineData("!a == 'x' && b == 'y'", "b=y", true)]
    [InlineData("!a == 'x' && b == 'y'", "a=x;b=y", false)]
    [InlineData("!(a == 'x' && b == 'y')", "a=x;b=y", false)]
    [InlineData("!(a == 'x' && b == 'y')", "a=x", true)]
    [InlineData("!a == 'x' || b == 'y'", "a=x", false)]
    [InlineData("!a in {'x'}", "a=y", true)]
    [InlineData("!a in {'x'}", "", true)]
    [InlineData("!(!has(a) || has(b))", "a=x", true)]
    [InlineData("((a == 'x'))", "a=x", true)]
    // operator words are labels when no operator is expected
    [InlineData("has == 'x'", "has=x", true)]
    [InlineData("all in {'y'}", "all=y", true)]
    [InlineData("in in {'in'}", "in=in", true)]
    [InlineData("has(has)", "has=", true)]
    [InlineData("has(in) && in != 'x'", "in=y", true)]
    [InlineData("contains contains 'contains'", "contains=contains", true)]
    [InlineData("startswith starts with 's'", "startswith=s", true)]
    [InlineData("not == 'x'", "not=x", true)]
    // quoting, label characters, no spaces
    [InlineData("a == \"it's\"", "a=it's", true)]
    [InlineData("a == 'say \"hi\"'", "a=say \"hi\"", true)]
    [InlineData("a == 'hello world'", "a=hello world", true)]
    [InlineData("k8s.io/app-name_1 == 'v'", "k8s.io/app-name_1=v", true)]
    [InlineData("a=='x'", "a=x", true)]
    [InlineData("a!='x'", "a=x", false)]
    [InlineData("!has(a)&&b=='y'||c in{'z'}", "c=z;a=1", true)]
    [InlineData("!has(a)&&b=='y'||c in{'z'}", "b=y", true)]
    [InlineData("a in {'x'} && a not in {'y'}", "a=x", true)]
    public void Evaluate_matches_Calico(string selector, string labels, bool expected)
    {
        Assert.Equal(expected, Selector.Parse(selector).Evaluate(ParseLabels(labels)));
    }

    [Fact]
    public void A_512_character_label_is_accepted()
    {
        string label = new('k', SelectorTokenizer.MaxLabelLength);
        var labels = new Dictionary<string, string> { [label] = "v" };

        Assert.True(Selector.Parse(label + " == 'v'").Evaluate(labels));
        Assert.True(Selector.Parse("has(" + label + ")").Evaluate(labels));
    }

    [Fact]
    public void The_same_selector_gives_the_same_answer_after_canonicalising()
    {
        var selector = Selector.Parse("!has(a)&&b=='y'||c in{'z', 'x'}");
        var again = Selector.Parse(selector.Canonical);
        foreach (string labels in new[] { "", "b=y", "a=1;b=y", "c=x", "c=y", "a=1;c=z" })
        {
            Assert.Equal(selector.Evaluate(ParseLabels(labels)), again.Evaluate(ParseLabels(labels)));
        }
    }

    /// <summary>"k=v;k2=v2" (split at the first "="); "" is no labels.</summary>
    private static Dictionary<string, string> ParseLabels(string text)
    {
        var labels = new Dictionary<string, string>();
        if (text.Length == 0)
        {
            return labels;
        }
        foreach (string pair in text.Split(';'))
        {
            int equals = pair.IndexOf('=');
            labels[pair.Substring(0, equals)] = pair.Substring(equals + 1);
        }
        return labels;
    }
}

using CalicoIpam.Core.Selectors;

namespace CalicoIpam.Core.Tests.Selectors;

/// <summary>
/// <see cref="Selector.Canonical"/> is Calico's Selector.String(): spaced operators, double
/// quotes unless the value holds one, &amp;&amp; and || groups in parentheses, sets sorted by UTF-8
/// bytes and de-duplicated, runs of ! collapsed.
/// </summary>
public sealed class SelectorCanonicalTests
{
    [Theory]
    // from Calico's own parser_test.go canonicalisation table, plus more
    [InlineData("", "all()")]
    [InlineData(" all() ", "all()")]
    [InlineData(" (all() )", "all()")]
    [InlineData("\t", "all()")]
    [InlineData("global()", "global()")]
    [InlineData("! (has( b)||! has(a ))", "!(has(b) || !has(a))")]
    [InlineData("! (a == \"b\"&&! c != \"d\")", "!(a == \"b\" && !c != \"d\")")]
    [InlineData("a == \"'\"", "a == \"'\"")]
    [InlineData("a == '\"'", "a == '\"'")]
    [InlineData("a contains '\"'", "a contains '\"'")]
    [InlineData("a startswith '\"'", "a starts with '\"'")]
    [InlineData("a endswith \"'\"", "a ends with \"'\"")]
    [InlineData("a!='\"'", "a != '\"'")]
    [InlineData("a == ''", "a == \"\"")]
    [InlineData("a in {\"z\", \"z\", \"x\", \"y\", \"x\", \"a\"}", "a in {\"a\", \"x\", \"y\", \"z\"}")]
    [InlineData("a in {}", "a in {}")]
    [InlineData("a not in {'x',}", "a not in {\"x\"}")]
    [InlineData("a notin{'x'}", "a not in {\"x\"}")]
    [InlineData("a in {'\uFF01', '\U0001F600', 'b', 'B'}", "a in {\"B\", \"b\", \"\uFF01\", \"\U0001F600\"}")]
    [InlineData("!!has(a)", "has(a)")]
    [InlineData("!!!has(a)", "!has(a)")]
    [InlineData("!(a == 'x')", "!a == \"x\"")]
    [InlineData("((a == 'x'))", "a == \"x\"")]
    [InlineData("a == 'x' || b == 'y' && c == 'z'", "(a == \"x\" || (b == \"y\" && c == \"z\"))")]
    [InlineData("a == 'x' && b == 'y' && c == 'z'", "(a == \"x\" && b == \"y\" && c == \"z\")")]
    [InlineData("(a == 'x' || b == 'y') && !(c == 'z' || has(d))", "((a == \"x\" || b == \"y\") && !(c == \"z\" || has(d)))")]
    [InlineData("a starts\nwith 'x'", "a starts with \"x\"")]
    [InlineData("has(\na\n)", "has(a)")]
    public void Canonical_is_Calicos_String_and_round_trips(string selector, string canonical)
    {
        var parsed = Selector.Parse(selector);

        Assert.Equal(canonical, parsed.Canonical);
        Assert.Equal(canonical, Selector.Parse(canonical).Canonical);
    }
}

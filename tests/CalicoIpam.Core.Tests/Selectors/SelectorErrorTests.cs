using System;
using CalicoIpam.Core.Selectors;

namespace CalicoIpam.Core.Tests.Selectors;

/// <summary>
/// Rejected selectors and the exact error text Calico v3.29's parser returns for each (checked
/// by running Calico's parser on the same input).
/// </summary>
public sealed class SelectorErrorTests
{
    [Theory]
    // a label with nothing after it
    [InlineData("a", "Unexpected end of string in middle of op[{1 a} {21 <nil>}]")]
    [InlineData("a == 'x' && b", "Unexpected end of string in middle of op[{1 b} {21 <nil>}]")]
    // tokenizer errors
    [InlineData("a = 'b'", "expected ==")]
    [InlineData("a & b", "expected &&")]
    [InlineData("a == 'b' | c", "expected ||")]
    [InlineData("a == 'b", "unterminated string")]
    [InlineData("a == \"b'", "unterminated string")]
    [InlineData("'", "unterminated string")]
    [InlineData("a b", "unexpected characters after label 'a', was expecting an operator")]
    [InlineData("a starts 'x'", "unexpected characters after label 'a', was expecting an operator")]
    [InlineData("a ends 'x'", "unexpected characters after label 'a', was expecting an operator")]
    [InlineData("a not 'x'", "unexpected characters after label 'a', was expecting an operator")]
    [InlineData("a inx {'x'}", "unexpected characters after label 'a', was expecting an operator")]
    [InlineData("a squiggles 'x'", "unexpected characters after label 'a', was expecting an operator")]
    [InlineData("a == 'x' %", "unexpected characters")]
    [InlineData("%", "unexpected characters")]
    [InlineData("\u00E9 == 'x'", "unexpected characters")]
    [InlineData("a == 'x'\n", "unexpected characters")]
    [InlineData("\n", "unexpected characters")]
    [InlineData(" \n", "unexpected characters")]
    [InlineData("a\n== 'x'", "unexpected characters after label 'a', was expecting an operator")]
    [InlineData("a == 'x' ||\nb == 'y'", "unexpected characters")]
    // parser errors; the token is printed as Go prints Calico's Token struct
    [InlineData("a == b", "Expected string")]
    [InlineData("a contains b", "Expected string")]
    [InlineData("a starts with b", "Expected string")]
    [InlineData("a ends with b", "Expected string")]
    [InlineData("a != ", "Expected string")]
    [InlineData("a containsx 'y'", "Expected string")]
    [InlineData("a in 'x'", "Expected set literal")]
    [InlineData("a not in ('x')", "Expected set literal")]
    [InlineData("a in {'x' 'y'}", "Expected }")]
    [InlineData("a in {'x',,}", "Expected }")]
    [InlineData("a in {'x'", "Expected }")]
    [InlineData("a in {,}", "Expected }")]
    [InlineData("a in {'x', ||", "Expected }")]
    [InlineData("a && b", "Expected == or != not {18 <nil>}")]
    [InlineData("a (b)", "Expected == or != not {16 <nil>}")]
    [InlineData("has (a)", "Expected == or != not {16 <nil>}")]
    [InlineData("has()", "Expected == or != not {16 <nil>}")]
    [InlineData("all( x)", "Expected == or != not {16 <nil>}")]
    [InlineData("a 'x'", "Expected == or != not {2 x}")]
    [InlineData("a !x", "Expected == or != not {9 <nil>}")]
    [InlineData("a )", "Expected == or != not {17 <nil>}")]
    [InlineData("(a == 'x'", "Expected )")]
    [InlineData("(", "Unexpected token: {21 <nil>}")]
    [InlineData(")", "Unexpected token: {17 <nil>}")]
    [InlineData("()", "Unexpected token: {17 <nil>}")]
    [InlineData("!", "Unexpected token: {21 <nil>}")]
    [InlineData("a == 'x' &&", "Unexpected token: {21 <nil>}")]
    [InlineData("'b1' == b", "Unexpected token: {2 b1}")]
    [InlineData("{", "Unexpected token: {3 <nil>}")]
    [InlineData("a == 'x' && || b == 'y'", "Unexpected token: {19 <nil>}")]
    // leftovers: the remaining tokens, EOF included, as a Go slice
    [InlineData("a == 'x' b == 'y'", "unexpected content at end of selector [{1 b} {6 <nil>} {2 y} {21 <nil>}]")]
    [InlineData("has(a) has(b)", "unexpected content at end of selector [{15 b} {21 <nil>}]")]
    [InlineData("a == 'x')", "unexpected content at end of selector [{17 <nil>} {21 <nil>}]")]
    [InlineData("all() all()", "unexpected content at end of selector [{14 <nil>} {21 <nil>}]")]
    [InlineData("a == 'x' global()", "unexpected content at end of selector [{20 <nil>} {21 <nil>}]")]
    [InlineData("a == 'x' (b == 'y')", "unexpected content at end of selector [{16 <nil>} {1 b} {6 <nil>} {2 y} {17 <nil>} {21 <nil>}]")]
    public void Parse_fails_with_Calicos_message(string selector, string message)
    {
        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse(selector));
        Assert.Equal(message, error.Message);

        Assert.False(Selector.TryParse(selector, out Selector? parsed, out string? tryError));
        Assert.Null(parsed);
        Assert.Equal(message, tryError);
    }

    [Fact]
    public void A_label_longer_than_512_characters_is_cut_there_and_the_rest_is_not_an_operator()
    {
        string label = new('k', SelectorTokenizer.MaxLabelLength);

        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse(label + "k == 'v'"));

        Assert.Equal("unexpected characters after label '" + label + "', was expecting an operator", error.Message);
    }

    [Fact]
    public void Has_with_a_label_longer_than_512_characters_is_not_has()
    {
        // The has( regex fails as a whole, so "has" becomes a label, "(" a token, and the long
        // label inside is cut at 512 characters like any other.
        string label = new('k', SelectorTokenizer.MaxLabelLength);

        var error = Assert.Throws<SelectorParseException>(() => Selector.Parse("has(" + label + "k)"));

        Assert.Equal("unexpected characters after label '" + label + "', was expecting an operator", error.Message);
    }

    [Fact]
    public void The_exception_is_a_FormatException()
    {
        Assert.IsAssignableFrom<FormatException>(Assert.Throws<SelectorParseException>(() => Selector.Parse("a")));
    }
}

using System;
using System.Collections.Generic;
using CalicoIpam.Core.Selectors;

namespace CalicoIpam.Core.Tests.Selectors;

public sealed class SelectorApiTests
{
    private static readonly Dictionary<string, string> NoLabels = new();

    [Fact]
    public void Text_is_kept_as_given_and_Canonical_is_Calicos_form()
    {
        var selector = Selector.Parse(" a=='x'&&has( b ) ");

        Assert.Equal(" a=='x'&&has( b ) ", selector.Text);
        Assert.Equal("(a == \"x\" && has(b))", selector.Canonical);
        Assert.Equal(selector.Canonical, selector.ToString());
    }

    [Fact]
    public void All_matches_everything()
    {
        Assert.Equal("all()", Selector.All.Text);
        Assert.Equal("all()", Selector.All.Canonical);
        Assert.True(Selector.All.Evaluate(NoLabels));
        Assert.True(Selector.All.Evaluate(new Dictionary<string, string> { ["a"] = "b" }));
    }

    [Fact]
    public void TryParse_succeeds_without_an_error()
    {
        Assert.True(Selector.TryParse("k in {'v'}", out Selector? selector, out string? error));
        Assert.Null(error);
        Assert.Equal("k in {\"v\"}", selector.Canonical);
    }

    [Fact]
    public void Only_spaces_and_tabs_count_as_empty()
    {
        Assert.Equal("all()", Selector.Parse(" \t ").Canonical);
        Assert.False(Selector.TryParse("\r\n", out _, out string? error));
        Assert.Equal("unexpected characters", error);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Selector.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => Selector.All.Evaluate(null!));
    }
}

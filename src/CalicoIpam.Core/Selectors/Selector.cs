using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace CalicoIpam.Core.Selectors;

/// <summary>
/// A parsed Calico label selector (IPPool <c>nodeSelector</c>, <c>namespaceSelector</c>, node
/// queries), with Calico v3.29's syntax, error texts, canonical form and matching rules.
/// </summary>
public sealed class Selector
{
    private readonly SelectorNode _root;

    private Selector(string text, SelectorNode root)
    {
        Text = text;
        _root = root;
        Canonical = root.ToString();
    }

    /// <summary>The selector that matches everything, <c>all()</c>.</summary>
    public static Selector All { get; } = new("all()", AllNode.Instance);

    /// <summary>The text as given to <see cref="Parse"/>.</summary>
    public string Text { get; }

    /// <summary>
    /// Calico's <c>String()</c> of the parsed selector, e.g. <c>a == 'b'&amp;&amp;c in {'y','x'}</c>
    /// gives <c>(a == "b" &amp;&amp; c in {"x", "y"})</c>; empty text gives <c>all()</c>.
    /// </summary>
    public string Canonical { get; }

    /// <summary>
    /// Parses a selector. Empty text, or only spaces and tabs, is <c>all()</c>; any other
    /// whitespace (a newline) is rejected, as Calico rejects it.
    /// </summary>
    /// <exception cref="SelectorParseException">with the message Calico's parser returns.</exception>
    public static Selector Parse(string text)
    {
        if (text == null)
        {
            throw new ArgumentNullException(nameof(text));
        }
        return new Selector(text, SelectorParser.Parse(text));
    }

    /// <summary>Like <see cref="Parse"/>, giving the same message as <paramref name="error"/> instead of throwing.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Selector? selector, [NotNullWhen(false)] out string? error)
    {
        try
        {
            selector = Parse(text);
            error = null;
            return true;
        }
        catch (SelectorParseException e)
        {
            selector = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Whether the labels match. A missing label fails <c>==</c>, <c>in</c>, <c>contains</c>,
    /// <c>starts with</c>, <c>ends with</c> and <c>has()</c>, and passes <c>!=</c> and <c>not in</c>.
    /// </summary>
    public bool Evaluate(IReadOnlyDictionary<string, string> labels)
    {
        if (labels == null)
        {
            throw new ArgumentNullException(nameof(labels));
        }
        return _root.Evaluate(labels);
    }

    public override string ToString() => Canonical;
}

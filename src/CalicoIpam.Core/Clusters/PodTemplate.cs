using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CalicoIpam.Core.Clusters;

/// <summary>One container of a pod template (what kubectl shows of it).</summary>
public sealed record Container(string Name, string Image);

/// <summary>
/// A Deployment's pod template, as far as the simulation uses it: labels, annotations (the
/// Calico pool annotations live here), the nodeSelector and the containers.
/// </summary>
public sealed record PodTemplate
{
    public IReadOnlyDictionary<string, string> Labels { get; init; } = Clusters.Labels.Empty;

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = Clusters.Labels.Empty;

    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = Clusters.Labels.Empty;

    public IReadOnlyList<Container> Containers { get; init; } = Array.Empty<Container>();

    /// <summary>
    /// The pod-template-hash: FNV-1a 32 of the template, as decimal, encoded with Kubernetes'
    /// SafeEncodeString (controller.ComputeHash). Kubernetes hashes Go's dump of the template
    /// struct, which cannot be reproduced here; this hashes a canonical text of the same
    /// content, so equal templates give equal hashes and any change gives a new one.
    /// </summary>
    public string Hash => PodNames.SafeEncodeString(Net.Fnv.Fnv1aHash32(Canonical()).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The template as kubectl describe summarises it.</summary>
    public override string ToString()
    {
        static string Map(IReadOnlyDictionary<string, string> map) => string.Join(",", map.Select(p => p.Key + "=" + p.Value));
        return $"Labels: {Map(Labels)}; Annotations: {Map(Annotations)}; Node-Selectors: {Map(NodeSelector)}; "
            + "Containers: " + string.Join(",", Containers.Select(c => c.Name + " (" + c.Image + ")"));
    }

    /// <summary>Equal content, whatever the map order.</summary>
    public bool SameAs(PodTemplate other) => Canonical() == other.Canonical();

    private string Canonical()
    {
        var sb = new StringBuilder();
        Append(sb, "labels", Labels);
        Append(sb, "annotations", Annotations);
        Append(sb, "nodeSelector", NodeSelector);
        foreach (var c in Containers)
        {
            sb.Append("container:").Append(c.Name).Append('=').Append(c.Image).Append('\n');
        }
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, string section, IReadOnlyDictionary<string, string> map)
    {
        sb.Append(section).Append('\n');
        foreach (var pair in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.Append(pair.Key).Append('=').Append(pair.Value).Append('\n');
        }
    }
}

/// <summary>How Kubernetes names what controllers create (k8s.io/apimachinery util/rand).</summary>
public static class PodNames
{
    /// <summary>The 27 characters rand.String and SafeEncodeString use: no vowels, no 0, 1 or 3.</summary>
    public const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>SafeEncodeString: each character c becomes Alphabet[c % 27].</summary>
    public static string SafeEncodeString(string text)
    {
        var chars = new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            chars[i] = Alphabet[text[i] % Alphabet.Length];
        }
        return new string(chars);
    }

    /// <summary>names.SimpleNameGenerator: the base cut to 58 characters, then 5 random characters.</summary>
    internal static string Generate(string prefix, DeterministicRandom random)
    {
        if (prefix.Length > 58)
        {
            prefix = prefix.Substring(0, 58);
        }
        var suffix = new char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[random.Next(Alphabet.Length)];
        }
        return prefix + new string(suffix);
    }
}

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.State;

namespace CalicoIpam.PowerShell.Completion;

/// <summary>
/// Tab completion of names from the cluster the command line names (-Cluster), else the
/// runspace's current one. Completers never throw and never change anything; names are
/// matched case-insensitively by prefix and quoted when they need it.
/// </summary>
public abstract class NameCompleter : IArgumentCompleter
{
    private const int MaxResults = 500;

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            CommandName = commandName;
            var word = (wordToComplete ?? "").Trim('\'', '"');
            var pattern = WildcardPattern.Get(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase);
            return Candidates(ClusterFrom(fakeBoundParameters), fakeBoundParameters)
                .Where(pattern.IsMatch)
                .Distinct(StringComparer.Ordinal)
                .Take(MaxResults)
                .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name))
                .ToArray();
        }
        catch (Exception)
        {
            // A completer that throws breaks the user's Tab key; offering nothing is better.
            return Array.Empty<CompletionResult>();
        }
    }

    /// <summary>The command being completed (a completer instance serves one request).</summary>
    protected string CommandName { get; private set; } = "";

    /// <summary>
    /// The namespace a namespaced command will look in: -Namespace when given; otherwise every
    /// namespace for Get- commands and 'default' for the others (their -Namespace default), as
    /// kubectl completes in the current namespace.
    /// </summary>
    protected string? NamespaceOf(IDictionary bound)
    {
        var value = bound?["Namespace"];
        if (value is PSObject wrapped)
        {
            value = wrapped.BaseObject;
        }
        if (value is string ns && ns.Length > 0)
        {
            return ns;
        }
        return CommandName.StartsWith("Get-", System.StringComparison.OrdinalIgnoreCase) ? null : "default";
    }

    /// <summary>The names to offer, from <paramref name="cluster"/>; other parameters already on
    /// the command line are in <paramref name="bound"/>.</summary>
    protected abstract IEnumerable<string> Candidates(Cluster cluster, IDictionary bound);

    private static Cluster ClusterFrom(IDictionary fakeBoundParameters)
    {
        var bound = fakeBoundParameters?["Cluster"];
        if (bound is PSObject wrapped)
        {
            bound = wrapped.BaseObject;
        }
        return bound as Cluster ?? ClusterStore.GetCurrent();
    }

    private static string Quote(string name) =>
        name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '|', '=', '!', '#' }) < 0
            ? name
            : "'" + name.Replace("'", "''") + "'";
}

/// <summary>Completes IP pool names.</summary>
public sealed class IpPoolNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(Cluster cluster, IDictionary bound) => cluster.GetPools().Select(p => p.Name);
}

/// <summary>Completes node names.</summary>
public sealed class NodeNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(Cluster cluster, IDictionary bound) => cluster.GetNodes().Select(n => n.Name);
}

/// <summary>Offers <c>all()</c> and a <c>key == 'value'</c> selector for each node label.</summary>
public sealed class SelectorCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(Cluster cluster, IDictionary bound) =>
        new[] { "all()" }.Concat(cluster.GetNodes()
            .SelectMany(n => n.Labels)
            .Select(l => $"{l.Key} == '{l.Value}'")
            .OrderBy(s => s, StringComparer.Ordinal));
}

/// <summary>Completes IP reservation names.</summary>
public sealed class IpReservationNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(Cluster cluster, IDictionary bound) => cluster.GetReservations().Select(r => r.Name);
}

/// <summary>Completes namespace names.</summary>
public sealed class NamespaceNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(Cluster cluster, IDictionary bound) => cluster.GetNamespaces().Select(n => n.Name);
}

/// <summary>Completes pod names, in the namespace the command would use.</summary>
public sealed class PodNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(Cluster cluster, IDictionary bound) =>
        cluster.GetPods(NamespaceOf(bound)).Select(p => p.Name);
}

/// <summary>Completes deployment names, in the namespace the command would use.</summary>
public sealed class DeploymentNameCompleter : NameCompleter
{
    protected override IEnumerable<string> Candidates(Cluster cluster, IDictionary bound) =>
        cluster.GetDeployments(NamespaceOf(bound)).Select(d => d.Name);
}

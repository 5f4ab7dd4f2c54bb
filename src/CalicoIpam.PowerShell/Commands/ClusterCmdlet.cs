using System;
using System.Collections.Generic;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Errors;
using CalicoIpam.PowerShell.State;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// What every cluster cmdlet shares: the -Cluster parameter, the choice of cluster, name
/// resolution with wildcards, and turning engine exceptions into error records.
/// </summary>
public abstract class ClusterCmdlet : PSCmdlet
{
    /// <summary>The -Cluster argument, declared by the two kinds of cmdlet below.</summary>
    protected abstract Cluster? ClusterArgument { get; }

    /// <summary>The cluster to act on: -Cluster, else the runspace's current cluster.</summary>
    protected Cluster TargetCluster => ClusterArgument ?? ClusterStore.GetCurrent();

    /// <summary>
    /// The items whose names match <paramref name="patterns"/> (all items when null), each once,
    /// in the order the patterns match them. A literal name that matches nothing writes a
    /// non-terminating ObjectNotFound error; a wildcard that matches nothing is silent.
    /// </summary>
    protected IEnumerable<T> SelectByName<T>(IReadOnlyList<T> items, Func<T, string> nameOf, string[]? patterns,
        Func<string, ErrorRecord> notFound)
    {
        if (patterns is null)
        {
            foreach (var item in items)
            {
                yield return item;
            }
            yield break;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var wildcard = WildcardPattern.Get(pattern, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            var matched = false;
            foreach (var item in items)
            {
                var name = nameOf(item);
                if (wildcard.IsMatch(name))
                {
                    matched = true;
                    if (seen.Add(name))
                    {
                        yield return item;
                    }
                }
            }
            if (!matched && !WildcardPattern.ContainsWildcardCharacters(pattern))
            {
                WriteError(notFound(pattern));
            }
        }
    }

    /// <summary>
    /// Pools named by -Name (when <paramref name="names"/> is not null) or piped pool objects,
    /// each as its own cluster holds it now; a piped pool that has gone writes an error.
    /// </summary>
    protected IEnumerable<IpPool> ResolvePools(string[]? names, IpPool[] objects)
    {
        if (names is not null)
        {
            foreach (var pool in SelectByName(TargetCluster.GetPools(), p => p.Name, names, ErrorRecords.PoolNotFound))
            {
                yield return pool;
            }
            yield break;
        }
        foreach (var piped in objects)
        {
            var current = (piped.Cluster ?? TargetCluster).FindPool(piped.Name);
            if (current is null)
            {
                WriteError(ErrorRecords.PoolNotFound(piped.Name));
                continue;
            }
            yield return current;
        }
    }

    /// <summary>Runs an engine change; an expected engine failure becomes a non-terminating
    /// error about <paramref name="target"/> and the method returns false.</summary>
    protected internal bool TryChange(object target, Action change)
    {
        try
        {
            change();
            return true;
        }
        catch (Exception e) when (ErrorRecords.FromEngine(e, target) is { } record)
        {
            WriteError(record);
            return false;
        }
    }
}

/// <summary>A cmdlet that changes a cluster. -Cluster binds by property name, so objects piped
/// from another cluster act on their own cluster (<c>Get-IpPool -Cluster $b | Remove-IpPool</c>).</summary>
public abstract class ClusterChangeCmdlet : ClusterCmdlet
{
    /// <summary>The cluster to change; the runspace's current cluster when not given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Cluster? Cluster { get; set; }

    protected override Cluster? ClusterArgument => Cluster;
}

/// <summary>A cmdlet that reads a cluster: it also takes the cluster itself from the pipeline
/// (<c>$cluster | Get-IpPool</c>).</summary>
public abstract class ClusterReadCmdlet : ClusterCmdlet
{
    /// <summary>The cluster to read; the runspace's current cluster when not given.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public Cluster? Cluster { get; set; }

    protected override Cluster? ClusterArgument => Cluster;
}

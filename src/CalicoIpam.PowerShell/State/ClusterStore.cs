using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using CalicoIpam.Core.Clusters;

namespace CalicoIpam.PowerShell.State;

/// <summary>
/// The current cluster of each runspace. Keyed weakly by the runspace, so a runspace's cluster
/// goes when the runspace does, and ForEach-Object -Parallel runspaces never see the caller's
/// (never a static value, never a session variable: DESIGN §3, ps-module-anchors §2.9).
/// </summary>
internal static class ClusterStore
{
    private static readonly ConditionalWeakTable<Runspace, Holder> s_current = new();

    /// <summary>The runspace's current cluster; the first use gives a fresh lab cluster.</summary>
    public static Cluster GetCurrent()
    {
        var holder = s_current.GetValue(Runspace.DefaultRunspace, _ => new Holder());
        lock (holder)
        {
            return holder.Cluster ??= LabCluster.Create();
        }
    }

    public static void SetCurrent(Cluster cluster)
    {
        var holder = s_current.GetValue(Runspace.DefaultRunspace, _ => new Holder());
        lock (holder)
        {
            holder.Cluster = cluster;
        }
    }

    private sealed class Holder
    {
        public Cluster? Cluster;
    }
}

using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.State;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>New-Cluster: a fresh simulated cluster, made the runspace's current cluster: the
/// lab cluster (default), an empty one, or a synthetic one of -NodeCount nodes.</summary>
[Cmdlet(VerbsCommon.New, "Cluster", SupportsShouldProcess = true, DefaultParameterSetName = Lab)]
[OutputType(typeof(Cluster))]
public sealed class NewClusterCommand : PSCmdlet
{
    private const string Lab = nameof(Lab);
    private const string Empty_ = "Empty";
    private const string Synthetic = nameof(Synthetic);

    /// <summary>No nodes, no pools, no workloads (namespaces default and kube-system only).</summary>
    [Parameter(Mandatory = true, ParameterSetName = Empty_)]
    public SwitchParameter Empty { get; set; }

    /// <summary>A synthetic cluster of this many nodes (node-1 ... node-N, node-1 the control plane).</summary>
    [Parameter(Mandatory = true, ParameterSetName = Synthetic)]
    [ValidateRange(0, 65000)]
    public int NodeCount { get; set; }

    /// <summary>The default pool's CIDR (Calico's default 192.168.0.0/16).</summary>
    [Parameter(ParameterSetName = Synthetic)]
    public string PodCidr { get; set; } = SyntheticCluster.DefaultPodCidr;

    /// <summary>The default pool's block size (26 when omitted).</summary>
    [Parameter(ParameterSetName = Synthetic)]
    public int BlockSize { get; set; }

    /// <summary>The default pool's encapsulation (IPIP, the operator's default, when omitted).</summary>
    [Parameter(ParameterSetName = Synthetic)]
    public Encapsulation Encapsulation { get; set; } = Encapsulation.IPIP;

    /// <summary>The seed of the cluster's own random choices (uids, pod name suffixes).</summary>
    [Parameter]
    public int Seed { get; set; } = LabCluster.DefaultSeed;

    protected override void ProcessRecord()
    {
        var what = ParameterSetName switch
        {
            Empty_ => "empty cluster",
            Synthetic => $"cluster of {NodeCount} nodes, pool {PodCidr}",
            _ => "lab cluster '" + LabCluster.Name + "'",
        };
        if (!ShouldProcess($"{what} (seed {Seed})", "Create and make current"))
        {
            return;
        }
        Cluster cluster;
        try
        {
            cluster = ParameterSetName switch
            {
                Empty_ => LabCluster.CreateEmpty(Seed),
                Synthetic => CreateSynthetic(),
                _ => LabCluster.Create(Seed),
            };
        }
        catch (System.Exception e) when (Errors.ErrorRecords.FromEngine(e, PodCidr) is { } record)
        {
            ThrowTerminatingError(record);
            return;
        }
        ClusterStore.SetCurrent(cluster);
        WriteObject(cluster);
    }

    private Cluster CreateSynthetic()
    {
        var progress = new BulkProgress(this, 1, "New-Cluster", "Adding nodes", NodeCount);
        try
        {
            return SyntheticCluster.Create(NodeCount, PodCidr, BlockSize, Encapsulation, Seed, progress.Report);
        }
        finally
        {
            progress.Complete();
        }
    }
}

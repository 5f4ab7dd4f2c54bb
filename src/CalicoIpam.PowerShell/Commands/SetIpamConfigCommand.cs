using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Set-IpamConfig: calicoctl ipam configure. Only the given settings change; Calico's
/// cross-field rules apply to the result.</summary>
[Cmdlet(VerbsCommon.Set, "IpamConfig", SupportsShouldProcess = true)]
[OutputType(typeof(IpamConfig))]
public sealed class SetIpamConfigCommand : ClusterChangeCmdlet
{
    /// <summary>strictAffinity: no borrowing from other nodes' blocks.</summary>
    [Parameter]
    public bool StrictAffinity { get; set; }

    /// <summary>autoAllocateBlocks: whether nodes may claim new blocks.</summary>
    [Parameter]
    public bool AutoAllocateBlocks { get; set; }

    /// <summary>maxBlocksPerHost: 0 means Calico's limit of 20. Needs strict affinity.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int MaxBlocksPerHost { get; set; }

    /// <summary>Returns the configuration after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var bound = MyInvocation.BoundParameters;
        if (!bound.ContainsKey(nameof(StrictAffinity)) && !bound.ContainsKey(nameof(AutoAllocateBlocks)) && !bound.ContainsKey(nameof(MaxBlocksPerHost)))
        {
            // calicoctl ipam configure's own text.
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ErrorIds.NothingToSet, "at least one configuration option must be specified", "default"));
        }
        var cluster = TargetCluster;
        var config = cluster.GetIpamConfig();
        if (bound.ContainsKey(nameof(StrictAffinity)))
        {
            config = config with { StrictAffinity = StrictAffinity };
        }
        if (bound.ContainsKey(nameof(AutoAllocateBlocks)))
        {
            config = config with { AutoAllocateBlocks = AutoAllocateBlocks };
        }
        if (bound.ContainsKey(nameof(MaxBlocksPerHost)))
        {
            config = config with { MaxBlocksPerHost = MaxBlocksPerHost };
        }
        var target = $"IPAMConfiguration 'default' (strictAffinity={Lower(config.StrictAffinity)}, autoAllocateBlocks={Lower(config.AutoAllocateBlocks)}, maxBlocksPerHost={config.MaxBlocksPerHost})";
        if (!ShouldProcess(target, "Set"))
        {
            return;
        }
        IpamConfig? updated = null;
        if (TryChange("default", () => updated = cluster.SetIpamConfig(config)) && PassThru)
        {
            WriteObject(updated);
        }
    }

    private static string Lower(bool value) => value ? "true" : "false";
}

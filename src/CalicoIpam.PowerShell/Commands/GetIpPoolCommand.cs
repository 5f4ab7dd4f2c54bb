using System.Management.Automation;
using CalicoIpam.Core.Ipam;
using CalicoIpam.PowerShell.Completion;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Get-IpPool: calicoctl get ippools, in name order.</summary>
[Cmdlet(VerbsCommon.Get, "IpPool")]
[OutputType(typeof(IpPool))]
public sealed class GetIpPoolCommand : ClusterReadCmdlet
{
    /// <summary>Pool names; wildcards allowed. All pools when omitted.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(IpPoolNameCompleter))]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var pool in SelectByName(TargetCluster.GetPools(), p => p.Name, Name, ErrorRecords.PoolNotFound))
        {
            WriteObject(pool);
        }
    }
}

using System.Management.Automation;
using CalicoIpam.Core.Ipam;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Test-Ipam: calicoctl ipam check, plus the simulator's own invariants.</summary>
[Cmdlet(VerbsDiagnostic.Test, "Ipam")]
[OutputType(typeof(IpamCheckReport), typeof(bool))]
public sealed class TestIpamCommand : ClusterReadCmdlet
{
    /// <summary>Returns only $true (no problems) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var report = TargetCluster.CheckIpam();
        foreach (var problem in report.Problems)
        {
            WriteVerbose(problem);
        }
        if (Quiet)
        {
            WriteObject(report.ProblemCount == 0);
        }
        else
        {
            WriteObject(report);
        }
    }
}

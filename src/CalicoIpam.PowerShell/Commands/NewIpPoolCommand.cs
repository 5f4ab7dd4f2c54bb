using System.Management.Automation;
using CalicoIpam.Core.Ipam;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>New-IpPool: calicoctl create of an IPPool, with Calico's defaults and validation.</summary>
[Cmdlet(VerbsCommon.New, "IpPool", SupportsShouldProcess = true)]
[OutputType(typeof(IpPool))]
public sealed class NewIpPoolCommand : IpPoolSpecCmdlet
{
    /// <summary>metadata.name: a DNS-1123 subdomain.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = "";

    /// <summary>spec.cidr, strictly masked, e.g. 10.48.128.0/24 or fd00:10:48::/64.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Cidr { get; set; } = "";

    protected override void ProcessRecord()
    {
        var spec = ApplyBoundParameters(new IpPoolSpec { Cidr = Cidr });
        if (!ShouldProcess(Describe(Name, Cidr), "Create"))
        {
            return;
        }
        IpPool? created = null;
        if (TryChange(Name, () => created = TargetCluster.CreatePool(Name, spec)) && PassThru)
        {
            WriteObject(created);
        }
    }
}

using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Net;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>New-Node: a node joins the cluster, with kubelet's labels plus the ones given.</summary>
[Cmdlet(VerbsCommon.New, "Node", SupportsShouldProcess = true)]
[OutputType(typeof(Node))]
public sealed class NewNodeCommand : ClusterChangeCmdlet
{
    /// <summary>metadata.name, e.g. ip-10-0-0-13.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = "";

    /// <summary>The node's address with its subnet prefix, e.g. 10.0.0.13/24 (Calico's spec.bgp.ipv4Address).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public string Address { get; set; } = "";

    /// <summary>Extra labels, e.g. @{ zone = 'a' }.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Labels")]
    public System.Collections.Hashtable? Label { get; set; }

    /// <summary>Worker (default) or ControlPlane.</summary>
    [Parameter]
    public NodeRole Role { get; set; }

    /// <summary>The host interface that carries the address (default eth0).</summary>
    [Parameter]
    public string Interface { get; set; } = "eth0";

    /// <summary>Returns the new node.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!Cidr.TryParse(Address, out var address))
        {
            WriteError(ErrorRecords.InvalidArgument(ErrorIds.InvalidAddress,
                $"The node address '{Address}' is not an IP address with a prefix length, such as 10.0.0.13/24.", Address));
            return;
        }
        var labels = Maps.From(Label);
        if (!ShouldProcess($"Node '{Name}' ({address})", "Create"))
        {
            return;
        }
        Node? node = null;
        if (TryChange(Name, () => node = TargetCluster.CreateNode(Name, address, labels, Role, Interface)) && PassThru)
        {
            WriteObject(node);
        }
    }
}

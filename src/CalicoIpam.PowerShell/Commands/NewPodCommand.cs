using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>New-Pod: a pod is scheduled and the Calico CNI plugin gives it its addresses. A pod
/// that gets none stays ContainerCreating with the plugin's error in Message.</summary>
[Cmdlet(VerbsCommon.New, "Pod", SupportsShouldProcess = true)]
[OutputType(typeof(Pod))]
public sealed class NewPodCommand : ClusterChangeCmdlet
{
    /// <summary>The pod's namespace (default: default).</summary>
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string Namespace { get; set; } = "default";

    /// <summary>metadata.name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = "";

    /// <summary>spec.nodeName; the scheduler chooses when omitted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NodeNameCompleter))]
    public string? Node { get; set; }

    /// <summary>Labels.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Labels")]
    public System.Collections.Hashtable? Label { get; set; }

    /// <summary>Annotations, e.g. @{ 'cni.projectcalico.org/ipv4pools' = '["pool2"]' } or
    /// @{ 'cni.projectcalico.org/ipAddrs' = '["10.48.0.20"]' }.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Annotations")]
    public System.Collections.Hashtable? Annotation { get; set; }

    /// <summary>Returns the new pod.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"Pod '{Namespace}/{Name}'", "Create"))
        {
            return;
        }
        var spec = new PodSpec
        {
            Namespace = Namespace,
            Name = Name,
            Node = Node ?? "",
            Labels = Maps.From(Label),
            Annotations = Maps.From(Annotation),
        };
        Pod? created = null;
        var cluster = TargetCluster;
        if (!TryChange(Name, () => created = cluster.CreatePod(spec)))
        {
            return;
        }
        if (created!.Status != PodStatus.Running)
        {
            WriteWarning($"Pod {created.Namespace}/{created.Name} is {created.Status}: {created.Message}");
        }
        if (PassThru)
        {
            WriteObject(created);
        }
    }
}

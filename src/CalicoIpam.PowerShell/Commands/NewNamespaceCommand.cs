using System.Management.Automation;
using CalicoIpam.Core.Clusters;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>New-Namespace: kubectl create namespace, with labels and annotations (an
/// ipv4pools annotation chooses pools for the namespace's pods).</summary>
[Cmdlet(VerbsCommon.New, "Namespace", SupportsShouldProcess = true)]
[OutputType(typeof(Namespace))]
public sealed class NewNamespaceCommand : ClusterChangeCmdlet
{
    /// <summary>metadata.name: a DNS-1123 label.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = "";

    /// <summary>Labels, e.g. @{ team = 'a' }.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Labels")]
    public System.Collections.Hashtable? Label { get; set; }

    /// <summary>Annotations, e.g. @{ 'cni.projectcalico.org/ipv4pools' = '["pool2"]' }.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Annotations")]
    public System.Collections.Hashtable? Annotation { get; set; }

    /// <summary>Returns the new namespace.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!ShouldProcess($"Namespace '{Name}'", "Create"))
        {
            return;
        }
        Namespace? created = null;
        var cluster = TargetCluster;
        if (TryChange(Name, () => created = cluster.CreateNamespace(Name, Maps.From(Label), Maps.From(Annotation))) && PassThru)
        {
            WriteObject(created);
        }
    }
}

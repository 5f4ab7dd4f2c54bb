using System.Collections.Generic;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Completion;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>New-Deployment: kubectl create deployment. The selector and the template's labels
/// are app=&lt;name&gt; plus -Label; pods come at once, named &lt;name&gt;-&lt;hash&gt;-&lt;5 chars&gt;.</summary>
[Cmdlet(VerbsCommon.New, "Deployment", SupportsShouldProcess = true)]
[OutputType(typeof(Deployment))]
public sealed class NewDeploymentCommand : ClusterChangeCmdlet
{
    /// <summary>metadata.name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string Name { get; set; } = "";

    /// <summary>The namespace (default: default).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NamespaceNameCompleter))]
    public string Namespace { get; set; } = "default";

    /// <summary>spec.replicas (default 1).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, int.MaxValue)]
    public int Replicas { get; set; } = 1;

    /// <summary>The container image (default nginx).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string Image { get; set; } = "nginx";

    /// <summary>More template labels (also part of the selector).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Labels")]
    public System.Collections.Hashtable? Label { get; set; }

    /// <summary>Template annotations, e.g. @{ 'cni.projectcalico.org/ipv4pools' = '["pool2"]' }.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Annotations")]
    public System.Collections.Hashtable? Annotation { get; set; }

    /// <summary>The template's nodeSelector, e.g. @{ 'kubernetes.io/hostname' = 'ip-10-0-0-11' }.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public System.Collections.Hashtable? NodeSelector { get; set; }

    /// <summary>Returns the new deployment.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var labels = new SortedDictionary<string, string>(System.StringComparer.Ordinal) { ["app"] = Name };
        foreach (var pair in Maps.From(Label))
        {
            labels[pair.Key] = pair.Value;
        }
        var spec = new DeploymentSpec
        {
            Namespace = Namespace,
            Name = Name,
            Replicas = Replicas,
            Template = new PodTemplate
            {
                Labels = labels,
                Annotations = Maps.From(Annotation),
                NodeSelector = Maps.From(NodeSelector),
                Containers = new[] { new Container(ContainerName(Image), Image) },
            },
        };
        if (!ShouldProcess($"Deployment '{Namespace}/{Name}' ({Replicas} replicas)", "Create"))
        {
            return;
        }
        var cluster = TargetCluster;
        var progress = new BulkProgress(this, 1, "New-Deployment", $"Creating pods of {Namespace}/{Name}", Replicas);
        Deployment? created = null;
        try
        {
            if (!TryChange(Name, () => created = cluster.CreateDeployment(spec, progress.Report)))
            {
                return;
            }
        }
        finally
        {
            progress.Complete();
        }
        if (PassThru)
        {
            WriteObject(created);
        }
    }

    // kubectl create deployment names the container after the image: nginx:1.25 -> nginx.
    internal static string ContainerName(string image)
    {
        var name = image;
        var slash = name.LastIndexOf('/');
        if (slash >= 0)
        {
            name = name.Substring(slash + 1);
        }
        var colon = name.IndexOf(':');
        return colon >= 0 ? name.Substring(0, colon) : name;
    }
}

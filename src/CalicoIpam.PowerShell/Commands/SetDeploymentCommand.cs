using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Set-Deployment: kubectl scale / kubectl patch of the template. A template change
/// (labels, nodeSelector, annotations) rolls out: a new ReplicaSet and new pods.</summary>
[Cmdlet(VerbsCommon.Set, "Deployment", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
[OutputType(typeof(Deployment))]
public sealed class SetDeploymentCommand : DeploymentTargetCmdlet
{
    /// <summary>spec.replicas.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int Replicas { get; set; }

    /// <summary>Template labels to set; a $null value removes the label.</summary>
    [Parameter]
    [Alias("Labels")]
    public System.Collections.Hashtable? Label { get; set; }

    /// <summary>Template annotations to set; a $null value removes the annotation.</summary>
    [Parameter]
    [Alias("Annotations")]
    public System.Collections.Hashtable? Annotation { get; set; }

    /// <summary>The template's nodeSelector, replaced whole (@{} clears it).</summary>
    [Parameter]
    public System.Collections.Hashtable? NodeSelector { get; set; }

    /// <summary>Returns each deployment after the change.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        var bound = MyInvocation.BoundParameters;
        if (!new[] { nameof(Replicas), nameof(Label), nameof(Annotation), nameof(NodeSelector) }.Any(bound.ContainsKey))
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument(ErrorIds.NothingToSet,
                "Set-Deployment needs at least one of -Replicas, -Label, -Annotation or -NodeSelector.", Name));
        }
    }

    protected override void ProcessRecord()
    {
        var bound = MyInvocation.BoundParameters;
        foreach (var (deployment, cluster) in ResolveDeployments())
        {
            if (!ShouldProcess($"Deployment '{deployment.Namespace}/{deployment.Name}'", "Update"))
            {
                continue;
            }
            Deployment? updated = null;
            var progress = new BulkProgress(this, 1, "Set-Deployment", $"Rolling out {deployment.Namespace}/{deployment.Name}", bound.ContainsKey(nameof(Replicas)) ? Replicas : deployment.Replicas);
            try
            {
                if (TryChange(deployment.Name, () => updated = cluster.UpdateDeployment(deployment.Namespace, deployment.Name, Apply, progress.Report)) && PassThru)
                {
                    WriteObject(updated);
                }
            }
            finally
            {
                progress.Complete();
            }
        }
    }

    private Deployment Apply(Deployment d)
    {
        var bound = MyInvocation.BoundParameters;
        var template = d.Template;
        if (bound.ContainsKey(nameof(Label)))
        {
            template = template with { Labels = Labels.WithChanges(template.Labels, Maps.Changes(Label)) };
        }
        if (bound.ContainsKey(nameof(Annotation)))
        {
            template = template with { Annotations = Labels.WithChanges(template.Annotations, Maps.Changes(Annotation)) };
        }
        if (bound.ContainsKey(nameof(NodeSelector)))
        {
            template = template with { NodeSelector = Maps.From(NodeSelector) };
        }
        return d with { Replicas = bound.ContainsKey(nameof(Replicas)) ? Replicas : d.Replicas, Template = template };
    }
}

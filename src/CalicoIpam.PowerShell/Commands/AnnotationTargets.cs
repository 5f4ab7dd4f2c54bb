using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Where the annotation cmdlets put an annotation change: deployment templates,
/// namespaces or pods (one ShouldProcess and one change per object).</summary>
internal static class AnnotationTargets
{
    public static void Apply(ClusterCmdlet cmdlet, Cluster cluster, string parameterSet, string[] deployments, string[] namespaces,
        string[] pods, IReadOnlyDictionary<string, string?> changes, bool passThru)
    {
        var description = string.Join(", ", changes.Select(c => c.Value is null ? c.Key + " removed" : c.Key + "=" + c.Value));
        switch (parameterSet)
        {
            case "OnDeployment":
                foreach (var ns in namespaces)
                {
                    foreach (var name in deployments)
                    {
                        if (cmdlet.ShouldProcess($"Deployment '{ns}/{name}'", "Set template annotation " + description))
                        {
                            Emit(cmdlet, name, passThru, () => cluster.UpdateDeployment(ns, name, d => d with
                            {
                                Template = d.Template with { Annotations = Labels.WithChanges(d.Template.Annotations, changes) },
                            }));
                        }
                    }
                }
                break;
            case "OnNamespace":
                foreach (var ns in namespaces)
                {
                    if (cmdlet.ShouldProcess($"Namespace '{ns}'", "Set annotation " + description))
                    {
                        Emit(cmdlet, ns, passThru, () => cluster.SetNamespaceAnnotations(ns, changes));
                    }
                }
                break;
            default:
                foreach (var ns in namespaces)
                {
                    foreach (var name in pods)
                    {
                        if (cmdlet.ShouldProcess($"Pod '{ns}/{name}'", "Set annotation " + description))
                        {
                            Emit(cmdlet, name, passThru, () => cluster.SetPodAnnotations(ns, name, changes));
                        }
                    }
                }
                break;
        }
    }

    private static void Emit(ClusterCmdlet cmdlet, string target, bool passThru, System.Func<object> change)
    {
        object? result = null;
        if (cmdlet.TryChange(target, () => result = change()) && passThru)
        {
            cmdlet.WriteObject(result);
        }
    }
}

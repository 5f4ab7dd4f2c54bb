using System.Management.Automation;
using CalicoIpam.Core.Manifests;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Remove-Manifest: kubectl delete -f. Deletes each document's object; the result's
/// text is kubectl's line: deployment.apps "customer" deleted.</summary>
[Cmdlet(VerbsCommon.Remove, "Manifest", SupportsShouldProcess = true, DefaultParameterSetName = ByPath)]
[OutputType(typeof(ManifestResult))]
public sealed class RemoveManifestCommand : ManifestCmdlet
{
    protected override void ProcessRecord()
    {
        var cluster = TargetCluster;
        foreach (var document in ReadDocuments())
        {
            if (ShouldProcess($"{document.Kind} \"{document.Name}\" from \"{document.Source}\"", "Delete"))
            {
                Act(document, "deleting", () => cluster.DeleteManifest(document));
            }
        }
    }
}

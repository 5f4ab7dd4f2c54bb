using System.Management.Automation;
using CalicoIpam.Core.Manifests;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Import-Manifest: kubectl apply -f (and calicoctl apply -f). One result per document,
/// whose text is kubectl's line: "deployment.apps/customer configured".</summary>
[Cmdlet(VerbsData.Import, "Manifest", SupportsShouldProcess = true, DefaultParameterSetName = ByPath)]
[OutputType(typeof(ManifestResult))]
public sealed class ImportManifestCommand : ManifestCmdlet
{
    protected override void ProcessRecord()
    {
        var cluster = TargetCluster;
        foreach (var document in ReadDocuments())
        {
            if (ShouldProcess($"{document.Kind} \"{document.Name}\" from \"{document.Source}\"", "Apply"))
            {
                Act(document, "applying", () => cluster.ApplyManifest(document));
            }
        }
    }
}

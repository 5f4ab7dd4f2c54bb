using System.Collections.Generic;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Manifests;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Remove-Manifest: kubectl delete -f. Deletes each document's object; the result's
/// text is kubectl's line: deployment.apps "customer" deleted.</summary>
[Cmdlet(VerbsCommon.Remove, "Manifest", SupportsShouldProcess = true, DefaultParameterSetName = ByYaml)]
[OutputType(typeof(ManifestResult))]
public sealed class RemoveManifestCommand : ManifestCmdlet
{
    protected override string Verb => "deleting";

    protected override string Action => "Delete";

    protected override IReadOnlyList<ManifestOutcome> Run(Cluster cluster, IReadOnlyList<ManifestDocument> documents) =>
        cluster.DeleteManifests(documents);
}

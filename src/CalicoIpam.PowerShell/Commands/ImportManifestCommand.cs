using System.Collections.Generic;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Manifests;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Import-Manifest: kubectl apply -f (and calicoctl apply -f). One result per document,
/// whose text is kubectl's line: "deployment.apps/customer configured".</summary>
[Cmdlet(VerbsData.Import, "Manifest", SupportsShouldProcess = true, DefaultParameterSetName = ByYaml)]
[OutputType(typeof(ManifestResult))]
public sealed class ImportManifestCommand : ManifestCmdlet
{
    protected override string Verb => "applying";

    protected override string Action => "Apply";

    protected override IReadOnlyList<ManifestOutcome> Run(Cluster cluster, IReadOnlyList<ManifestDocument> documents) =>
        cluster.ApplyManifests(documents);
}

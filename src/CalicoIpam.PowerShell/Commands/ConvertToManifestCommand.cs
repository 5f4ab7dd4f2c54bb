using System.Collections.Generic;
using System.Management.Automation;
using CalicoIpam.Core.Manifests;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>ConvertTo-Manifest: objects as YAML, like kubectl get -o yaml / calicoctl get -o
/// yaml: one object as itself, several as a List (calicoctl's &lt;Kind&gt;List when all are
/// IP pools or other Calico objects of one kind, else kubectl's v1 List).</summary>
[Cmdlet(VerbsData.ConvertTo, "Manifest")]
[OutputType(typeof(string))]
public sealed class ConvertToManifestCommand : PSCmdlet
{
    private readonly List<object> _objects = new();

    /// <summary>Pools, nodes, namespaces, pods, deployments, blocks, affinities, reservations, the IPAM configuration.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = new PSObject[0];

    /// <summary>Always write a List, even for one object.</summary>
    [Parameter]
    public SwitchParameter AsList { get; set; }

    protected override void ProcessRecord() => ManifestObjects.Collect(this, InputObject, _objects);

    protected override void EndProcessing()
    {
        if (_objects.Count > 0)
        {
            WriteObject(ManifestObjects.ToYaml(_objects, AsList));
        }
    }
}

/// <summary>Turning piped objects into manifest YAML, for ConvertTo-Manifest and Export-Manifest.</summary>
internal static class ManifestObjects
{
    public static void Collect(Cmdlet cmdlet, PSObject[] input, List<object> into)
    {
        foreach (var item in input)
        {
            var value = item.BaseObject;
            try
            {
                ManifestWriter.ToYaml(value); // refuse what cannot be written, one error per object
                into.Add(value);
            }
            catch (System.ArgumentException e)
            {
                cmdlet.WriteError(new ErrorRecord(e, ErrorIds.NotAResource, ErrorCategory.InvalidType, value));
            }
        }
    }

    public static string ToYaml(IReadOnlyList<object> objects, bool asList) =>
        YamlCodec.Current.Emit(objects.Count == 1 && !asList ? ManifestWriter.ToYaml(objects[0]) : ManifestWriter.ToList(objects));
}

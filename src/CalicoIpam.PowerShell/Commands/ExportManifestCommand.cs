using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>Export-Manifest: writes objects as manifest YAML to a file (kubectl get -o yaml &gt;
/// file), atomically: a temporary file, then a rename.</summary>
[Cmdlet(VerbsData.Export, "Manifest", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportManifestCommand : PSCmdlet
{
    private readonly List<object> _objects = new();

    /// <summary>The file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    /// <summary>Pools, nodes, namespaces, pods, deployments, blocks, affinities, reservations, the IPAM configuration.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = new PSObject[0];

    /// <summary>Always write a List, even for one object.</summary>
    [Parameter]
    public SwitchParameter AsList { get; set; }

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Returns the written file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord() => ManifestObjects.Collect(this, InputObject, _objects);

    protected override void EndProcessing()
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        if (_objects.Count == 0 || !ShouldProcess(path, $"Write {_objects.Count} object(s)"))
        {
            return;
        }
        if (File.Exists(path) && !Force)
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"The file '{path}' already exists; use -Force to overwrite it."),
                ErrorIds.FileExists, ErrorCategory.ResourceExists, path));
        }
        try
        {
            AtomicFile.Write(path, ManifestObjects.ToYaml(_objects, AsList), overwrite: Force);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"Cannot write the manifest file '{path}': {e.Message}", e),
                ErrorIds.ManifestWriteFailed, ErrorCategory.WriteError, path));
        }
        if (PassThru)
        {
            WriteObject(new FileInfo(path));
        }
    }
}

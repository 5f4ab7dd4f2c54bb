using System;
using System.IO;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Manifests;
using CalicoIpam.PowerShell.Errors;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// Export-Cluster: writes the whole state of a cluster to a state file (docs/state-file.md)
/// that Import-Cluster reads back into the same cluster. The file is written atomically: a
/// temporary file in the same folder, flushed to disk, then renamed over the target, so a
/// reader (or a crash) never sees half a file.
/// </summary>
[Cmdlet(VerbsData.Export, "Cluster", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportClusterCommand : ClusterReadCmdlet
{
    /// <summary>The state file to write.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Replace the file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Return the written file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var cluster = TargetCluster;
        string path;
        try
        {
            path = GetUnresolvedProviderPathFromPSPath(Path);
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or PSArgumentException)
        {
            WriteError(new ErrorRecord(e, ErrorIds.ClusterFileWriteFailed, ErrorCategory.InvalidArgument, Path));
            return;
        }
        if (Directory.Exists(path))
        {
            WriteError(new ErrorRecord(new IOException($"'{path}' is a folder; give the path of the state file to write."),
                ErrorIds.ClusterFileWriteFailed, ErrorCategory.InvalidArgument, path));
            return;
        }
        if (File.Exists(path) && !Force)
        {
            WriteError(Exists(path));
            return;
        }
        if (!ShouldProcess(path, $"Export cluster {cluster}"))
        {
            return;
        }
        try
        {
            AtomicFile.Write(path, ClusterStateFile.Write(cluster), Force);
        }
        catch (IOException) when (!Force && File.Exists(path))
        {
            // Another writer made the file between the check and the rename.
            WriteError(Exists(path));
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            WriteError(new ErrorRecord(new IOException($"Cannot write the cluster state file '{path}': {e.Message}", e),
                ErrorIds.ClusterFileWriteFailed, ErrorCategory.WriteError, path));
            return;
        }
        if (PassThru)
        {
            WriteObject(new FileInfo(path));
        }
    }

    private static ErrorRecord Exists(string path) =>
        new(new IOException($"The file '{path}' already exists; use -Force to overwrite it."), ErrorIds.FileExists, ErrorCategory.ResourceExists, path);
}

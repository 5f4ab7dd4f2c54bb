using System;
using System.IO;
using System.Management.Automation;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Manifests;
using CalicoIpam.PowerShell.Errors;
using CalicoIpam.PowerShell.State;

namespace CalicoIpam.PowerShell.Commands;

/// <summary>
/// Import-Cluster: reads a state file written by Export-Cluster into a new cluster, makes it
/// the runspace's current cluster (as New-Cluster does) and returns it. The whole file is
/// checked first; a file that is not YAML, or not a state a cluster can be in, is an error
/// naming the problem and its position, and the current cluster stays as it was.
/// </summary>
[Cmdlet(VerbsData.Import, "Cluster", SupportsShouldProcess = true)]
[OutputType(typeof(Cluster))]
public sealed class ImportClusterCommand : PSCmdlet
{
    /// <summary>The state file to read.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        if (ResolveFile() is not { } file || !ShouldProcess(file, "Import cluster and make it current"))
        {
            return;
        }
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            WriteError(new ErrorRecord(new IOException($"Cannot read the cluster state file '{file}': {e.Message}", e),
                ErrorIds.ClusterFileReadFailed, ErrorCategory.ReadError, file));
            return;
        }
        Cluster cluster;
        try
        {
            cluster = ClusterStateFile.Read(text);
        }
        catch (YamlFormatException e)
        {
            WriteError(new ErrorRecord(new FormatException($"'{file}' is not valid YAML: {e.Message}", e),
                ErrorIds.ClusterFileInvalidYaml, ErrorCategory.InvalidData, file));
            return;
        }
        catch (StateFileException e)
        {
            WriteError(new ErrorRecord(new FormatException($"'{file}' is not a valid cluster state file: {e.Message}", e),
                ErrorIds.ClusterFileInvalid, ErrorCategory.InvalidData, file));
            return;
        }
        ClusterStore.SetCurrent(cluster);
        WriteObject(cluster);
    }

    // The one file -Path names, or null after writing the error.
    private string? ResolveFile()
    {
        System.Collections.ObjectModel.Collection<string> paths;
        ProviderInfo provider;
        try
        {
            paths = GetResolvedProviderPathFromPSPath(Path, out provider);
        }
        catch (ItemNotFoundException e)
        {
            WriteError(new ErrorRecord(new FileNotFoundException($"Cannot find the cluster state file '{Path}' because it does not exist.", e),
                ErrorIds.ClusterFileNotFound, ErrorCategory.ObjectNotFound, Path));
            return null;
        }
        catch (Exception e) when (e is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or PSArgumentException)
        {
            WriteError(new ErrorRecord(e, ErrorIds.ClusterFileNotFound, ErrorCategory.ObjectNotFound, Path));
            return null;
        }
        if (provider.Name != "FileSystem")
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{Path}' is not a file system path."), ErrorIds.ClusterFileNotFound,
                ErrorCategory.InvalidArgument, Path));
            return null;
        }
        if (paths.Count == 0)
        {
            WriteError(new ErrorRecord(new FileNotFoundException($"Cannot find the cluster state file '{Path}' because it does not exist."),
                ErrorIds.ClusterFileNotFound, ErrorCategory.ObjectNotFound, Path));
            return null;
        }
        if (paths.Count != 1)
        {
            WriteError(new ErrorRecord(new ArgumentException($"'{Path}' matches {paths.Count} files; Import-Cluster reads one."),
                ErrorIds.ClusterFileNotFound, ErrorCategory.InvalidArgument, Path));
            return null;
        }
        if (Directory.Exists(paths[0]))
        {
            WriteError(new ErrorRecord(new IOException($"'{paths[0]}' is a folder, not a cluster state file."), ErrorIds.ClusterFileNotFound,
                ErrorCategory.InvalidArgument, paths[0]));
            return null;
        }
        return paths[0];
    }
}

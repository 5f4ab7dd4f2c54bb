using System;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>
/// Export-Cluster and Import-Cluster (issue 6 item 4) as a user meets them: the file is
/// written atomically (no temporary file left, an existing file kept without -Force),
/// -WhatIf changes nothing, a loaded cluster is current and goes on as the saved one, and a
/// missing, malformed or invalid file is an error with its id, category and position that
/// leaves the current cluster as it was.
/// </summary>
public sealed class ClusterFileCommandTests : IClassFixture<PsSession>, IDisposable
{
    private readonly PsSession _ps;
    private readonly DirectoryInfo _dir;

    public ClusterFileCommandTests(PsSession ps)
    {
        _ps = ps;
        _dir = Directory.CreateTempSubdirectory("calicoipam-clusterfile-");
        _ps.Set("dir", _dir.FullName);
        _ps.Set("path", Path.Combine(_dir.FullName, "lab.yaml"));
        _ps.Run("$null = New-Cluster");
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private string FilePath => Path.Combine(_dir.FullName, "lab.yaml");

    private string[] FilesInFolder() => _dir.GetFiles().Select(f => f.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();

    /// <summary>What a cluster holds, as text, without its Id.</summary>
    private string State(string cluster = "(Get-Cluster)")
    {
        var result = _ps.Run($$"""
            $s = {{cluster}}
            $s.Name; $s.Seed; $s.Now.ToString('o')
            Get-IpPool -Cluster $s | Select-Object -Property * -ExcludeProperty Cluster | ConvertTo-Json -AsArray -Depth 3 -Compress
            Get-Node -Cluster $s | Select-Object -Property * -ExcludeProperty Cluster | ConvertTo-Json -AsArray -Depth 3 -Compress
            Get-Pod -Cluster $s | Select-Object Namespace, Name, Node, IP, Status, Message, Handle, Age | ConvertTo-Json -AsArray -Compress
            Get-IpAllocation -Cluster $s | Select-Object Ip, Handle, Node, Pod, Borrowed | ConvertTo-Json -AsArray -Compress
            Get-IpamBlock -Cluster $s | Select-Object Cidr, Affinity, Pool, InUse, Unallocated, SequenceNumber | ConvertTo-Json -AsArray -Depth 3 -Compress
            Get-ClusterEvent -Cluster $s | Select-Object Time, Type, Reason, Object, Message | ConvertTo-Json -AsArray -Compress
            """);
        Assert.Empty(result.Errors);
        return string.Join("\n", result.Objects.Select(o => PsResult.Text(o)));
    }

    // ---- the round trip -------------------------------------------------------------------------

    [Fact]
    public void ExportThenImport_ReturnsTheSameClusterAsANewCurrentCluster()
    {
        _ps.Run("New-Deployment -Name web -Replicas 3; Remove-Pod -Namespace yaobank -Name (Get-Pod -Namespace yaobank)[0].Name");
        var before = State();
        var id = _ps.Objects("(Get-Cluster).Id").Single();

        var export = _ps.Run("Export-Cluster -Path $path");
        var import = _ps.Run("$imported = Import-Cluster -Path $path; $imported; (Get-Cluster).Id -eq $imported.Id; $imported.Id");

        Assert.Empty(export.Errors);
        Assert.Empty(export.Output);
        Assert.Empty(import.Errors);
        Assert.Equal("CalicoIpam.Core.Clusters.Cluster", import.Objects[0].GetType().FullName);
        Assert.Equal(true, import.Objects[1]);
        Assert.NotEqual(id, import.Objects[2]);
        Assert.Equal(before, State());
    }

    [Fact]
    public void AnImportedCluster_GoesOnExactlyAsTheOriginal()
    {
        _ps.Run("$original = New-Cluster; Export-Cluster -Path $path; $copy = Import-Cluster -Path $path");
        var steps = "New-Deployment -Cluster $c -Name web -Replicas 5; Set-IpamConfig -Cluster $c -StrictAffinity $true; "
            + "Remove-Node -Cluster $c -Name ip-10-0-0-11; Restart-Deployment -Cluster $c -Namespace yaobank -Name summary";

        var a = _ps.Run("$c = $original; " + steps);
        var b = _ps.Run("$c = $copy; " + steps);

        Assert.Empty(a.Errors);
        Assert.Empty(b.Errors);
        Assert.Equal(State("$original"), State("$copy"));
    }

    [Fact]
    public void Import_TakesAFileFromThePipeline()
    {
        _ps.Run("Export-Cluster -Path $path");

        var result = _ps.Run("Get-Item -LiteralPath $path | Import-Cluster | ForEach-Object Name");

        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "calico-ipam-lab" }, result.Objects);
    }

    // ---- writing ---------------------------------------------------------------------------------

    [Fact]
    public void Export_WritesOnlyTheFile_NoTemporaryFileStays_AndTheFileIsAStateFile()
    {
        var first = _ps.Run("Export-Cluster -Path $path");
        var second = _ps.Run("New-Namespace -Name extra; Export-Cluster -Path $path -Force");

        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
        Assert.Equal(new[] { "lab.yaml" }, FilesInFolder());
        var text = File.ReadAllText(FilePath);
        Assert.StartsWith("# CalicoIpam cluster state, format version 1", text, StringComparison.Ordinal);
        Assert.Contains("\napiVersion: calicoipam.io/v1\nkind: ClusterState\nversion: 1\n", text, StringComparison.Ordinal);
        Assert.Contains("- name: extra\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
        Assert.NotEqual(0xEF, File.ReadAllBytes(FilePath)[0]);
    }

    [Fact]
    public void Export_WithoutForce_RefusesAnExistingFile_AndLeavesIt()
    {
        File.WriteAllText(FilePath, "keep me");

        var result = _ps.Run("Export-Cluster -Path $path");

        var error = Assert.Single(result.Errors);
        Assert.Equal("FileExists,CalicoIpam.PowerShell.Commands.ExportClusterCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal($"The file '{FilePath}' already exists; use -Force to overwrite it.", error.Exception.Message);
        Assert.Equal(FilePath, error.TargetObject);
        Assert.Equal("keep me", File.ReadAllText(FilePath));
        Assert.Equal(new[] { "lab.yaml" }, FilesInFolder());
    }

    [Fact]
    public void Export_Force_ReplacesTheFile_AndPassThruReturnsIt()
    {
        File.WriteAllText(FilePath, "old");

        var result = _ps.Run("Export-Cluster -Path $path -Force -PassThru");

        Assert.Empty(result.Errors);
        var file = Assert.IsType<FileInfo>(Assert.Single(result.Objects));
        Assert.Equal(FilePath, file.FullName);
        Assert.StartsWith("# CalicoIpam cluster state", File.ReadAllText(FilePath), StringComparison.Ordinal);
        Assert.Equal(new[] { "lab.yaml" }, FilesInFolder());
    }

    [Fact]
    public void Export_WhatIf_WritesNothing_AndNamesTheFile()
    {
        var result = _ps.Run("Export-Cluster -Path $path -PassThru -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Empty(FilesInFolder());
        var line = Assert.Single(result.WhatIfLines);
        Assert.StartsWith("What if: Performing the operation \"Export cluster calico-ipam-lab (#", line, StringComparison.Ordinal);
        Assert.EndsWith($"on target \"{FilePath}\".", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_OfAPipedCluster_SavesThatCluster_NotTheCurrentOne()
    {
        var result = _ps.Run("$lab = Get-Cluster; $empty = New-Cluster -Empty -Seed 42; Use-Cluster $lab; $empty | Export-Cluster -Path $path");

        Assert.Empty(result.Errors);
        var text = File.ReadAllText(FilePath);
        Assert.Contains("\n  name: cluster\n  seed: 42\n", text, StringComparison.Ordinal);
        Assert.Equal("calico-ipam-lab", _ps.Objects("(Get-Cluster).Name").Single());
    }

    [Fact]
    public void Export_ToAMissingFolderOrAFolder_IsAnError_AndLeavesNothing()
    {
        var missing = _ps.Run("Export-Cluster -Path (Join-Path $dir 'no/such/folder/lab.yaml')");
        var folder = _ps.Run("Export-Cluster -Path $dir");

        var error = Assert.Single(missing.Errors);
        Assert.Equal("ClusterFileWriteFailed,CalicoIpam.PowerShell.Commands.ExportClusterCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.WriteError, error.CategoryInfo.Category);
        Assert.Contains("does not exist", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("ClusterFileWriteFailed,CalicoIpam.PowerShell.Commands.ExportClusterCommand", Assert.Single(folder.Errors).FullyQualifiedErrorId);
        Assert.Empty(_dir.GetFileSystemInfos());
    }

    // ---- reading: -WhatIf and errors ---------------------------------------------------------------

    [Fact]
    public void Import_WhatIf_KeepsTheCurrentCluster()
    {
        _ps.Run("Export-Cluster -Path $path; $null = New-Cluster -Empty");
        var before = State();
        var id = _ps.Objects("(Get-Cluster).Id").Single();

        var result = _ps.Run("Import-Cluster -Path $path -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal($"What if: Performing the operation \"Import cluster and make it current\" on target \"{FilePath}\".", Assert.Single(result.WhatIfLines));
        Assert.Equal(id, _ps.Objects("(Get-Cluster).Id").Single());
        Assert.Equal(before, State());
    }

    [Fact]
    public void Import_OfAMissingFile_IsObjectNotFound()
    {
        var result = _ps.Run("Import-Cluster -Path (Join-Path $dir 'missing.yaml')");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ClusterFileNotFound,CalicoIpam.PowerShell.Commands.ImportClusterCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("missing.yaml' because it does not exist.", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Import_OfMalformedYaml_NamesTheLineAndColumn()
    {
        File.WriteAllText(FilePath, "apiVersion: calicoipam.io/v1\nkind: ClusterState\nversion: [1\n");

        var result = _ps.Run("Import-Cluster -Path $path");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ClusterFileInvalidYaml,CalicoIpam.PowerShell.Commands.ImportClusterCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(FilePath, error.TargetObject);
        Assert.StartsWith($"'{FilePath}' is not valid YAML: ", error.Exception.Message, StringComparison.Ordinal);
        Assert.Matches(@"\(line \d+, column \d+\)$", error.Exception.Message);
    }

    [Theory]
    [InlineData("  seed: 1\n", "  seed: one\n", "cluster.seed: expected an integer, found the string \"one\" (line 8, column 9)")]
    [InlineData("\nversion: 1\n", "\nversion: 9\n", "version: the file has format version 9, written by a newer CalicoIpam")]
    [InlineData("  natOutgoing: true\n", "  natOutgoing: yes please\n", "pools[0].natOutgoing: expected true or false, found the string \"yes please\"")]
    [InlineData("  node: ip-10-0-0-11\n", "  node: ip-10-0-0-99\n", "node \"ip-10-0-0-99\" is not among the file's nodes")]
    [InlineData("  unallocated: 2-63\n", "  unallocated: 1-63\n", "blocks[0].unallocated: ordinal 1 is both free and allocated")]
    public void Import_OfAnInvalidState_NamesTheFieldAndChangesNothing(string find, string replace, string message)
    {
        _ps.Run("Export-Cluster -Path $path; $null = New-Cluster -Empty -Seed 3; New-Namespace -Name mine");
        var text = File.ReadAllText(FilePath);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, find);
        File.WriteAllText(FilePath, text.Substring(0, at) + replace + text.Substring(at + find.Length));
        var before = State();
        var id = _ps.Objects("(Get-Cluster).Id").Single();

        var result = _ps.Run("Import-Cluster -Path $path");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ClusterFileInvalid,CalicoIpam.PowerShell.Commands.ImportClusterCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.StartsWith($"'{FilePath}' is not a valid cluster state file: ", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Equal(id, _ps.Objects("(Get-Cluster).Id").Single());
        Assert.Equal(before, State());
    }

    [Fact]
    public void Import_OfATruncatedFile_IsRefused_AndTheCurrentClusterStays()
    {
        _ps.Run("New-Deployment -Name web -Replicas 4; Export-Cluster -Path $path");
        var text = File.ReadAllText(FilePath);
        File.WriteAllText(FilePath, text.Substring(0, text.LastIndexOf("\nevents:", StringComparison.Ordinal) + 1));
        var before = State();

        var result = _ps.Run("Import-Cluster -Path $path");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ClusterFileInvalid,CalicoIpam.PowerShell.Commands.ImportClusterCommand", error.FullyQualifiedErrorId);
        Assert.Contains("counts: the field is missing: the file ends early", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(before, State());
    }

    [Fact]
    public void Import_OfAManifest_IsRefused()
    {
        _ps.Run("Get-IpPool | Export-Manifest -Path $path -Force");

        var result = _ps.Run("Import-Cluster -Path $path");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ClusterFileInvalid,CalicoIpam.PowerShell.Commands.ImportClusterCommand", error.FullyQualifiedErrorId);
        Assert.Contains("this is not a CalicoIpam cluster state file", error.Exception.Message, StringComparison.Ordinal);
    }
}

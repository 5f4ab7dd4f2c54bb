using System;
using System.IO;
using System.Linq;
using System.Text;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>
/// Import-Manifest, Remove-Manifest, ConvertTo-Manifest, Export-Manifest and Get-ClusterObject
/// as a user meets them (issue 6): kubectl's lines as results, errors that name the document
/// with stable ErrorIds, -Path with files, folders and wildcards, -WhatIf, YAML safety, and the
/// lab cluster built from the shipped manifests.
/// </summary>
public sealed class ManifestCommandTests : IClassFixture<PsSession>, IDisposable
{
    private const string Import = ",CalicoIpam.PowerShell.Commands.ImportManifestCommand";
    private const string Remove = ",CalicoIpam.PowerShell.Commands.RemoveManifestCommand";

    /// <summary>The seed's `kubectl apply -f -&lt;&lt;EOF ... EOF` block, verbatim.</summary>
    private const string SeedPool2Heredoc =
        "apiVersion: projectcalico.org/v3\n"
        + "kind: IPPool\n"
        + "metadata:\n"
        + "  name: pool2-ipv4-ippool\n"
        + "spec:\n"
        + "  blockSize: 26\n"
        + "  cidr: 10.48.128.0/24\n"
        + "  ipipMode: Never\n"
        + "  natOutgoing: true\n"
        + "  nodeSelector: all()\n";

    private const string SeedSlash17Pools =
        "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: pool1-ipv4-ippool\nspec:\n  blockSize: 26\n"
        + "  cidr: 10.48.0.0/17\n  ipipMode: Never\n  natOutgoing: true\n  nodeSelector: all()\n"
        + "---\n"
        + "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: pool2-ipv4-ippool\nspec:\n  blockSize: 26\n"
        + "  cidr: 10.48.128.0/17\n  ipipMode: Never\n  natOutgoing: true\n  nodeSelector: all()\n";

    private static readonly string[] YaobankCreated =
    {
        "namespace/yaobank created",
        "service/database created",
        "serviceaccount/database created",
        "deployment.apps/database created",
        "service/summary created",
        "serviceaccount/summary created",
        "deployment.apps/summary created",
        "service/customer created",
        "serviceaccount/customer created",
        "deployment.apps/customer created",
    };

    private readonly PsSession _ps;
    private readonly string _dir;

    public ManifestCommandTests(PsSession ps)
    {
        _ps = ps;
        _ps.Run("$null = New-Cluster");
        _dir = Path.Combine(Path.GetTempPath(), "calicoipam-manifest-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _ps.Set("dir", _dir);
        _ps.Set("labs", Path.Combine(PsSession.RepoRoot, "module", "labs", "2.3"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    // ---- the seed's pool2 heredoc ---------------------------------------------------------------

    [Fact]
    public void SeedHeredoc_AppliesVerbatim_Created_ThenUnchanged_ThenConfigured()
    {
        _ps.Set("h", SeedPool2Heredoc);

        var created = _ps.Run("Import-Manifest -Yaml $h");
        var unchanged = _ps.Run("Import-Manifest -Yaml $h");
        var configured = _ps.Run("Import-Manifest -Yaml ($h -replace 'natOutgoing: true', 'natOutgoing: false')");

        Assert.Empty(created.Errors);
        Assert.Empty(unchanged.Errors);
        Assert.Empty(configured.Errors);
        Assert.Equal(new[] { "ippool.projectcalico.org/pool2-ipv4-ippool created" }, created.Values("Line"));
        Assert.Equal(new[] { "ippool.projectcalico.org/pool2-ipv4-ippool unchanged" }, unchanged.Values("Line"));
        Assert.Equal(new[] { "ippool.projectcalico.org/pool2-ipv4-ippool configured" }, configured.Values("Line"));
        Assert.Equal(new[] { "False" }, _ps.Run("(Get-IpPool pool2-ipv4-ippool).NatOutgoing").Objects.Select(o => o.ToString()!).ToArray());
    }

    [Fact]
    public void Result_HasKubectlsLine_AsItsTextAndDefaultView()
    {
        _ps.Set("h", SeedPool2Heredoc);

        var result = _ps.Run("$r = Import-Manifest -Yaml $h; $r; \"$r\"; ($r | Out-String).Trim()");

        Assert.Empty(result.Errors);
        Assert.Equal("CalicoIpam.Core.Manifests.ManifestResult", result.Objects[0].GetType().FullName);
        Assert.Equal("ippool.projectcalico.org/pool2-ipv4-ippool created", result.Objects[1]);
        Assert.Equal("ippool.projectcalico.org/pool2-ipv4-ippool created", result.Objects[2]);
        Assert.Equal(new[] { "ippool.projectcalico.org/pool2-ipv4-ippool" }, result.Values("Resource").Take(1));
        Assert.Equal(new[] { "created" }, result.Values("Action").Take(1));
        Assert.Equal(new[] { "STDIN" }, result.Values("Source").Take(1));
    }

    [Fact]
    public void SeedHeredoc_PipedAsText_Applies()
    {
        // Issue 6: "-Yaml; text from the pipeline" — the demo and the help pipe here-strings.
        _ps.Set("h", SeedPool2Heredoc);

        var result = _ps.Run("$h | Import-Manifest");

        Assert.Empty(result.Errors.Select(e => e.ToString()));
        Assert.Equal(new[] { "ippool.projectcalico.org/pool2-ipv4-ippool created" }, result.Values("Line"));
    }

    [Fact]
    public void ConvertToManifestOutput_PipedToImportManifest_Applies()
    {
        var result = _ps.Run("$b = New-Cluster -Empty; $null = New-Cluster; Get-Node | ConvertTo-Manifest | Import-Manifest -Cluster $b");

        Assert.Empty(result.Errors.Select(e => e.ToString()));
        Assert.Equal(new[] { "node/ip-10-0-0-10 created", "node/ip-10-0-0-11 created", "node/ip-10-0-0-12 created" }, result.Values("Line"));
    }

    [Fact]
    public void FileLines_FromGetContent_ApplyTheFileOnce()
    {
        // Get-Content writes one string per line (each with a PSPath): the lines are one text.
        var result = _ps.Run("$null = New-Cluster -Empty; Get-Content (Join-Path $labs '01-nodes.yaml') | Import-Manifest");

        Assert.Empty(result.Errors.Select(e => e.ToString()));
        Assert.Equal(new[] { "node/ip-10-0-0-10 created", "node/ip-10-0-0-11 created", "node/ip-10-0-0-12 created" }, result.Values("Line"));
    }

    [Fact]
    public void SeveralPipedHereStrings_AreEachTheirOwnText()
    {
        // Two one-document texts joined line by line would be one mapping with repeated keys.
        var result = _ps.Run("\"apiVersion: v1`nkind: Namespace`nmetadata:`n  name: a`n\", \"apiVersion: v1`nkind: Namespace`nmetadata:`n  name: b`n\" | Import-Manifest");

        Assert.Empty(result.Errors.Select(e => e.ToString()));
        Assert.Equal(new[] { "namespace/a created", "namespace/b created" }, result.Values("Line"));
    }

    [Fact]
    public void FileText_FromGetContentRaw_Applies()
    {
        var result = _ps.Run("$null = New-Cluster -Empty; Get-Content -Raw (Join-Path $labs '01-nodes.yaml') | Import-Manifest");

        Assert.Empty(result.Errors.Select(e => e.ToString()));
        Assert.Equal(new[] { "node/ip-10-0-0-10 created", "node/ip-10-0-0-11 created", "node/ip-10-0-0-12 created" }, result.Values("Line"));
    }

    // ---- the seed's /17 pools ------------------------------------------------------------------------

    [Fact]
    public void SeedSlash17Pools_AreRefusedWithCalicosOverlapText_OneLinePerPool_AndThePoolsStay()
    {
        _ps.Set("h", SeedPool2Heredoc);
        _ps.Set("p17", SeedSlash17Pools + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ipam-test\n");
        _ps.Run("$null = Import-Manifest -Yaml $h");
        var before = FullSnapshot();

        var result = _ps.Run("Import-Manifest -Yaml $p17");

        Assert.Equal(new[] { "namespace/ipam-test created" }, result.Values("Line"));
        Assert.Equal(2, result.Errors.Count);
        var pool1 = result.Errors[0];
        Assert.Equal("IpPoolInvalid" + Import, pool1.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, pool1.CategoryInfo.Category);
        Assert.Equal("pool1-ipv4-ippool", pool1.TargetObject);
        Assert.Equal(
            "error when applying IPPool \"pool1-ipv4-ippool\" from \"STDIN\": error with the following fields:\n"
            + "-  IPPool.Spec.CIDR = '10.48.0.0/17' (IPPool(pool1-ipv4-ippool) CIDR overlaps with IPPool(default-ipv4-ippool) CIDR 10.48.0.0/24)\n"
            + "-  IPPool.Spec.CIDR = '10.48.0.0/17' (IPPool(pool1-ipv4-ippool) CIDR overlaps with IPPool(external-pool) CIDR 10.48.2.0/24)\n",
            pool1.Exception.Message);
        Assert.Equal("error when applying IPPool \"pool2-ipv4-ippool\" from \"STDIN\": error with field IPPool.Spec.CIDR = '10.48.128.0/17' (IPPool CIDR cannot be modified)",
            result.Errors[1].Exception.Message);
        _ps.Run("Remove-Namespace ipam-test");
        Assert.Equal(new[] { "default-ipv4-ippool 10.48.0.0/24", "external-pool 10.48.2.0/24", "pool2-ipv4-ippool 10.48.128.0/24" },
            _ps.Run("Get-IpPool | ForEach-Object { $_.Name + ' ' + $_.Cidr }").Objects.Cast<string>().ToArray());
        Assert.Equal(Without(before, "now:"), Without(FullSnapshot(), "now:"));
    }

    // ---- yaobank ------------------------------------------------------------------------------------

    [Fact]
    public void Yaobank_OnAFreshClusterWithTheLabsNodesAndPool_GivesKubectlsTenLines()
    {
        var setup = _ps.Run("$null = New-Cluster -Empty; Import-Manifest (Join-Path $labs '01-nodes.yaml'), (Join-Path $labs '02-default-pool.yaml')");
        var first = _ps.Run("Import-Manifest -Path (Join-Path $labs '03-yaobank.yaml')");
        var again = _ps.Run("Import-Manifest -Path (Join-Path $labs '03-yaobank.yaml')");

        Assert.Empty(setup.Errors);
        Assert.Equal(4, setup.Output.Count);
        Assert.Empty(first.Errors);
        Assert.Equal(YaobankCreated, first.Values("Line"));
        Assert.All(first.Values("Source"), s => Assert.Equal("03-yaobank.yaml", s));
        Assert.Empty(again.Errors);
        Assert.Equal(YaobankCreated.Select(l => l.Replace(" created", " unchanged", StringComparison.Ordinal)).ToArray(), again.Values("Line"));
        Assert.Equal(4, _ps.Run("Get-Pod -Namespace yaobank | Where-Object Status -eq Running").Output.Count);
    }

    [Fact]
    public void Yaobank_WithAPoolAnnotationOnTheSummaryTemplate_IsConfigured_AndRollsOut()
    {
        _ps.Set("h", SeedPool2Heredoc);
        var yaobank = File.ReadAllText(Path.Combine(PsSession.RepoRoot, "module", "labs", "2.3", "03-yaobank.yaml"));
        const string Marker = "  template:\n    metadata:\n      labels:\n        app: summary\n";
        Assert.Contains(Marker, yaobank);
        _ps.Set("y", yaobank.Replace(Marker,
            "  template:\n    metadata:\n      annotations:\n        \"cni.projectcalico.org/ipv4pools\": \"[\\\"pool2-ipv4-ippool\\\"]\"\n      labels:\n        app: summary\n",
            StringComparison.Ordinal));
        var oldSet = _ps.Run("$null = Import-Manifest -Yaml $h; (Get-Deployment -Namespace yaobank -Name summary).CurrentReplicaSet").Objects.Single();

        var result = _ps.Run("Import-Manifest -Yaml $y");

        Assert.Empty(result.Errors);
        var lines = result.Values("Line");
        Assert.Equal("deployment.apps/summary configured", lines[6]);
        Assert.Equal(9, lines.Count(l => l.EndsWith(" unchanged", StringComparison.Ordinal)));
        var pods = _ps.Run("Get-Pod -Namespace yaobank -Name summary-*");
        Assert.Equal(2, pods.Output.Count);
        Assert.All(pods.Values("ReplicaSet"), rs => Assert.NotEqual(oldSet, rs));
        Assert.All(pods.Values("IP"), ip => Assert.StartsWith("10.48.128.", ip));
        Assert.All(pods.Values("Status"), s => Assert.Equal("Running", s));
    }

    [Fact]
    public void YaobankIpam_ExtensionsV1Beta1_IsRefusedWithTheResourceMappingText_NamingTheFile_OthersApply()
    {
        var file = Path.Combine(_dir, "2.3-yaobank-ipam.yaml");
        File.WriteAllText(file, YaobankIpamText());

        var result = _ps.Run("Import-Manifest -Path (Join-Path $dir '2.3-yaobank-ipam.yaml')");

        Assert.Equal(new[]
        {
            "namespace/yaobank unchanged", "service/database unchanged", "serviceaccount/database unchanged",
            "service/summary unchanged", "serviceaccount/summary unchanged",
            "service/customer unchanged", "serviceaccount/customer unchanged",
        }, result.Values("Line"));
        Assert.Equal(3, result.Errors.Count);
        Assert.Equal(new[] { "database", "summary", "customer" }, result.Errors.Select(e => (string)e.TargetObject).ToArray());
        Assert.All(result.Errors, e =>
        {
            Assert.Equal("ManifestInvalid" + Import, e.FullyQualifiedErrorId);
            Assert.Contains($"resource mapping not found for name: \"{e.TargetObject}\" namespace: \"yaobank\" from \"2.3-yaobank-ipam.yaml\": "
                + "no matches for kind \"Deployment\" in version \"extensions/v1beta1\"", e.Exception.Message);
        });
    }

    // ---- crd.projectcalico.org/v1 ---------------------------------------------------------------------

    [Fact]
    public void CrdPool_SkipsCalicosValidation_ButNotAnUnreadableCidr()
    {
        var result = _ps.Run(
            "$null = New-Cluster -Empty; $null = New-IpPool a 10.50.0.0/24; "
            + "Import-Manifest -Yaml \"apiVersion: crd.projectcalico.org/v1`nkind: IPPool`nmetadata:`n  name: b`nspec:`n  cidr: 10.50.0.0/23`n"
            + "---`napiVersion: crd.projectcalico.org/v1`nkind: IPPool`nmetadata:`n  name: c`nspec:`n  cidr: 10.50.0.0/33`n\"");

        Assert.Equal(new[] { "ippool.crd.projectcalico.org/b created" }, result.Values("Line"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("c", error.TargetObject);
        Assert.Contains("10.50.0.0/33", error.Exception.Message);
    }

    // ---- -Path: files, folders, wildcards, missing paths ---------------------------------------------

    [Fact]
    public void Path_Folder_AppliesItsYamlFilesInNameOrder_AndNothingElse()
    {
        CopyLab("02-default-pool.yaml", "b.yml");
        CopyLab("01-nodes.yaml", "a.yaml");
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-txt\n");
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.WriteAllText(Path.Combine(_dir, "sub", "c.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: from-sub\n");

        var result = _ps.Run("$null = New-Cluster -Empty; Import-Manifest -Path $dir");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "node/ip-10-0-0-10 created", "node/ip-10-0-0-11 created", "node/ip-10-0-0-12 created", "ippool.projectcalico.org/default-ipv4-ippool created" },
            result.Values("Line"));
        Assert.Equal(new[] { "a.yaml", "a.yaml", "a.yaml", "b.yml" }, result.Values("Source"));
    }

    [Fact]
    public void Path_Wildcards_AndSeveralPaths_AndFilesFromGetChildItem()
    {
        CopyLab("01-nodes.yaml", "01-nodes.yaml");
        CopyLab("02-default-pool.yaml", "02-default-pool.yaml");

        var wildcard = _ps.Run("$null = New-Cluster -Empty; Import-Manifest (Join-Path $dir '0*.yaml')");
        var piped = _ps.Run("$null = New-Cluster -Empty; Get-ChildItem $dir -Filter *.yaml | Import-Manifest");

        Assert.Empty(wildcard.Errors);
        Assert.Equal(4, wildcard.Output.Count);
        Assert.Empty(piped.Errors);
        Assert.Equal(wildcard.Values("Line"), piped.Values("Line"));
    }

    [Fact]
    public void Path_Missing_IsManifestNotFound_WithKubectlsText_AndTheOtherPathsApply()
    {
        CopyLab("01-nodes.yaml", "01-nodes.yaml");
        var missing = Path.Combine(_dir, "missing.yaml");

        var result = _ps.Run("$null = New-Cluster -Empty; Import-Manifest (Join-Path $dir 'missing.yaml'), (Join-Path $dir '01-nodes.yaml')");

        Assert.Equal(3, result.Output.Count);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ManifestNotFound" + Import, error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal($"the path \"{missing}\" does not exist", error.Exception.Message);
    }

    [Fact]
    public void Path_Missing_ForRemoveManifest_IsManifestNotFound()
    {
        var result = _ps.Run("Remove-Manifest (Join-Path $dir 'missing.yaml')");

        Assert.Equal("ManifestNotFound" + Remove, Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    // ---- -WhatIf -----------------------------------------------------------------------------------------

    [Fact]
    public void WhatIf_AppliesNothing_AndNamesEachDocument()
    {
        var before = FullSnapshot();

        var result = _ps.Run("Import-Manifest -Path (Join-Path $labs '01-nodes.yaml'), (Join-Path $labs '04-external-pool.yaml') -WhatIf; "
            + "Import-Manifest -Yaml $(\"apiVersion: v1`nkind: Namespace`nmetadata:`n  name: new-ns`n\") -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(new[]
        {
            "What if: Performing the operation \"Apply\" on target \"Node \"ip-10-0-0-10\" from \"01-nodes.yaml\"\".",
            "What if: Performing the operation \"Apply\" on target \"Node \"ip-10-0-0-11\" from \"01-nodes.yaml\"\".",
            "What if: Performing the operation \"Apply\" on target \"Node \"ip-10-0-0-12\" from \"01-nodes.yaml\"\".",
            "What if: Performing the operation \"Apply\" on target \"IPPool \"external-pool\" from \"04-external-pool.yaml\"\".",
            "What if: Performing the operation \"Apply\" on target \"Namespace \"new-ns\" from \"STDIN\"\".",
        }, result.WhatIfLines);
        Assert.Equal(before, FullSnapshot());
    }

    [Fact]
    public void RemoveManifest_WhatIf_DeletesNothing()
    {
        var before = FullSnapshot();

        var result = _ps.Run("Remove-Manifest -Path (Join-Path $labs '03-yaobank.yaml') -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(10, result.WhatIfLines.Length);
        Assert.StartsWith("What if: Performing the operation \"Delete\" on target \"Namespace \"yaobank\" from \"03-yaobank.yaml\"\"", result.WhatIfLines[0]);
        Assert.Equal(before, FullSnapshot());
    }

    // ---- YAML safety ----------------------------------------------------------------------------------------

    [Fact]
    public void MalformedYaml_IsManifestInvalid_WithLineAndColumn_AndChangesNothing()
    {
        var before = FullSnapshot();
        _ps.Set("bad", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n   bad: [1, 2\n");

        var result = _ps.Run("Import-Manifest -Yaml $bad");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ManifestInvalid" + Import, error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal("STDIN", error.TargetObject);
        Assert.StartsWith("error parsing STDIN: ", error.Exception.Message);
        Assert.EndsWith("(line 5, column 7)", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(before, FullSnapshot());
    }

    [Fact]
    public void MalformedFile_NamesTheFile()
    {
        File.WriteAllText(Path.Combine(_dir, "broken.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: x\n");

        var result = _ps.Run("Import-Manifest (Join-Path $dir 'broken.yaml')");

        var error = Assert.Single(result.Errors);
        Assert.Equal("broken.yaml", error.TargetObject);
        Assert.StartsWith("error parsing broken.yaml: ", error.Exception.Message);
        Assert.Contains("(line 4, column 1)", error.Exception.Message);
    }

    [Fact]
    public void AliasBomb_IsRefused_AndChangesNothing()
    {
        var before = FullSnapshot();
        var bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = 'a';
        for (var level = 'b'; level <= 'i'; level++)
        {
            bomb.Append("  ").Append(level).Append(": &").Append(level).Append(" [")
                .Append(string.Join(",", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
            previous = level;
        }
        _ps.Set("bomb", bomb.ToString());

        var result = _ps.Run("Import-Manifest -Yaml $bomb");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ManifestInvalid" + Import, error.FullyQualifiedErrorId);
        Assert.Contains("expands to more than 2000000 nodes", error.Exception.Message);
        Assert.Matches(@"\(line \d+, column \d+\)$", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(before, FullSnapshot());
    }

    [Fact]
    public void DeepNesting_IsRefused()
    {
        _ps.Set("deep", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: deep\n  labels: " + new string('[', 100) + new string(']', 100) + "\n");

        var result = _ps.Run("Import-Manifest -Yaml $deep");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ManifestInvalid" + Import, error.FullyQualifiedErrorId);
        Assert.Contains("nests deeper than the limit of 64", error.Exception.Message);
    }

    [Fact]
    public void DisabledAsAString_IsRefused_NamingTheDocumentTheFieldAndThePosition()
    {
        var before = FullSnapshot();
        _ps.Set("t", "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.60.0.0/24\n  disabled: 'True'\n");

        var result = _ps.Run("Import-Manifest -Yaml $t");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ManifestInvalid" + Import, error.FullyQualifiedErrorId);
        Assert.Equal("p", error.TargetObject);
        Assert.StartsWith("error when applying IPPool \"p\" from \"STDIN\": json: cannot unmarshal string into Go struct field ", error.Exception.Message);
        Assert.Contains("disabled of type bool", error.Exception.Message);
        Assert.EndsWith("(at line 7, column 13)", error.Exception.Message);
        Assert.Equal(before, FullSnapshot());
    }

    [Fact]
    public void BadDocuments_LeaveTheClusterExactlyAsItWas_EachWithItsOwnError()
    {
        var before = FullSnapshot();
        _ps.Set("t",
            "apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: overlap\nspec:\n  cidr: 10.48.0.0/16\n"
            + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\n  namespace: yaobank\nspec:\n  replicas: -1\n"
            + "  selector: {matchLabels: {a: b}}\n  template: {metadata: {labels: {a: b}}}\n"
            + "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: nope\n"
            + "---\napiVersion: v1\nkind: Node\nmetadata:\n  name: no-address\n");

        var result = _ps.Run("Import-Manifest -Yaml $t");

        Assert.Empty(result.Output);
        Assert.Equal(new[] { "IpPoolInvalid", "DeploymentInvalid", "NamespaceNotFound", "ManifestInvalid" },
            result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).ToArray());
        Assert.All(result.Errors, e => Assert.StartsWith("error when applying ", e.Exception.Message));
        Assert.Equal(before, FullSnapshot());
    }

    [Fact]
    public void ANonObjectDocument_IsAnError_AndTheOtherDocumentsStillApply()
    {
        // Issue 6: "A failing document writes an error that names it, and the others still apply".
        _ps.Set("t", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: first\n---\n- just\n- a list\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: last\n");

        var result = _ps.Run("Import-Manifest -Yaml $t");

        Assert.Equal(new[] { "namespace/first created", "namespace/last created" }, result.Values("Line"));
        Assert.Single(result.Errors);
    }

    [Fact]
    public void IpamConfiguration_Refused_HasTheModulesErrorId()
    {
        // README: IpamConfigInvalid is the id of a refused IPAM configuration.
        var result = _ps.Run("Import-Manifest -Yaml \"apiVersion: projectcalico.org/v3`nkind: IPAMConfiguration`nmetadata:`n  name: other`nspec: {}`n\"");

        Assert.Equal("IpamConfigInvalid" + Import, Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    // ---- Remove-Manifest --------------------------------------------------------------------------------------

    [Fact]
    public void RemoveManifest_GivesKubectlsDeleteLine()
    {
        var result = _ps.Run("Remove-Manifest -Yaml (Get-Deployment -Namespace yaobank -Name customer | ConvertTo-Manifest)");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "deployment.apps \"customer\" deleted" }, result.Values("Line"));
        Assert.Equal(new[] { "deleted" }, result.Values("Action"));
        Assert.Empty(_ps.Run("Get-Pod -Namespace yaobank -Name customer-*").Output);
        Assert.Equal(new[] { "0" }, _ps.Run("(Test-Ipam).ProblemCount").Objects.Select(o => o.ToString()!).ToArray());
    }

    [Fact]
    public void RemoveManifest_OfAMissingObject_IsAnErrorNamingTheDocument_AndTheOthersGo()
    {
        _ps.Set("t", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: staging\n---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: external-pool\n");

        var result = _ps.Run("Remove-Manifest -Yaml $t");

        Assert.Equal(new[] { "ippool.projectcalico.org \"external-pool\" deleted" }, result.Values("Line"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("NamespaceNotFound" + Remove, error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("staging", error.TargetObject);
        Assert.Equal("error when deleting Namespace \"staging\" from \"STDIN\": namespaces \"staging\" not found", error.Exception.Message);
    }

    [Fact]
    public void RemoveManifest_OfTheYaobankFile_DeletesAllTen_AsKubectlDeleteF()
    {
        var result = _ps.Run("Remove-Manifest -Path (Join-Path $labs '03-yaobank.yaml')");

        Assert.Empty(result.Errors.Select(e => e.Exception.Message));
        Assert.Equal(YaobankCreated.Select(l =>
        {
            var slash = l.IndexOf('/');
            return l.Substring(0, slash) + " \"" + l.Substring(slash + 1, l.IndexOf(' ') - slash - 1) + "\" deleted";
        }).ToArray(), result.Values("Line"));
        Assert.Empty(_ps.Run("Get-ClusterObject").Output);
        Assert.Empty(_ps.Run("Get-Pod -Namespace yaobank").Output);
    }

    // ---- ConvertTo-Manifest -------------------------------------------------------------------------------------

    [Fact]
    public void ConvertTo_OneObject_IsItself_Several_AreOneList()
    {
        var one = _ps.Run("Get-IpPool default-ipv4-ippool | ConvertTo-Manifest");
        var pools = _ps.Run("Get-IpPool | ConvertTo-Manifest");
        var asList = _ps.Run("Get-IpPool external-pool | ConvertTo-Manifest -AsList");
        var pods = _ps.Run("Get-Pod | ConvertTo-Manifest");
        var mixed = _ps.Run("@(Get-IpPool) + @(Get-Node) | ConvertTo-Manifest");

        foreach (var r in new[] { one, pools, asList, pods, mixed })
        {
            Assert.Empty(r.Errors);
            Assert.IsType<string>(Assert.Single(r.Objects));
        }
        Assert.StartsWith("apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  creationTimestamp: \"2022-07-09T17:44:37Z\"\n  name: default-ipv4-ippool\n", (string)one.Objects[0]);
        Assert.EndsWith("kind: IPPoolList\nmetadata:\n  resourceVersion: \"\"\n", (string)pools.Objects[0]);
        Assert.EndsWith("kind: IPPoolList\nmetadata:\n  resourceVersion: \"\"\n", (string)asList.Objects[0]);
        Assert.StartsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n", (string)pods.Objects[0]);
        Assert.EndsWith("kind: List\nmetadata:\n  resourceVersion: \"\"\n", (string)mixed.Objects[0]);
    }

    [Fact]
    public void ConvertTo_PositionalInputObject_Works()
    {
        var result = _ps.Run("ConvertTo-Manifest (Get-IpamConfig)");

        Assert.Equal("apiVersion: projectcalico.org/v3\nkind: IPAMConfiguration\nmetadata:\n  name: default\nspec:\n  autoAllocateBlocks: true\n  strictAffinity: false\n",
            Assert.Single(result.Objects));
    }

    [Fact]
    public void ConvertTo_NotAResource_IsANonTerminatingError_AndTheRestConverts()
    {
        var result = _ps.Run("'hello', (Get-IpPool external-pool) | ConvertTo-Manifest");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NotAResource,CalicoIpam.PowerShell.Commands.ConvertToManifestCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidType, error.CategoryInfo.Category);
        Assert.Equal("hello", error.TargetObject);
        Assert.StartsWith("apiVersion: projectcalico.org/v3\nkind: IPPool\n", (string)Assert.Single(result.Objects));
    }

    [Fact]
    public void ConvertTo_Output_ReimportsIntoTheSameCluster_AsUnchanged()
    {
        var result = _ps.Run("$all = @(Get-Node) + @(Get-IpPool) + @(Get-IpamConfig) + @(Get-Namespace) + @(Get-ClusterObject) + @(Get-Deployment) + @(Get-Pod); "
            + "Import-Manifest -Yaml ($all | ConvertTo-Manifest)");

        Assert.Empty(result.Errors);
        Assert.Equal(3 + 2 + 1 + 4 + 6 + 4 + 5, result.Output.Count);
        Assert.All(result.Values("Action"), a => Assert.Equal("unchanged", a));
    }

    [Fact]
    public void ConvertTo_Output_ReimportsIntoAnEmptyCluster_AsCreated()
    {
        var result = _ps.Run("$lab = Get-Cluster; $all = @(Get-Node) + @(Get-IpPool) + @(Get-Namespace) + @(Get-ClusterObject) + @(Get-Deployment); "
            + "$text = $all | ConvertTo-Manifest; $empty = New-Cluster -Empty; Import-Manifest -Yaml $text");

        Assert.Empty(result.Errors);
        Assert.All(result.Values("Action"), a => Assert.Contains(a, new[] { "created", "unchanged" }));
        Assert.Equal(new[] { "namespace/default unchanged", "namespace/kube-system unchanged" },
            result.Values("Line").Where(l => l.EndsWith(" unchanged", StringComparison.Ordinal)).ToArray());
        var pods = _ps.Run("Get-Pod | ForEach-Object { $_.Namespace + ' ' + $_.Status + ' ' + $_.IP }").Objects.Cast<string>().ToArray();
        Assert.Equal(5, pods.Length);
        Assert.All(pods, p => Assert.Contains(" Running 10.48.", p));
        Assert.Equal("external-ns Running 10.48.2", pods[0].Substring(0, "external-ns Running 10.48.2".Length));
    }

    [Fact]
    public void Blocks_AndAffinities_AreRefusedOnImport_WithAClearMessageNamingTheDocumentOnce()
    {
        var result = _ps.Run("$text = Get-IpamBlock | Select-Object -First 1 | ConvertTo-Manifest; $null = New-Cluster -Empty; Import-Manifest -Yaml $text");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ManifestInvalid" + Import, error.FullyQualifiedErrorId);
        Assert.Contains("IPAM blocks and affinities belong to Calico IPAM", error.Exception.Message);
        Assert.Contains("Import-Cluster", error.Exception.Message);
        var naming = "IPAMBlock \"10-48-0-0-26\" from \"STDIN\"";
        Assert.Equal(1, (error.Exception.Message.Length - error.Exception.Message.Replace(naming, "", StringComparison.Ordinal).Length) / naming.Length);
    }

    // ---- Export-Manifest --------------------------------------------------------------------------------------------

    [Fact]
    public void Export_WritesWhatConvertToReturns_Utf8WithoutBom_LfLineEnds_NoTemporaryFileLeft()
    {
        var result = _ps.Run("Get-IpPool | Export-Manifest -Path (Join-Path $dir 'pools.yaml'); Get-IpPool | ConvertTo-Manifest");

        Assert.Empty(result.Errors);
        var bytes = File.ReadAllBytes(Path.Combine(_dir, "pools.yaml"));
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no byte order mark");
        var text = Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("\r", text);
        Assert.Equal((string)Assert.Single(result.Objects), text);
        Assert.Equal(new[] { "pools.yaml" }, Directory.GetFiles(_dir).Select(Path.GetFileName).ToArray());
    }

    [Fact]
    public void Export_ExistingFile_WithoutForce_IsATerminatingFileExistsError_AndTheFileStays()
    {
        var path = Path.Combine(_dir, "pools.yaml");
        File.WriteAllText(path, "old");

        var result = _ps.Run("try { Get-IpPool | Export-Manifest -Path (Join-Path $dir 'pools.yaml'); 'went on' } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }");

        Assert.Equal(new object[] { "FileExists,CalicoIpam.PowerShell.Commands.ExportManifestCommand", $"The file '{path}' already exists; use -Force to overwrite it." },
            result.Objects);
        Assert.Equal("old", File.ReadAllText(path));
    }

    [Fact]
    public void Export_Force_Overwrites_PassThru_ReturnsTheFile_AsList_WritesAList()
    {
        var path = Path.Combine(_dir, "pool.yaml");
        File.WriteAllText(path, "old");

        var result = _ps.Run("Get-IpPool external-pool | Export-Manifest (Join-Path $dir 'pool.yaml') -Force -AsList -PassThru");

        Assert.Empty(result.Errors);
        var file = Assert.IsType<FileInfo>(Assert.Single(result.Objects));
        Assert.Equal(path, file.FullName);
        Assert.EndsWith("kind: IPPoolList\nmetadata:\n  resourceVersion: \"\"\n", File.ReadAllText(path));
    }

    [Fact]
    public void Export_WhatIf_WritesNothing()
    {
        var result = _ps.Run("Get-IpPool | Export-Manifest -Path (Join-Path $dir 'pools.yaml') -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Single(result.WhatIfLines);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Export_ThenImport_IntoAnEmptyCluster_Roundtrips()
    {
        var result = _ps.Run("Get-Node | Export-Manifest (Join-Path $dir 'nodes.yaml'); Get-IpPool | Export-Manifest (Join-Path $dir 'pools.yaml'); "
            + "$null = New-Cluster -Empty; Import-Manifest -Path $dir");

        Assert.Empty(result.Errors);
        Assert.Equal(new[]
        {
            "node/ip-10-0-0-10 created", "node/ip-10-0-0-11 created", "node/ip-10-0-0-12 created",
            "ippool.projectcalico.org/default-ipv4-ippool created", "ippool.projectcalico.org/external-pool created",
        }, result.Values("Line"));
    }

    [Fact]
    public void Export_IntoAFolderThatDoesNotExist_SaysSoAboutThePathItWasGiven()
    {
        var result = _ps.Run("Get-IpPool | Export-Manifest -Path (Join-Path $dir 'no-such-folder/pools.yaml')");

        var error = Assert.Single(result.Errors);
        Assert.Equal("ManifestWriteFailed,CalicoIpam.PowerShell.Commands.ExportManifestCommand", error.FullyQualifiedErrorId);
        Assert.Contains("no-such-folder", error.Exception.Message);
        Assert.DoesNotContain(".tmp", error.Exception.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
    }

    // ---- Get-ClusterObject -----------------------------------------------------------------------------------------

    [Fact]
    public void GetClusterObject_ListsTheLabsServicesAndServiceAccounts_AndFilters()
    {
        var all = _ps.Run("Get-ClusterObject | ForEach-Object { $_.Namespace + ' ' + $_.Kind + ' ' + $_.Name + ' ' + $_.ApiVersion }");
        var services = _ps.Run("Get-ClusterObject -Kind service");
        var named = _ps.Run("Get-ClusterObject -Name CUST*");
        var none = _ps.Run("Get-ClusterObject -Namespace external-ns; Get-ClusterObject -Name nothing");

        Assert.Equal(new object[]
        {
            "yaobank Service customer v1", "yaobank Service database v1", "yaobank Service summary v1",
            "yaobank ServiceAccount customer v1", "yaobank ServiceAccount database v1", "yaobank ServiceAccount summary v1",
        }, all.Objects);
        Assert.Equal(new[] { "customer", "database", "summary" }, services.Values("Name"));
        Assert.Equal(new[] { "Service", "ServiceAccount" }, named.Values("Kind"));
        Assert.Empty(none.Output);
        Assert.Empty(none.Errors);
    }

    [Fact]
    public void GetClusterObject_DefaultView_ShowsNamespaceKindNameApiVersion()
    {
        var text = (string)_ps.Run("Get-ClusterObject -Kind Service -Name customer | Out-String").Objects.Single();

        Assert.Matches(@"NAMESPACE\s+KIND\s+NAME\s+APIVERSION", text);
        Assert.Matches(@"yaobank\s+Service\s+customer\s+v1", text);
    }

    [Fact]
    public void GetClusterObject_FromAnotherCluster_ByPipeline()
    {
        var result = _ps.Run("$e = New-Cluster -Empty; $lab = New-Cluster; $null = Use-Cluster $e -PassThru; @($lab | Get-ClusterObject).Count; @(Get-ClusterObject).Count");

        Assert.Equal(new object[] { 6, 0 }, result.Objects);
    }

    [Fact]
    public void GetClusterObject_AfterTheNamespaceIsRemoved_ListsNothingOfIt()
    {
        var result = _ps.Run("Remove-Namespace yaobank; Get-ClusterObject -Namespace yaobank");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
    }

    // ---- -Cluster, and the lab cluster ----------------------------------------------------------------------------------

    [Fact]
    public void Cluster_Parameter_AppliesToThatCluster_NotTheCurrentOne()
    {
        _ps.Set("h", SeedPool2Heredoc);

        var result = _ps.Run("$b = New-Cluster; $null = New-Cluster; $r = Import-Manifest -Yaml $h -Cluster $b; "
            + "$r.Cluster -eq $b; [bool](Get-IpPool pool2-ipv4-ippool -Cluster $b); [bool](Get-IpPool pool2* )");

        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, true, false }, result.Objects);
    }

    [Fact]
    public void NewCluster_TheLab_IsBuiltFromTheShippedManifests()
    {
        var nodes = _ps.Run("$null = New-Cluster; Get-Node | ForEach-Object Name");
        var yaobank = _ps.Run("Get-Pod -Namespace yaobank | ForEach-Object { $_.Status.ToString() + ' ' + $_.IP }");
        var nginx = _ps.Run("Get-Pod -Namespace external-ns | ForEach-Object { $_.Name + ' ' + $_.Status + ' ' + $_.IP }");
        var applied = _ps.Run("foreach ($f in Get-ChildItem $labs -Filter *.yaml) { Import-Manifest -Path $f.FullName }");

        Assert.Equal(new object[] { "ip-10-0-0-10", "ip-10-0-0-11", "ip-10-0-0-12" }, nodes.Objects);
        Assert.Equal(4, yaobank.Output.Count);
        Assert.All(yaobank.Objects.Cast<string>(), p => Assert.Matches(@"^Running 10\.48\.0\.\d+$", p));
        Assert.Matches(@"^nginx-\w+-\w{5} Running 10\.48\.2\.\d+$", (string)Assert.Single(nginx.Objects));
        Assert.Empty(applied.Errors);
        Assert.Equal(17, applied.Output.Count);
        Assert.All(applied.Values("Action"), a => Assert.Equal("unchanged", a));
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /// <summary>Everything the current cluster holds, as manifests, and its clock.</summary>
    private string FullSnapshot()
    {
        var result = _ps.Run("$c = Get-Cluster; "
            + "$o = @(Get-IpPool) + @(Get-IpReservation) + @(Get-IpamConfig) + @(Get-Node) + @(Get-Namespace) + @(Get-Deployment) + @(Get-Pod) "
            + "+ @(Get-IpamBlock) + @(Get-BlockAffinity) + @(Get-ClusterObject); "
            + "'cluster #' + $c.Id; $o | ConvertTo-Manifest; 'now: ' + $c.Now.ToString('o'); 'events: ' + @(Get-ClusterEvent).Count");
        Assert.Empty(result.Errors);
        return string.Join("\n", result.Objects);
    }

    private static string Without(string snapshot, string prefix) =>
        string.Join("\n", snapshot.Split('\n').Where(l => !l.StartsWith(prefix, StringComparison.Ordinal) && !l.StartsWith("events:", StringComparison.Ordinal)));

    private void CopyLab(string file, string asName) =>
        File.Copy(Path.Combine(PsSession.RepoRoot, "module", "labs", "2.3", file), Path.Combine(_dir, asName));

    /// <summary>2.3-yaobank-ipam.yaml as lab-and-simulators.md §1.7 describes it (extensions/v1beta1
    /// Deployments without selector, pool annotations, the Namespace document with apiVersion twice).</summary>
    private static string YaobankIpamText()
    {
        var lab = File.ReadAllText(Path.Combine(PsSession.RepoRoot, "module", "labs", "2.3", "03-yaobank.yaml")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var text = new StringBuilder();
        foreach (var document in lab.Split("\n---\n"))
        {
            if (document.Contains("kind: Deployment", StringComparison.Ordinal))
            {
                var name = document.Split('\n').First(l => l.StartsWith("  name: ", StringComparison.Ordinal)).Substring(8);
                var pool = name == "customer" ? "pool1-ipv4-ippool" : "pool2-ipv4-ippool";
                text.Append("apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata:\n")
                    .Append($"  name: {name}\n  namespace: yaobank\nspec:\n  replicas: 1\n  template:\n    metadata:\n      annotations:\n")
                    .Append($"        \"cni.projectcalico.org/ipv4pools\": \"[\\\"{pool}\\\"]\"\n")
                    .Append($"      labels:\n        app: {name}\n        version: v1\n    spec:\n      containers:\n")
                    .Append($"      - name: {name}\n        image: spikecurtis/yaobank-{name}:latest\n---\n");
                continue;
            }
            var doc = document.Replace("apiVersion: v1\nkind: Namespace", "apiVersion: v1\napiVersion: v1\nkind: Namespace", StringComparison.Ordinal);
            text.Append(doc.TrimEnd('\n')).Append("\n---\n");
        }
        return text.ToString();
    }
}

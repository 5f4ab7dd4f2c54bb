using System.Linq;
using System.Management.Automation;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>Pods and namespaces: the CNI plugin's pool annotations (pod over namespace), the
/// ipAddrs annotation, Go's JSON errors, kubectl's texts for pods and namespaces, removal
/// releasing addresses, and Tab completion of pod, namespace and reservation names.</summary>
public sealed class WorkloadCommandTests : IClassFixture<PsSession>
{
    private const string Commands = "CalicoIpam.PowerShell.Commands.";
    private const string Ipv4Pools = "cni.projectcalico.org/ipv4pools";
    private const string IpAddrs = "cni.projectcalico.org/ipAddrs";

    private readonly PsSession _ps;

    public WorkloadCommandTests(PsSession ps)
    {
        _ps = ps;
        _ps.Run("$null = New-Cluster -Empty");
    }

    // ---- pool annotations (calico-ipam.md §2.1) ------------------------------------------------

    [Fact]
    public void WithoutAnnotations_PoolsAreTriedInNameOrder()
    {
        Setup("New-IpPool pool-b 10.245.0.0/16; New-IpPool pool-a 10.244.0.0/16; New-Node node-1 10.0.0.11/24");

        var result = _ps.Run("New-Pod web -Node node-1 -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "10.244.84.128" }, result.Values("IP"));
    }

    [Fact]
    public void PodAnnotation_Ipv4Pools_PicksThatPool()
    {
        Setup("New-IpPool pool-a 10.244.0.0/16; New-IpPool pool-b 10.245.0.0/16; New-Node node-1 10.0.0.11/24");

        var result = _ps.Run($$"""New-Pod web -Node node-1 -Annotation @{ '{{Ipv4Pools}}' = '["pool-b"]' } -PassThru""");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "10.245.84.128" }, result.Values("IP"));
        Assert.Equal(new[] { "Running" }, result.Values("Status"));
        Assert.Equal(new[] { "pool-b" }, _ps.Run("Get-IpamBlock").Values("Pool"));
    }

    [Fact]
    public void PodAnnotation_Ipv4Pools_TakesACidrToo()
    {
        Setup("New-IpPool pool-a 10.244.0.0/16; New-IpPool pool-b 10.245.0.0/16; New-Node node-1 10.0.0.11/24");

        var result = _ps.Run($$"""New-Pod web -Node node-1 -Annotation @{ '{{Ipv4Pools}}' = '["10.245.0.0/16"]' } -PassThru""");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "10.245.84.128" }, result.Values("IP"));
    }

    [Fact]
    public void NamespaceAnnotation_IsUsedWhenThePodHasNone_AndThePodsAnnotationWins()
    {
        Setup($$"""
            New-IpPool pool-a 10.244.0.0/16; New-IpPool pool-b 10.245.0.0/16; New-Node node-1 10.0.0.11/24
            New-Namespace team-b -Annotation @{ '{{Ipv4Pools}}' = '["pool-b"]' }
            """);

        var fromNamespace = _ps.Run("New-Pod web -Namespace team-b -Node node-1 -PassThru");
        var fromPod = _ps.Run($$"""New-Pod api -Namespace team-b -Node node-1 -Annotation @{ '{{Ipv4Pools}}' = '["pool-a"]' } -PassThru""");
        var otherNamespace = _ps.Run("New-Pod db -Node node-1 -PassThru");

        Assert.Empty(fromNamespace.Errors);
        Assert.Equal(new[] { "10.245.84.128" }, fromNamespace.Values("IP"));
        Assert.Empty(fromPod.Errors);
        Assert.Equal(new[] { "10.244.84.128" }, fromPod.Values("IP"));
        Assert.Equal(new[] { "10.244.84.129" }, otherNamespace.Values("IP"));
    }

    [Fact]
    public void PodAnnotation_NamingAMissingPool_LeavesThePodWaiting_UntilThePoolExists()
    {
        Setup("New-IpPool pool-a 10.244.0.0/16; New-Node node-1 10.0.0.11/24");
        const string message = "error parsing pool \"nope\": invalid CIDR address: nope";

        var result = _ps.Run($$"""New-Pod web -Node node-1 -Annotation @{ '{{Ipv4Pools}}' = '["nope"]' } -PassThru""");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "ContainerCreating" }, result.Values("Status"));
        Assert.Equal(new[] { message }, result.Values("Message"));
        Assert.Equal(new[] { "" }, result.Values("IP"));
        Assert.Contains("WARNING: Pod default/web is ContainerCreating: " + message, result.HostLines);
        Assert.Empty(_ps.Run("Get-IpAllocation").Output);

        Setup("New-IpPool nope 10.246.0.0/16");

        var pod = _ps.Run("Get-Pod web");
        Assert.Equal(new[] { "Running" }, pod.Values("Status"));
        Assert.Equal(new[] { "10.246.84.128" }, pod.Values("IP"));
        Assert.Equal(new[] { "" }, pod.Values("Message"));
    }

    [Fact]
    public void IpAddrsAnnotation_GivesExactlyThatAddress()
    {
        Setup("New-IpPool pool-a 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Node node-2 10.0.0.12/24");

        var result = _ps.Run($$"""New-Pod web -Node node-2 -Annotation @{ '{{IpAddrs}}' = '["10.244.5.5"]' } -PassThru""");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "10.244.5.5" }, result.Values("IP"));
        Assert.Equal(new[] { "Running" }, result.Values("Status"));
        var allocation = _ps.Run("Get-IpAllocation -Ip 10.244.5.5");
        Assert.Equal(new[] { "web" }, allocation.Values("Pod"));
        Assert.Equal(new[] { "node-2" }, allocation.Values("Node"));
        // §6 step 4: AssignIP claims the missing block for the pod's node.
        Assert.Equal(new[] { "node-2" }, allocation.Values("BlockOwner"));
        Assert.Equal(new[] { "10.244.5.0/26" }, _ps.Run("Get-IpamBlock").Values("Cidr"));
    }

    /// <summary>The annotation is a JSON array; json.Unmarshal's error is the pod's message.</summary>
    [Theory]
    [InlineData("[pool", "invalid character 'p' looking for beginning of value")]
    [InlineData("[\"pool-a\",", "unexpected end of JSON input")]
    [InlineData("{}", "json: cannot unmarshal object into Go value of type []string")]
    public void PodAnnotation_InvalidJson_GivesGosJsonError(string annotation, string message)
    {
        Setup("New-IpPool pool-a 10.244.0.0/16; New-Node node-1 10.0.0.11/24");
        _ps.Set("annotation", annotation);

        var result = _ps.Run($$"""New-Pod web -Node node-1 -Annotation @{ '{{Ipv4Pools}}' = $annotation } -PassThru""");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "ContainerCreating" }, result.Values("Status"));
        Assert.Equal(new[] { message }, result.Values("Message"));
        Assert.Empty(_ps.Run("Get-IpAllocation").Output);
    }

    [Fact]
    public void NamespaceAnnotation_InvalidJson_GivesGosJsonError()
    {
        Setup($$"""
            New-IpPool pool-a 10.244.0.0/16; New-Node node-1 10.0.0.11/24
            New-Namespace team-b -Annotation @{ '{{Ipv4Pools}}' = '[pool' }
            """);

        var result = _ps.Run("New-Pod web -Namespace team-b -Node node-1 -PassThru");

        Assert.Equal(new[] { "ContainerCreating" }, result.Values("Status"));
        Assert.Equal(new[] { "invalid character 'p' looking for beginning of value" }, result.Values("Message"));
    }

    // ---- Get-Pod -----------------------------------------------------------------------------

    [Theory]
    [InlineData("Get-Pod", new[] { "default/api", "default/web-1", "team-b/web-2", "team-b/worker" })]
    [InlineData("Get-Pod -Namespace team-b", new[] { "team-b/web-2", "team-b/worker" })]
    [InlineData("Get-Pod -Namespace kube-system", new string[0])]
    [InlineData("Get-Pod -Node node-2", new[] { "default/web-1", "team-b/worker" })]
    [InlineData("Get-Pod -Node *-1", new[] { "default/api", "team-b/web-2" })]
    [InlineData("Get-Pod web*", new[] { "default/web-1", "team-b/web-2" })]
    [InlineData("Get-Pod W*", new[] { "default/web-1", "team-b/web-2", "team-b/worker" })]
    [InlineData("Get-Pod web* -Namespace default", new[] { "default/web-1" })]
    [InlineData("Get-Pod w* -Namespace team-b -Node node-2", new[] { "team-b/worker" })]
    [InlineData("Get-Pod api, web*", new[] { "default/api", "default/web-1", "team-b/web-2" })]
    [InlineData("Get-Pod nope*", new string[0])]
    public void GetPod_FiltersByNamespaceNodeAndName(string command, string[] expected)
    {
        SetupFourPods();

        var result = _ps.Run(command);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Output.Select(p => Value(p, "Namespace") + "/" + Value(p, "Name")).ToArray());
    }

    [Fact]
    public void GetPod_ALiteralMiss_IsPodNotFound_WithKubectlsText()
    {
        SetupFourPods();

        var result = _ps.Run("Get-Pod x, api");

        var error = Assert.Single(result.Errors);
        Assert.Equal("PodNotFound," + Commands + "GetPodCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("x", error.TargetObject);
        Assert.Equal("pods \"x\" not found", error.Exception.Message);
        Assert.Equal(new[] { "api" }, result.Values("Name"));
    }

    [Fact]
    public void GetPod_ANameInAnotherNamespace_IsNotFound()
    {
        SetupFourPods();

        var result = _ps.Run("Get-Pod api -Namespace team-b");

        var error = Assert.Single(result.Errors);
        Assert.Equal("pods \"api\" not found", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    // ---- Remove-Pod --------------------------------------------------------------------------

    [Fact]
    public void RemovePod_ByName_ReleasesItsAddress()
    {
        SetupFourPods();
        var ip = _ps.Run("Get-Pod web-1").Values("IP").Single();

        var result = _ps.Run("Remove-Pod web-1");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(0, result.Prompts);
        Assert.Equal(new[] { "api", "web-2", "worker" }, _ps.Run("Get-Pod").Values("Name"));
        Assert.DoesNotContain(ip, _ps.Run("Get-IpAllocation").Values("Ip"));
        Assert.Equal($"{ip} is not assigned", Assert.Single(_ps.Run($"Get-IpAllocation -Ip {ip}").Errors).Exception.Message);
        Assert.Equal(new object[] { true }, _ps.Objects("Test-Ipam -Quiet"));
    }

    [Fact]
    public void RemovePod_InANamespace_ByWildcard()
    {
        SetupFourPods();

        var result = _ps.Run("Remove-Pod w* -Namespace team-b");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "api", "web-1" }, _ps.Run("Get-Pod").Values("Name"));
        Assert.Equal(new[] { "api", "web-1" }, _ps.Run("Get-IpAllocation").Values("Pod").OrderBy(p => p).ToArray());
    }

    [Fact]
    public void RemovePod_ALiteralMiss_IsPodNotFound()
    {
        SetupFourPods();

        // web-2 is in team-b, and Remove-Pod's namespace is default unless given.
        var result = _ps.Run("Remove-Pod web-2");

        var error = Assert.Single(result.Errors);
        Assert.Equal("PodNotFound," + Commands + "RemovePodCommand", error.FullyQualifiedErrorId);
        Assert.Equal("pods \"web-2\" not found", error.Exception.Message);
        Assert.Equal(4, _ps.Run("Get-Pod").Output.Count);
    }

    [Fact]
    public void GetPodPipedToRemovePod_RemovesEveryPod_WithoutAPrompt_AndOnlyTunnelAddressesRemain()
    {
        SetupFourPods(ipip: true);
        Assert.Equal(6, _ps.Run("Get-IpAllocation").Output.Count);

        var result = _ps.Run("Get-Pod | Remove-Pod");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(0, result.Prompts);
        Assert.Empty(_ps.Run("Get-Pod").Output);
        var left = _ps.Run("Get-IpAllocation");
        Assert.Equal(new[] { "ipip-tunnel-addr-node-1", "ipip-tunnel-addr-node-2" }, left.Values("Handle").OrderBy(h => h).ToArray());
        Assert.Equal(new[] { "ipipTunnelAddress", "ipipTunnelAddress" }, left.Values("Type"));
        Assert.Equal(new object[] { true }, _ps.Objects("Test-Ipam -Quiet"));
    }

    [Fact]
    public void RemovePod_OfAWaitingPod_LetsTheNextWaitingPodStart()
    {
        Setup("New-IpPool p 10.0.0.0/26; New-Node node-1 10.0.0.11/24");
        Setup("1..64 | ForEach-Object { New-Pod \"web-$_\" -Node node-1 }");

        var waiting = _ps.Run("New-Pod extra -Node node-1 -PassThru");
        var removed = _ps.Run("Remove-Pod web-1");

        Assert.Equal(new[] { "ContainerCreating" }, waiting.Values("Status"));
        Assert.Equal(
            new[] { "failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; No IPs available in pools: [10.0.0.0/26]" },
            waiting.Values("Message"));
        Assert.Empty(removed.Errors);
        var extra = _ps.Run("Get-Pod extra");
        Assert.Equal(new[] { "Running" }, extra.Values("Status"));
        Assert.Equal(new[] { "10.0.0.0" }, extra.Values("IP"));
    }

    // ---- namespaces --------------------------------------------------------------------------

    [Fact]
    public void EveryClusterHasDefaultAndKubeSystem()
    {
        var result = _ps.Run("Get-Namespace");

        Assert.Empty(result.Errors);
        Assert.Equal("CalicoIpam.Core.Clusters.Namespace", result.Objects[0].GetType().FullName);
        Assert.Equal(new[] { "default", "kube-system" }, result.Values("Name"));
        Assert.Equal(new[] { "Active", "Active" }, result.Values("Status"));
    }

    [Fact]
    public void NewNamespace_StoresLabelsAndAnnotations()
    {
        var result = _ps.Run($$"""New-Namespace team-b -Label @{ team = 'b' } -Annotation @{ '{{Ipv4Pools}}' = '["pool-b"]' } -PassThru""");
        var quiet = _ps.Run("New-Namespace team-c");

        Assert.Empty(result.Errors);
        var ns = Assert.Single(result.Output);
        Assert.Equal("team-b", Value(ns, "Name"));
        Assert.Equal(new object[] { "b" }, _ps.Objects("(Get-Namespace team-b).Labels['team']"));
        Assert.Equal(new object[] { "[\"pool-b\"]" }, _ps.Objects($"(Get-Namespace team-b).Annotations['{Ipv4Pools}']"));
        Assert.Empty(quiet.Errors);
        Assert.Empty(quiet.Output);
        Assert.Equal(new[] { "default", "kube-system", "team-b", "team-c" }, _ps.Run("Get-Namespace").Values("Name"));
        Assert.Equal(new[] { "team-b", "team-c" }, _ps.Run("Get-Namespace team-*").Values("Name"));
    }

    [Theory]
    [InlineData("default")]
    [InlineData("team-b")]
    public void NewNamespace_Duplicate_IsNamespaceAlreadyExists(string name)
    {
        Setup("New-Namespace team-b");

        var result = _ps.Run($"New-Namespace {name}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NamespaceAlreadyExists," + Commands + "NewNamespaceCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal(name, error.TargetObject);
        Assert.Equal($"namespaces \"{name}\" already exists", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Theory]
    [InlineData("Bad_NS")]
    [InlineData("team.b")]
    [InlineData("-team")]
    public void NewNamespace_InvalidName_IsNamespaceInvalid_WithKubernetesRfc1123LabelText(string name)
    {
        var result = _ps.Run($"New-Namespace '{name}'");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NamespaceInvalid," + Commands + "NewNamespaceCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(name, error.TargetObject);
        Assert.Equal(
            $"Namespace \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": a lowercase RFC 1123 label must consist of "
            + "lower case alphanumeric characters or '-', and must start and end with an alphanumeric character "
            + "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            error.Exception.Message);
        Assert.Equal(new[] { "default", "kube-system" }, _ps.Run("Get-Namespace").Values("Name"));
    }

    [Fact]
    public void GetNamespace_ALiteralMiss_IsNamespaceNotFound()
    {
        var result = _ps.Run("Get-Namespace nope");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NamespaceNotFound," + Commands + "GetNamespaceCommand", error.FullyQualifiedErrorId);
        Assert.Equal("namespaces \"nope\" not found", error.Exception.Message);
    }

    [Fact]
    public void NewPod_InAMissingNamespace_IsNamespaceNotFound()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24");

        var result = _ps.Run("New-Pod web -Namespace nope -Node node-1 -PassThru");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NamespaceNotFound," + Commands + "NewPodCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("namespaces \"nope\" not found", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Empty(_ps.Run("Get-Pod").Output);
        Assert.Empty(_ps.Run("Get-IpAllocation").Output);
    }

    [Fact]
    public void NewPod_Duplicate_IsPodAlreadyExists_AndKeepsTheFirstPodsAddress()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1");

        var result = _ps.Run("New-Pod web -Node node-1");

        var error = Assert.Single(result.Errors);
        Assert.Equal("PodAlreadyExists," + Commands + "NewPodCommand", error.FullyQualifiedErrorId);
        Assert.Equal("pods \"web\" already exists", error.Exception.Message);
        Assert.Equal(new[] { "10.244.84.128" }, _ps.Run("Get-IpAllocation").Values("Ip"));
    }

    // ---- a mix of operations leaves IPAM consistent --------------------------------------------

    [Fact]
    public void TestIpam_Quiet_IsTrue_AfterAMixOfOperations()
    {
        Setup($$"""
            New-IpPool pool-a 10.0.0.0/24 -IpipMode Always; New-IpPool pool-b 10.245.0.0/16
            'node-1', 'kind-worker', 'node-2', 'worker-1', 'node-3' | ForEach-Object { New-Node $_ 192.168.1.1/24 }
            New-Namespace team-b -Annotation @{ '{{Ipv4Pools}}' = '["pool-b"]' }
            New-IpReservation r1 10.245.84.128/29
            1..12 | ForEach-Object { New-Pod "web-$_" }
            1..3 | ForEach-Object { New-Pod "api-$_" -Namespace team-b }
            New-Pod fixed -Node node-1 -Annotation @{ '{{IpAddrs}}' = '["10.245.9.9"]' }
            Remove-Pod web-2, web-7
            Get-Pod -Namespace team-b api-1 | Remove-Pod
            Remove-IpReservation r1
            New-Pod late -Namespace team-b -Node node-1
            Set-IpamConfig -StrictAffinity $true
            New-Pod strict -Node node-3
            Set-IpamConfig -StrictAffinity $false
            Split-IpPool pool-b 2
            New-Pod after-split -Namespace team-b -Node node-2 -Annotation @{ '{{Ipv4Pools}}' = '["split-pool-b-1"]' }
            """);

        var quiet = _ps.Run("Test-Ipam -Quiet");
        var report = _ps.Run("Test-Ipam");

        Assert.Empty(quiet.Errors);
        Assert.Equal(new object[] { true }, quiet.Objects);
        Assert.Equal(new[] { "0" }, report.Values("ProblemCount"));
        Assert.Equal(new[] { "Running" }, _ps.Run("Get-Pod").Values("Status").Distinct().ToArray());
        // node-1's one pool-b block is the one AssignIP claimed for 10.245.9.9; affine blocks are
        // used before a new claim (§2.4a), and its ordinal 0 is free.
        Assert.Equal(new[] { "10.245.9.0" }, _ps.Run("Get-Pod late -Namespace team-b").Values("IP"));
        Assert.Equal(new object[] { "split-pool-b-1" },
            _ps.Objects("$b = (Get-IpAllocation -Ip (Get-Pod after-split -Namespace team-b).IP).Block; (Get-IpamBlock | Where-Object Cidr -eq $b).Pool"));
    }

    // ---- Tab completion ----------------------------------------------------------------------

    [Theory]
    [InlineData("Get-Pod -Namespace default -Name ", new[] { "api", "web-1" })]
    [InlineData("Get-Pod -Namespace team-b -Name ", new[] { "web-2", "worker" })]
    [InlineData("Get-Pod -Namespace team-b -Name wo", new[] { "worker" })]
    [InlineData("Get-Pod -Name ", new[] { "api", "web-1", "web-2", "worker" })]
    [InlineData("Remove-Pod -Namespace team-b ", new[] { "web-2", "worker" })]
    [InlineData("Get-Namespace ", new[] { "default", "kube-system", "team-b" })]
    [InlineData("Get-Pod -Namespace t", new[] { "team-b" })]
    [InlineData("New-Pod x -Namespace k", new[] { "kube-system" })]
    [InlineData("Get-IpReservation ", new[] { "other", "r-one", "r-two" })]
    [InlineData("Get-IpReservation r-", new[] { "r-one", "r-two" })]
    [InlineData("Remove-IpReservation -Name o", new[] { "other" })]
    [InlineData("Split-IpPool ", new[] { "pool-a" })]
    public void Names_CompleteFromTheCluster(string input, string[] expected)
    {
        SetupFourPods();
        Setup("New-IpReservation r-one 10.1.1.1; New-IpReservation r-two 10.1.1.2; New-IpReservation other 10.1.1.3");

        Assert.Equal(expected, _ps.Complete(input));
    }

    [Fact]
    public void GetNamespace_CompletesDefaultAndKubeSystem_OnAnEmptyCluster()
    {
        Assert.Equal(new[] { "default", "kube-system" }, _ps.Complete("Get-Namespace "));
        Assert.Equal(new[] { "kube-system" }, _ps.Complete("Get-Namespace -Name K"));
    }

    /// <summary>Remove-Pod acts on the default namespace unless -Namespace is given, so Tab
    /// should offer only that namespace's pods, as kubectl delete pod &lt;Tab&gt; offers the
    /// current namespace's; offering team-b's pods completes to a PodNotFound error.</summary>
    [Theory]
    [InlineData("Remove-Pod ")]
    [InlineData("Remove-Pod -Name ")]
    public void RemovePod_WithoutNamespace_CompletesTheDefaultNamespacesPods(string input)
    {
        SetupFourPods();

        Assert.Equal(new[] { "api", "web-1" }, _ps.Complete(input));
    }

    // ---- helpers -----------------------------------------------------------------------------

    // Pool pool-a 10.244.0.0/16, nodes node-1 and node-2, namespace team-b, and four pods:
    // default/api and team-b/web-2 on node-1, default/web-1 and team-b/worker on node-2.
    private void SetupFourPods(bool ipip = false)
    {
        Setup($"New-IpPool pool-a 10.244.0.0/16{(ipip ? " -IpipMode Always" : "")}; New-Node node-1 10.0.0.11/24; New-Node node-2 10.0.0.12/24");
        Setup("""
            New-Namespace team-b
            New-Pod api -Node node-1; New-Pod web-1 -Node node-2
            New-Pod web-2 -Namespace team-b -Node node-1; New-Pod worker -Namespace team-b -Node node-2
            """);
    }

    private void Setup(string script)
    {
        var result = _ps.Run(script);
        Assert.Empty(result.Errors);
    }

    private static string Value(PSObject item, string property) => PsResult.Text(item.Properties[property]?.Value);
}

using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>The IPAM cmdlets end to end (calico-ipam.md): the blocks, affinities and addresses a
/// pod gets, the IPAM configuration and its rules, ipam show / check / release, reservations,
/// pool deletion with addresses in use, and pool split. Each test starts from an empty cluster.</summary>
public sealed class IpamCommandTests : IClassFixture<PsSession>
{
    private const string Commands = "CalicoIpam.PowerShell.Commands.";

    // calico-ipam.md §2.7: the CNI text when strict affinity leaves a node without a block.
    private const string StrictAffinityMessage =
        "failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; No more free affine blocks and strict affinity enabled";

    // The five hosts of the §3.5 collision example, in the order their pods are created.
    private static readonly string[] CollisionHosts = { "node-1", "kind-worker", "node-2", "worker-1", "node-3" };

    private readonly PsSession _ps;

    public IpamCommandTests(PsSession ps)
    {
        _ps = ps;
        _ps.Run("$null = New-Cluster -Empty");
    }

    // ---- one pool, one node, one pod ---------------------------------------------------------

    [Fact]
    public void FirstPodOnNode1_GetsTheFirstAddressOfItsFirstBlock()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24");

        var result = _ps.Run("New-Pod web -Node node-1 -PassThru");

        Assert.Empty(result.Errors);
        Assert.Empty(result.WhatIfLines);
        Assert.DoesNotContain(result.HostLines, l => l.StartsWith("WARNING:", System.StringComparison.Ordinal));
        var pod = Assert.Single(result.Output);
        Assert.Equal("CalicoIpam.Core.Clusters.Pod", pod.BaseObject.GetType().FullName);
        // §3.5: node-1 in 10.244.0.0/16 with /26 blocks starts its walk at 10.244.84.128/26;
        // §4: a fresh block hands out ordinal 0 first.
        Assert.Equal("10.244.84.128", Value(pod, "IP"));
        Assert.Equal("Running", Value(pod, "Status"));
        Assert.Equal("node-1", Value(pod, "Node"));
        Assert.Equal("default", Value(pod, "Namespace"));
        Assert.Equal("", Value(pod, "Message"));
    }

    [Fact]
    public void GetIpamBlock_ShowsTheClaimedBlock_AffineToTheNode_WithOneAddressInUse()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1");

        var result = _ps.Run("Get-IpamBlock");

        Assert.Empty(result.Errors);
        var block = Assert.Single(result.Output);
        Assert.Equal("CalicoIpam.Core.Ipam.IpamBlock", block.BaseObject.GetType().FullName);
        Assert.Equal("10.244.84.128/26", Value(block, "Cidr"));
        Assert.Equal("10-244-84-128-26", Value(block, "Name"));
        Assert.Equal("node-1", Value(block, "Affinity"));
        Assert.Equal("p", Value(block, "Pool"));
        Assert.Equal("64", Value(block, "Capacity"));
        Assert.Equal("1", Value(block, "InUse"));
        Assert.Equal("63", Value(block, "Free"));
        // Ordinal 0 went to the pod; the queue holds 1..63 in order (§4).
        Assert.Equal(string.Join(",", Enumerable.Range(1, 63)), Value(block, "Unallocated"));
    }

    [Fact]
    public void GetIpamBlock_FiltersByNodeAndPool()
    {
        Setup("""
            New-IpPool p 10.244.0.0/16; New-IpPool q 10.245.0.0/16
            New-Node node-1 10.0.0.11/24; New-Node node-2 10.0.0.12/24
            New-Pod a -Node node-1; New-Pod b -Node node-2
            New-Pod c -Node node-1 -Annotation @{ 'cni.projectcalico.org/ipv4pools' = '["q"]' }
            """);

        // Name order (10-244-247-0-26 sorts before 10-244-84-128-26, §1.3).
        Assert.Equal(new[] { "10.244.247.0/26", "10.244.84.128/26", "10.245.84.128/26" }, _ps.Run("Get-IpamBlock").Values("Cidr"));
        Assert.Equal(new[] { "10.244.84.128/26", "10.245.84.128/26" }, _ps.Run("Get-IpamBlock node-1").Values("Cidr"));
        Assert.Equal(new[] { "10.244.247.0/26" }, _ps.Run("Get-IpamBlock -Node *-2").Values("Cidr"));
        Assert.Equal(new[] { "10.245.84.128/26" }, _ps.Run("Get-IpamBlock -Pool q").Values("Cidr"));
        Assert.Empty(_ps.Run("Get-IpamBlock -Node nope").Output);
    }

    [Fact]
    public void GetBlockAffinity_NamesTheAffinity_NodeDashBlockName()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1");

        var result = _ps.Run("Get-BlockAffinity");

        Assert.Empty(result.Errors);
        var affinity = Assert.Single(result.Output);
        Assert.Equal("node-1-10-244-84-128-26", Value(affinity, "Name"));
        Assert.Equal("node-1", Value(affinity, "Node"));
        Assert.Equal("10.244.84.128/26", Value(affinity, "Cidr"));
        Assert.Equal("confirmed", Value(affinity, "State"));
        Assert.Equal(new[] { "node-1-10-244-84-128-26" }, _ps.Run("Get-BlockAffinity node-*").Values("Name"));
        Assert.Empty(_ps.Run("Get-BlockAffinity node-2").Output);
    }

    [Fact]
    public void IpipAlways_TheTunnelTakesOrdinalZero_AndThePodGetsTheNextAddress()
    {
        Setup("New-IpPool p 10.244.0.0/16 -IpipMode Always; New-Node node-1 10.0.0.11/24");

        var node = _ps.Run("Get-Node node-1");
        var pod = _ps.Run("New-Pod web -Node node-1 -PassThru");
        var tunnel = _ps.Run("Get-IpAllocation -Ip 10.244.84.128");

        // §10 / checklist 49: calico-node's tunnel allocation claims the node's first block first.
        Assert.Equal(new[] { "10.244.84.128" }, node.Values("IpipTunnelAddress"));
        Assert.Empty(pod.Errors);
        Assert.Equal(new[] { "10.244.84.129" }, pod.Values("IP"));
        Assert.Empty(tunnel.Errors);
        Assert.Equal(new[] { "ipip-tunnel-addr-node-1" }, tunnel.Values("Handle"));
        Assert.Equal(new[] { "ipipTunnelAddress" }, tunnel.Values("Type"));
        Assert.Equal(new[] { "node-1" }, tunnel.Values("Node"));
        Assert.Equal(new[] { "" }, tunnel.Values("Pod"));
    }

    // ---- Get-IpAllocation --------------------------------------------------------------------

    [Fact]
    public void GetIpAllocation_Ip_ShowsThePodsHandleAndAttributes()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1");

        var result = _ps.Run("Get-IpAllocation -Ip 10.244.84.128");

        Assert.Empty(result.Errors);
        var allocation = Assert.Single(result.Output);
        Assert.Equal("CalicoIpam.Core.Ipam.IpAllocation", allocation.BaseObject.GetType().FullName);
        // §1.4: the CNI handle is <network name>.<container id>.
        var handle = Value(allocation, "Handle");
        Assert.Matches(new Regex("^k8s-pod-network\\.[0-9a-f]{64}$"), handle);
        Assert.Equal(new[] { handle }, _ps.Run("Get-Pod web").Values("Handle"));
        Assert.Equal("10.244.84.128", Value(allocation, "Ip"));
        Assert.Equal("10.244.84.128/26", Value(allocation, "Block"));
        Assert.Equal("node-1", Value(allocation, "Node"));
        Assert.Equal("web", Value(allocation, "Pod"));
        Assert.Equal("default", Value(allocation, "Namespace"));
        Assert.Equal("node-1", Value(allocation, "BlockOwner"));
        Assert.Equal("False", Value(allocation, "Borrowed"));
        Assert.Equal("pod", Value(allocation, "Kind"));
        Assert.Equal("default/web", Value(allocation, "AllocatedTo"));
        // §1.2: the CNI plugin's attributes.
        Assert.Equal(new object[] { "namespace", "node", "pod", "timestamp" },
            _ps.Objects("(Get-IpAllocation -Ip 10.244.84.128).Attributes.Keys"));
    }

    [Fact]
    public void GetIpAllocation_TakesAddressesFromPipedPods()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1; New-Pod api -Node node-1");

        var result = _ps.Run("Get-Pod | Get-IpAllocation");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "api", "web" }, result.Values("Pod"));
        Assert.Equal(new[] { "10.244.84.129", "10.244.84.128" }, result.Values("Ip"));
    }

    [Fact]
    public void GetIpAllocation_Borrowed_ListsOnlyTheAddressNode3Borrowed()
    {
        SetupCollision(strictAffinity: false);

        var all = _ps.Run("Get-IpAllocation");
        var borrowed = _ps.Run("Get-IpAllocation -Borrowed");
        var pod5 = _ps.Run("Get-Pod pod-5");

        // §3.5 collision example: the first four hosts claim the four /26 blocks of the /24...
        Assert.Equal(new[] { "10.0.0.0/26", "10.0.0.128/26", "10.0.0.192/26", "10.0.0.64/26" }, _ps.Run("Get-IpamBlock").Values("Cidr"));
        Assert.Equal(new[] { "node-2", "node-1", "kind-worker", "worker-1" }, _ps.Run("Get-IpamBlock").Values("Affinity"));
        Assert.Equal(new[] { "10.0.0.128", "10.0.0.192", "10.0.0.0", "10.0.0.64" },
            _ps.Run("Get-Pod pod-1, pod-2, pod-3, pod-4").Values("IP"));
        // ...and the fifth finds none left, so it borrows (strictAffinity=false, §2.6).
        Assert.Empty(all.Errors);
        Assert.Equal(5, all.Output.Count);
        Assert.Equal(new[] { "False", "True" }, all.Values("Borrowed").Distinct().OrderBy(v => v).ToArray());
        Assert.Empty(borrowed.Errors);
        var allocation = Assert.Single(borrowed.Output);
        Assert.Equal("True", Value(allocation, "Borrowed"));
        Assert.Equal("node-3", Value(allocation, "Node"));
        Assert.Equal("pod-5", Value(allocation, "Pod"));
        // node-3's walk of the 4 blocks starts at index 0 (Go's rand seeded with FNV-1 of
        // "node-3"), so it borrows the first free address of node-2's block 10.0.0.0/26.
        Assert.Equal("10.0.0.1", Value(allocation, "Ip"));
        Assert.Equal(pod5.Values("IP").Single(), Value(allocation, "Ip"));
        Assert.Equal("10.0.0.0/26", Value(allocation, "Block"));
        Assert.Equal("node-2", Value(allocation, "BlockOwner"));
        Assert.Equal(new[] { "Running" }, pod5.Values("Status"));
        // The borrowed address's block keeps its owner (§2.6).
        Assert.Equal(4, _ps.Run("Get-BlockAffinity").Output.Count);
        Assert.Empty(_ps.Run("Get-BlockAffinity node-3").Output);
    }

    [Fact]
    public void GetIpAllocation_Node_FiltersByTheNodeAttribute()
    {
        SetupCollision(strictAffinity: false);

        Assert.Equal(new[] { "pod-5" }, _ps.Run("Get-IpAllocation -Node node-3").Values("Pod"));
        Assert.Equal(new[] { "pod-3", "pod-5", "pod-1" }, _ps.Run("Get-IpAllocation -Node node-*").Values("Pod"));
    }

    [Fact]
    public void GetIpAllocation_Ip_OfAFreeAddress_IsIpNotAssigned()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1");

        var result = _ps.Run("Get-IpAllocation -Ip 10.9.9.9, 10.244.84.128");

        // calicoctl ipam show --ip (§8.1): "<ip> is not assigned"; the other address is still shown.
        var error = Assert.Single(result.Errors);
        Assert.Equal("IpNotAssigned," + Commands + "GetIpAllocationCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("10.9.9.9", error.TargetObject);
        Assert.Equal("10.9.9.9 is not assigned", error.Exception.Message);
        Assert.Equal(new[] { "web" }, result.Values("Pod"));
    }

    [Fact]
    public void GetIpAllocation_Ip_NotAnAddress_IsInvalidAddress()
    {
        var result = _ps.Run("Get-IpAllocation -Ip 10.9.9");

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidAddress," + Commands + "GetIpAllocationCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("10.9.9", error.TargetObject);
        Assert.Empty(result.Output);
    }

    // ---- strict affinity -----------------------------------------------------------------------

    [Fact]
    public void StrictAffinity_TheFifthPodWaits_WithCalicosMessage_AndAWarning()
    {
        Setup("New-IpPool p 10.0.0.0/24; Set-IpamConfig -StrictAffinity $true");
        foreach (var host in CollisionHosts)
        {
            Setup($"New-Node {host} 192.168.1.1/24");
        }
        Setup("New-Pod pod-1 -Node node-1; New-Pod pod-2 -Node kind-worker; New-Pod pod-3 -Node node-2; New-Pod pod-4 -Node worker-1");

        var result = _ps.Run("New-Pod pod-5 -Node node-3 -PassThru");

        Assert.Empty(result.Errors);
        var pod = Assert.Single(result.Output);
        Assert.Equal("ContainerCreating", Value(pod, "Status"));
        Assert.Equal(StrictAffinityMessage, Value(pod, "Message"));
        Assert.Equal("", Value(pod, "IP"));
        Assert.Equal("0/1", Value(pod, "Ready"));
        var warning = Assert.Single(result.HostLines, l => l.StartsWith("WARNING:", System.StringComparison.Ordinal));
        Assert.Equal("WARNING: Pod default/pod-5 is ContainerCreating: " + StrictAffinityMessage, warning);
        // Nothing was borrowed and no block claimed for node-3.
        Assert.Empty(_ps.Run("Get-IpAllocation -Borrowed").Output);
        Assert.Equal(4, _ps.Run("Get-IpAllocation").Output.Count);
        Assert.Empty(_ps.Run("Get-IpamBlock node-3").Output);
    }

    [Fact]
    public void StrictAffinity_TheWaitingPodStarts_WhenStrictAffinityIsTurnedOff()
    {
        SetupCollision(strictAffinity: true);
        Assert.Equal(new[] { "ContainerCreating" }, _ps.Run("Get-Pod pod-5").Values("Status"));

        var result = _ps.Run("Set-IpamConfig -StrictAffinity $false");

        Assert.Empty(result.Errors);
        var pod = _ps.Run("Get-Pod pod-5");
        Assert.Equal(new[] { "Running" }, pod.Values("Status"));
        Assert.Equal(new[] { "" }, pod.Values("Message"));
        Assert.NotEqual("", pod.Values("IP").Single());
        Assert.Equal(pod.Values("IP"), _ps.Run("Get-IpAllocation -Borrowed").Values("Ip"));
        Assert.Equal(new object[] { true }, _ps.Objects("Test-Ipam -Quiet"));
    }

    // ---- Set-IpamConfig / Get-IpamConfig ---------------------------------------------------------

    [Fact]
    public void GetIpamConfig_HasCalicosDefaults()
    {
        var result = _ps.Run("Get-IpamConfig");

        Assert.Empty(result.Errors);
        var config = Assert.Single(result.Output);
        Assert.Equal("CalicoIpam.Core.Ipam.IpamConfig", config.BaseObject.GetType().FullName);
        Assert.Equal("False", Value(config, "StrictAffinity"));
        Assert.Equal("True", Value(config, "AutoAllocateBlocks"));
        Assert.Equal("0", Value(config, "MaxBlocksPerHost"));
    }

    [Fact]
    public void SetIpamConfig_MaxBlocksPerHostAlone_IsIpamConfigInvalid_AndChangesNothing()
    {
        var before = Config();

        var result = _ps.Run("Set-IpamConfig -MaxBlocksPerHost 3 -PassThru");

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpamConfigInvalid," + Commands + "SetIpamConfigCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("MaxBlocksPerHost requires StrictAffinity to be enabled", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal("False|True|0", before);
        Assert.Equal(before, Config());
    }

    [Fact]
    public void SetIpamConfig_DisablingStrictAffinityAndAutoAllocateBlocks_IsIpamConfigInvalid()
    {
        var result = _ps.Run("Set-IpamConfig -StrictAffinity $false -AutoAllocateBlocks $false");

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpamConfigInvalid," + Commands + "SetIpamConfigCommand", error.FullyQualifiedErrorId);
        Assert.Equal("Cannot disable 'StrictAffinity' and 'AutoAllocateBlocks' at the same time", error.Exception.Message);
        Assert.Equal("False|True|0", Config());
    }

    [Fact]
    public void SetIpamConfig_KeepsTheFieldsNotGiven_SoTheRulesApplyToTheResult()
    {
        Setup("Set-IpamConfig -StrictAffinity $true -MaxBlocksPerHost 3");

        // maxBlocksPerHost stays 3, so turning strict affinity off breaks the rule (§8.5).
        var result = _ps.Run("Set-IpamConfig -StrictAffinity $false");

        var error = Assert.Single(result.Errors);
        Assert.Equal("MaxBlocksPerHost requires StrictAffinity to be enabled", error.Exception.Message);
        Assert.Equal("True|True|3", Config());
    }

    [Fact]
    public void SetIpamConfig_WithNoSetting_IsATerminatingNothingToSetError()
    {
        var result = _ps.Run("try { Set-IpamConfig; 'not stopped' } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Objects));
        Assert.Equal("NothingToSet," + Commands + "SetIpamConfigCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("at least one configuration option must be specified", error.Exception.Message);
        Assert.Equal("False|True|0", Config());
    }

    [Fact]
    public void SetIpamConfig_PassThru_EmitsTheNewConfiguration()
    {
        var quiet = _ps.Run("Set-IpamConfig -StrictAffinity $true");
        var result = _ps.Run("Set-IpamConfig -MaxBlocksPerHost 3 -AutoAllocateBlocks $false -PassThru");

        Assert.Empty(quiet.Errors);
        Assert.Empty(quiet.Output);
        Assert.Empty(result.Errors);
        var config = Assert.Single(result.Output);
        Assert.Equal("CalicoIpam.Core.Ipam.IpamConfig", config.BaseObject.GetType().FullName);
        Assert.Equal("True", Value(config, "StrictAffinity"));
        Assert.Equal("False", Value(config, "AutoAllocateBlocks"));
        Assert.Equal("3", Value(config, "MaxBlocksPerHost"));
        Assert.Equal("True|False|3", Config());
    }

    [Fact]
    public void SetIpamConfig_NegativeMaxBlocksPerHost_IsRefusedByValidation()
    {
        Setup("Set-IpamConfig -StrictAffinity $true");

        var result = _ps.Run("Set-IpamConfig -MaxBlocksPerHost -1");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentValidationError", error.FullyQualifiedErrorId, System.StringComparison.Ordinal);
        Assert.Equal("True|True|0", Config());
    }

    // ---- Get-IpamUtilization ---------------------------------------------------------------------

    [Fact]
    public void GetIpamUtilization_OneRowPerPool_InNameOrder_DisabledOnesIncluded()
    {
        Setup("""
            New-IpPool p 10.244.0.0/16; New-IpPool big 172.16.0.0/12 -Disabled; New-IpPool z 10.245.0.0/24
            New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1
            """);

        var result = _ps.Run("Get-IpamUtilization");

        Assert.Empty(result.Errors);
        Assert.Equal("CalicoIpam.Core.Ipam.IpamUtilization", result.Objects[0].GetType().FullName);
        Assert.Equal(new[] { "IP Pool", "IP Pool", "IP Pool" }, result.Values("Grouping"));
        Assert.Equal(new[] { "big", "p", "z" }, result.Values("Pool"));
        Assert.Equal(new[] { "172.16.0.0/12", "10.244.0.0/16", "10.245.0.0/24" }, result.Values("Cidr"));
        // §8.1: TOTAL is %.5g; cells are "%.5g (%.f%%)".
        Assert.Equal(new[] { "1.0486e+06", "65536", "256" }, result.Values("TotalText"));
        Assert.Equal(new[] { "0 (0%)", "1 (0%)", "0 (0%)" }, result.Values("InUseText"));
        Assert.Equal(new[] { "1.0486e+06 (100%)", "65535 (100%)", "256 (100%)" }, result.Values("FreeText"));
        Assert.Equal(new[] { "1048576", "65536", "256" }, result.Values("Total"));
        Assert.Equal(new[] { "0", "1", "0" }, result.Values("InUse"));
    }

    [Fact]
    public void GetIpamUtilization_ShowBlocks_PutsEachBlockRowAfterItsPool_PercentsRoundHalfToEven()
    {
        Setup("""
            New-IpPool p 10.244.0.0/16; New-IpPool q 10.245.0.0/16
            New-Node node-1 10.0.0.11/24
            1..8 | ForEach-Object { New-Pod "web-$_" -Node node-1 }
            """);

        var plain = _ps.Run("Get-IpamUtilization");
        var result = _ps.Run("Get-IpamUtilization -ShowBlocks");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "IP Pool", "IP Pool" }, plain.Values("Grouping"));
        Assert.Equal(new[] { "IP Pool", "Block", "IP Pool" }, result.Values("Grouping"));
        Assert.Equal(new[] { "10.244.0.0/16", "10.244.84.128/26", "10.245.0.0/16" }, result.Values("Cidr"));
        Assert.Equal(new[] { "p", "p", "q" }, result.Values("Pool"));
        Assert.Equal(new[] { "65536", "64", "65536" }, result.Values("TotalText"));
        // 8 of 64 is 12.5%: Go's %.f rounds half to even, so 12% in use and 88% free.
        Assert.Equal(new[] { "8 (0%)", "8 (12%)", "0 (0%)" }, result.Values("InUseText"));
        Assert.Equal(new[] { "65528 (100%)", "56 (88%)", "65536 (100%)" }, result.Values("FreeText"));
    }

    [Fact]
    public void GetIpamUtilization_OrphanedBlocks_OnlyWithShowBlocks_AndWithNoPool()
    {
        Setup("""
            New-IpPool p 10.244.0.0/16; New-IpPool q 10.245.0.0/16
            New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1
            Remove-IpPool p
            New-Pod api -Node node-1
            """);

        var plain = _ps.Run("Get-IpamUtilization");
        var result = _ps.Run("Get-IpamUtilization -ShowBlocks");

        Assert.Empty(plain.Errors);
        Assert.Equal(new[] { "IP Pool" }, plain.Values("Grouping"));
        Assert.Equal(new[] { "q" }, plain.Values("Pool"));
        Assert.Equal(new[] { "1 (0%)" }, plain.Values("InUseText"));
        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "IP Pool", "Block", "Block" }, result.Values("Grouping"));
        Assert.Equal(new[] { "10.245.0.0/16", "10.245.84.128/26", "10.244.84.128/26" }, result.Values("Cidr"));
        Assert.Equal(new[] { "q", "q", "" }, result.Values("Pool"));
        Assert.Equal(new[] { "1 (0%)", "1 (2%)", "1 (2%)" }, result.Values("InUseText"));
    }

    // ---- Remove-IpPool with addresses in use ---------------------------------------------------

    [Fact]
    public void RemoveIpPool_WithAPodHoldingAnAddress_OrphansTheBlock_AndThePodKeepsItsAddress()
    {
        Setup("""
            New-IpPool p 10.244.0.0/16; New-IpPool q 10.245.0.0/16
            New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1
            """);

        var result = _ps.Run("Remove-IpPool p");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "q" }, _ps.Run("Get-IpPool").Values("Name"));
        var pod = _ps.Run("Get-Pod web");
        Assert.Equal(new[] { "10.244.84.128" }, pod.Values("IP"));
        Assert.Equal(new[] { "Running" }, pod.Values("Status"));
        // §9 / §5.3: ReleasePoolAffinities leaves a non-empty block without affinity.
        var block = Assert.Single(_ps.Run("Get-IpamBlock").Output);
        Assert.Equal("10.244.84.128/26", Value(block, "Cidr"));
        Assert.Equal("", Value(block, "Affinity"));
        Assert.Equal("", Value(block, "Pool"));
        Assert.Equal("1", Value(block, "InUse"));
        Assert.Empty(_ps.Run("Get-BlockAffinity").Output);
        Assert.Equal(new[] { "" }, _ps.Run("Get-IpAllocation -Ip 10.244.84.128").Values("BlockOwner"));
    }

    [Fact]
    public void RemoveIpPool_NewPodsGetNoAddressFromTheRemovedRange_AndTheOrphanGoesWithItsLastAddress()
    {
        Setup("""
            New-IpPool p 10.244.0.0/16; New-IpPool q 10.245.0.0/16
            New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1
            Remove-IpPool p
            """);

        var api = _ps.Run("New-Pod api -Node node-1 -PassThru");
        var removed = _ps.Run("Remove-Pod web");

        Assert.Equal(new[] { "10.245.84.128" }, api.Values("IP"));
        Assert.Empty(removed.Errors);
        // §5.1: a block with no affinity is deleted when its last address is released.
        Assert.Equal(new[] { "10.245.84.128/26" }, _ps.Run("Get-IpamBlock").Values("Cidr"));
        Assert.Equal(new[] { "10.245.84.128" }, _ps.Run("Get-IpAllocation").Values("Ip"));
        Assert.Equal(new object[] { true }, _ps.Objects("Test-Ipam -Quiet"));
    }

    // ---- Remove-IpAllocation / Test-Ipam -------------------------------------------------------

    [Fact]
    public void RemoveIpAllocation_ReleasesTheAddress_AndTestIpamReportsItInUseWithoutAllocation()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1");
        Assert.Equal(new object[] { true }, _ps.Objects("Test-Ipam -Quiet"));

        var result = _ps.Run("Remove-IpAllocation 10.244.84.128 -Verbose");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Contains("VERBOSE: Successfully released IP address 10.244.84.128", result.HostLines);
        Assert.Empty(_ps.Run("Get-IpAllocation").Output);
        // The pod still uses the address (§8.3: release frees it whoever holds it).
        Assert.Equal(new[] { "10.244.84.128" }, _ps.Run("Get-Pod web").Values("IP"));
        var report = _ps.Run("Test-Ipam");
        Assert.Empty(report.Errors);
        var check = Assert.Single(report.Output);
        Assert.Equal("CalicoIpam.Core.Ipam.IpamCheckReport", check.BaseObject.GetType().FullName);
        Assert.Equal("1", Value(check, "ProblemCount"));
        Assert.Equal("1", Value(check, "InUseWithoutAllocationCount"));
        Assert.Equal("0", Value(check, "LeakedIpCount"));
        Assert.Equal("0", Value(check, "LeakedHandleCount"));
        Assert.Equal("1", Value(check, "CalicoProblemCount"));
        Assert.Equal(new object[] { false }, _ps.Objects("Test-Ipam -Quiet"));
        // The released ordinal goes to the tail of the queue (§4).
        Assert.Equal("0", _ps.Run("(Get-IpamBlock).Unallocated[-1]").Objects.Single().ToString());
    }

    [Fact]
    public void RemoveIpAllocation_TakesPipedAllocations()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1; New-Pod api -Node node-1");

        var result = _ps.Run("Get-IpAllocation | Remove-IpAllocation");

        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Prompts);
        Assert.Empty(_ps.Run("Get-IpAllocation").Output);
        // The block is affine, so it stays though empty (§5.1).
        Assert.Equal(new[] { "0" }, _ps.Run("Get-IpamBlock").Values("InUse"));
    }

    [Fact]
    public void RemoveIpAllocation_OfAFreeAddress_IsIpNotAssigned()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1");

        var result = _ps.Run("Remove-IpAllocation 10.9.9.9");

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpNotAssigned," + Commands + "RemoveIpAllocationCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("10.9.9.9", error.TargetObject);
        // §8.3 / checklist 47.
        Assert.Equal("IP address 10.9.9.9 is not assigned", error.Exception.Message);
        Assert.Single(_ps.Run("Get-IpAllocation").Output);
    }

    [Fact]
    public void RemoveIpAllocation_NotAnAddress_IsInvalidAddress_AndTheOtherAddressesAreReleased()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1");

        var result = _ps.Run("Remove-IpAllocation not-an-ip, 10.244.84.128");

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidAddress," + Commands + "RemoveIpAllocationCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("not-an-ip", error.TargetObject);
        Assert.Empty(_ps.Run("Get-IpAllocation").Output);
    }

    // ---- IP reservations ---------------------------------------------------------------------

    [Fact]
    public void NewIpReservation_TheFirstPodSkipsTheReservedAddresses()
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24");

        var created = _ps.Run("New-IpReservation r1 -ReservedCidr 10.244.84.128/30 -PassThru");
        var pod = _ps.Run("New-Pod web -Node node-1 -PassThru");

        Assert.Empty(created.Errors);
        Assert.Equal(new[] { "r1" }, created.Values("Name"));
        Assert.Equal(new[] { "10.244.84.128/30" }, created.Values("ReservedCidrs"));
        // §7: reserved ordinals are skipped but keep their place in the queue.
        Assert.Equal(new[] { "10.244.84.132" }, pod.Values("IP"));
        Assert.Equal("0,1,2,3", string.Join(",", _ps.Run("(Get-IpamBlock).Unallocated[0..3]").Objects));
    }

    [Fact]
    public void NewIpReservation_WithoutPassThru_EmitsNothing_AndGetIpReservationListsIt()
    {
        var created = _ps.Run("New-IpReservation r1 10.244.84.128/30, 10.9.9.9");
        var result = _ps.Run("Get-IpReservation");

        Assert.Empty(created.Errors);
        Assert.Empty(created.Output);
        var reservation = Assert.Single(result.Output);
        Assert.Equal("CalicoIpam.Core.Ipam.IpReservation", reservation.BaseObject.GetType().FullName);
        Assert.Equal("r1", Value(reservation, "Name"));
        Assert.Equal("10.244.84.128/30,10.9.9.9", Value(reservation, "ReservedCidrs"));
        Assert.Equal(new[] { "r1" }, _ps.Run("Get-IpReservation R*").Values("Name"));
    }

    [Fact]
    public void RemoveIpReservation_FreesTheAddressesForTheNextPod()
    {
        Setup("""
            New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24
            New-IpReservation r1 10.244.84.128/30; New-Pod web -Node node-1
            """);

        var result = _ps.Run("Remove-IpReservation r1");
        var pod = _ps.Run("New-Pod api -Node node-1 -PassThru");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Empty(_ps.Run("Get-IpReservation").Output);
        // Ordinal 0 is again the head of the queue.
        Assert.Equal(new[] { "10.244.84.128" }, pod.Values("IP"));
        // Addresses already given out stay given out.
        Assert.Equal(new[] { "10.244.84.132" }, _ps.Run("Get-Pod web").Values("IP"));
    }

    [Fact]
    public void RemoveIpReservation_TakesPipedReservations_WithoutAPrompt()
    {
        Setup("New-IpReservation r1 10.1.1.1; New-IpReservation r2 10.1.1.2; New-IpReservation keep 10.1.1.3");

        var result = _ps.Run("Get-IpReservation r* | Remove-IpReservation");

        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Prompts);
        Assert.Equal(new[] { "keep" }, _ps.Run("Get-IpReservation").Values("Name"));
    }

    [Theory]
    [InlineData("bad", "[bad]")]
    [InlineData("10.1.1.1, bad", "[10.1.1.1 bad]")]
    public void NewIpReservation_ABadEntry_IsIpReservationInvalid_WithCalicosText(string entries, string printed)
    {
        var result = _ps.Run("New-IpReservation r1 -ReservedCidr " + entries);

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpReservationInvalid," + Commands + "NewIpReservationCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("r1", error.TargetObject);
        Assert.Equal(
            $"error with field ReservedCIDRs = '{printed}' (Reason: failed to validate Field: ReservedCIDRs because of Tag: cidrs )",
            error.Exception.Message);
        Assert.Empty(_ps.Run("Get-IpReservation").Output);
    }

    [Fact]
    public void NewIpReservation_Duplicate_IsIpReservationAlreadyExists()
    {
        Setup("New-IpReservation r1 10.1.1.1");

        var result = _ps.Run("New-IpReservation r1 10.2.2.2");

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpReservationAlreadyExists," + Commands + "NewIpReservationCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("r1", error.TargetObject);
        Assert.Equal("resource already exists: IPReservation(r1)", error.Exception.Message);
        Assert.Equal(new[] { "10.1.1.1" }, _ps.Run("Get-IpReservation").Values("ReservedCidrs"));
    }

    [Theory]
    [InlineData("Get-IpReservation nope", "GetIpReservationCommand")]
    [InlineData("Remove-IpReservation nope", "RemoveIpReservationCommand")]
    public void IpReservation_ALiteralMiss_IsIpReservationNotFound(string command, string commandClass)
    {
        var result = _ps.Run(command);

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpReservationNotFound," + Commands + commandClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(
            "resource does not exist: IPReservation(nope) with error: ipreservations.crd.projectcalico.org \"nope\" not found",
            error.Exception.Message);
        Assert.Empty(_ps.Run("Get-IpReservation nope*").Errors);
    }

    // ---- Split-IpPool ------------------------------------------------------------------------

    [Fact]
    public void SplitIpPool_In2_EmitsTheHalves_AndTheBlocksCarryOver()
    {
        Setup("New-IpPool p 10.244.0.0/16 -NatOutgoing; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1");

        var result = _ps.Run("Split-IpPool p 2");

        Assert.Empty(result.Errors);
        Assert.Equal("CalicoIpam.Core.Ipam.IpPool", result.Objects[0].GetType().FullName);
        Assert.Equal(new[] { "split-p-0", "split-p-1" }, result.Values("Name"));
        Assert.Equal(new[] { "10.244.0.0/17", "10.244.128.0/17" }, result.Values("Cidr"));
        Assert.Equal(new[] { "26", "26" }, result.Values("BlockSize"));
        Assert.Equal(new[] { "True", "True" }, result.Values("NatOutgoing"));
        Assert.Equal(new[] { "False", "False" }, result.Values("Disabled"));
        Assert.Equal(new[] { "split-p-0", "split-p-1" }, _ps.Run("Get-IpPool").Values("Name"));
        // §8.4: the old pool goes without releasing affinities.
        var block = Assert.Single(_ps.Run("Get-IpamBlock").Output);
        Assert.Equal("node-1", Value(block, "Affinity"));
        Assert.Equal("split-p-0", Value(block, "Pool"));
        Assert.Equal(new[] { "10.244.84.129" }, _ps.Run("New-Pod api -Node node-1 -PassThru").Values("IP"));
    }

    [Fact]
    public void SplitIpPool_Verbose_ReportsAsCalicoctlDoes()
    {
        Setup("New-IpPool p 10.244.0.0/16");

        var result = _ps.Run("Split-IpPool p 2 -Verbose");

        Assert.Empty(result.Errors);
        var verbose = result.HostLines.Where(l => l.StartsWith("VERBOSE:", System.StringComparison.Ordinal)).ToList();
        Assert.Contains("VERBOSE: IP Pool p was successfully split into 2 smaller pools.", verbose);
        Assert.Contains("VERBOSE: Created split-p-0 with CIDR 10.244.0.0/17.", verbose);
        Assert.Contains("VERBOSE: Created split-p-1 with CIDR 10.244.128.0/17.", verbose);
    }

    [Fact]
    public void SplitIpPool_In4_MakesQuartersInAddressOrder()
    {
        Setup("New-IpPool p 10.244.0.0/16");

        var result = _ps.Run("Split-IpPool -Name p -Count 4");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "split-p-0", "split-p-1", "split-p-2", "split-p-3" }, result.Values("Name"));
        Assert.Equal(new[] { "10.244.0.0/18", "10.244.64.0/18", "10.244.128.0/18", "10.244.192.0/18" }, result.Values("Cidr"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(1)]
    public void SplitIpPool_NotAPowerOfTwo_IsIpPoolSplitFailed_AndThePoolsAreUnchanged(int count)
    {
        Setup("New-IpPool p 10.244.0.0/16; New-Node node-1 10.0.0.11/24; New-Pod web -Node node-1");
        var before = _ps.Snapshot();

        var result = _ps.Run($"Split-IpPool p {count}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpPoolSplitFailed," + Commands + "SplitIpPoolCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("p", error.TargetObject);
        Assert.Equal(
            $"error splitting the CIDR 10.244.0.0/16 into {count} CIDRs: number to split CIDR into is not a valid power of 2: {count}",
            error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(before, _ps.Snapshot());
        Assert.Equal(new[] { "p" }, _ps.Run("Get-IpamBlock").Values("Pool"));
    }

    // ---- helpers -----------------------------------------------------------------------------

    // Pool 10.0.0.0/24 with /26 blocks and the five hosts of §3.5, each with one pod; the first
    // four take the four blocks, node-3 (pod-5) has to borrow.
    private void SetupCollision(bool strictAffinity)
    {
        Setup("New-IpPool p 10.0.0.0/24");
        if (strictAffinity)
        {
            Setup("Set-IpamConfig -StrictAffinity $true");
        }
        for (var i = 0; i < CollisionHosts.Length; i++)
        {
            Setup($"New-Node {CollisionHosts[i]} 192.168.1.{i + 1}/24");
        }
        for (var i = 0; i < CollisionHosts.Length; i++)
        {
            var result = _ps.Run($"New-Pod pod-{i + 1} -Node {CollisionHosts[i]} -WarningAction SilentlyContinue");
            Assert.Empty(result.Errors);
        }
    }

    private void Setup(string script)
    {
        var result = _ps.Run(script);
        Assert.Empty(result.Errors);
    }

    private string Config() =>
        string.Join("|", _ps.Run("Get-IpamConfig").Output.Select(c =>
            Value(c, "StrictAffinity") + "|" + Value(c, "AutoAllocateBlocks") + "|" + Value(c, "MaxBlocksPerHost")));

    private static string Value(PSObject item, string property) => PsResult.Text(item.Properties[property]?.Value);
}

using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Tests.Ipam.IpamTestKit;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>
/// Which block, and which address, auto-assign uses (calico-ipam.md §2.3-§2.7, §3, §4;
/// checklist 7-17, 25-28). Walk starts from §3.5: in a 4-block pool node-2 starts at index 0,
/// worker-1 at 1, node-1 and kind-worker at 2.
/// </summary>
public sealed class AutoAssignBlockTests
{
    [Theory]
    [InlineData("node-1", "10.244.84.128")]
    [InlineData("node-2", "10.244.247.0")]
    [InlineData("node-3", "10.244.139.64")]
    [InlineData("worker-1", "10.244.226.64")]
    [InlineData("kind-worker", "10.244.162.128")]
    [InlineData("kind-control-plane", "10.244.82.0")]
    [InlineData("master-0", "10.244.36.64")]
    public void FirstPod_TakesOrdinalZeroOfTheFirstBlockOfTheHostsWalk(string host, string expected)
    {
        // Checklist 13-15 and 17: the §3.5 vectors, through a pod.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.244.0.0/16", 26);
        cluster.Node(host);

        AssertRunning(cluster.Run("web", host), expected);
        Assert.Equal(expected + "/26", Assert.Single(cluster.GetBlocks()).Cidr.ToString());
    }

    [Fact]
    public void ClaimedBlock_HasHostAffinityClaimTimeAndAConfirmedAffinity()
    {
        // Checklist 16: affinity=host:<node>, affinityClaimTime=now, affinity confirmed.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.244.0.0/16", 26);
        cluster.Node("node-1");

        var pod = cluster.Run("web", "node-1");

        var block = Assert.Single(cluster.GetBlocks());
        Assert.Equal("node-1", block.Affinity);
        Assert.Equal(pod.CreationTimestamp, block.AffinityClaimTime);
        Assert.Equal("10-244-84-128-26", block.Name);
        var affinity = Assert.Single(cluster.GetBlockAffinities());
        Assert.Equal("node-1", affinity.Node);
        Assert.Equal("10.244.84.128/26", affinity.Cidr.ToString());
        Assert.Equal("confirmed", affinity.State);
        Assert.Equal("node-1-10-244-84-128-26", affinity.Name);
    }

    [Fact]
    public void NewBlock_QueuesEveryOrdinalInOrder_AndHandsOutOrdinalZeroFirst()
    {
        // Checklist 17: newBlock's Unallocated = [0..N-1]; the first address is the block's base.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.244.0.0/16", 26);
        cluster.Node("node-1");

        AssertRunning(cluster.Run("web", "node-1"), "10.244.84.128");

        var block = Assert.Single(cluster.GetBlocks());
        Assert.Equal(64, block.Capacity);
        Assert.Equal(Enumerable.Range(1, 63), block.Unallocated);
    }

    [Fact]
    public void AffineBlocks_AreUsedBeforeANewClaim_InCidrToNameOrder()
    {
        // Checklist 7 / §1.3: "10-244-100-0-26" < "10-244-84-128-26" byte-wise, so the block at
        // 10.244.100.0 is tried first although its address is higher.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.244.0.0/16", 26);
        cluster.Node("node-1");
        AssertRunning(cluster.Run("first", "node-1"), "10.244.84.128");
        AssertRunning(cluster.RunWithIps("pinned", "node-1", "[\"10.244.100.5\"]"), "10.244.100.5");
        cluster.DeletePod("default", "pinned");

        // Block 10.244.100.0/26 is empty but still node-1's; its queue is [0..4, 6..63, 5].
        AssertRunning(cluster.Run("next", "node-1"), "10.244.100.0");
        Assert.Equal(2, cluster.GetBlocks().Count);
    }

    [Fact]
    public void AffineBlock_WhoseFreeAddressesAreAllReserved_IsSkipped()
    {
        // Checklist 8: an affine block is used only with >= 1 non-reserved free address.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/28", 30);
        cluster.Node("node-1");
        AssertRunning(cluster.Run("p0", "node-1"), "10.0.0.8");
        AssertRunning(cluster.Run("p1", "node-1"), "10.0.0.9");
        cluster.CreateReservation("rest-of-block", new[] { "10.0.0.10/31" });

        AssertRunning(cluster.Run("p2", "node-1"), "10.0.0.12");
        Assert.Equal(new[] { "10.0.0.12/30", "10.0.0.8/30" },
            cluster.GetBlockAffinities().Select(a => a.Cidr.ToString()));
    }

    [Fact]
    public void NoNewBlock_WhileAnAffineBlockHasRoom()
    {
        // Checklist 9: a new block only when no affine block has space.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/28", 30);
        cluster.Node("node-1");

        for (var i = 0; i < 4; i++)
        {
            AssertRunning(cluster.Run("p" + i, "node-1"), "10.0.0." + (8 + i));
        }
        Assert.Single(cluster.GetBlocks());
        AssertRunning(cluster.Run("p4", "node-1"), "10.0.0.12");
        Assert.Equal(2, cluster.GetBlocks().Count);
    }

    [Fact]
    public void ANodesNextBlock_IsTheNextUnclaimedBlockOfItsWalk()
    {
        // Checklist 12 / §3.4: node-1's walk is .8, .12, .0, .4 (/30); node-2 already has .0/30.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/28", 30);
        cluster.Node("node-1");
        cluster.Node("node-2");
        AssertRunning(cluster.Run("n2", "node-2"), "10.0.0.0");

        var ips = Enumerable.Range(0, 9).Select(i => cluster.Run("p" + i, "node-1").IP).ToArray();

        Assert.Equal(new[] { "10.0.0.8", "10.0.0.9", "10.0.0.10", "10.0.0.11", "10.0.0.12", "10.0.0.13", "10.0.0.14", "10.0.0.15", "10.0.0.4" }, ips);
        Assert.Equal(new[] { "10.0.0.12/30", "10.0.0.4/30", "10.0.0.8/30" },
            cluster.GetBlockAffinities().Where(a => a.Node == "node-1").Select(a => a.Cidr.ToString()));
    }

    [Theory]
    [InlineData(0, 0, 20)]
    [InlineData(5, 0, 5)]
    [InlineData(0, 3, 3)]
    [InlineData(5, 3, 3)]
    [InlineData(3, 5, 3)]
    [InlineData(4, 4, 4)]
    public void BlockLimit_IsTheSmallerPositiveOfRequestAndConfig_Else20(int configured, int requested, int expected)
    {
        // Checklist 10 / §2.3.
        var config = new IpamConfig { StrictAffinity = true, MaxBlocksPerHost = configured };
        Assert.Equal(expected, config.EffectiveMaxBlocksPerHost(requested));
    }

    [Fact]
    public void BlockLimit_CountsOnlyBlocksOfTheRequestsAllowedPools()
    {
        // Checklist 10: numBlocksOwned = affine blocks in this request's pools.
        var cluster = NewCluster();
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true, MaxBlocksPerHost = 1 });
        cluster.Pool("a-pool", "10.1.0.0/28", 30);
        cluster.Pool("b-pool", "10.2.0.0/28", 30);
        cluster.Node("node-1");
        for (var i = 0; i < 4; i++)
        {
            AssertRunning(cluster.Run("a" + i, "node-1"), "10.1.0." + (8 + i));
        }

        AssertFailed(cluster.Run("any", "node-1"), "cannot allocate new block due to per host block limit");
        AssertRunning(cluster.RunInPools("b", "node-1", "[\"b-pool\"]"), "10.2.0.8");
    }

    [Fact]
    public void BlockLimit_CountsOnlyBlocksOfTheRequestsIpVersion()
    {
        // Checklist 10: "the count covers only blocks in this request's allowed pools and IP version".
        var cluster = NewCluster();
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true, MaxBlocksPerHost = 1 });
        cluster.Pool("v4", "10.244.0.0/16", 26);
        cluster.Pool("v6", "fd00::/112", 122);
        cluster.Node("node-1");

        var pod = cluster.Run("web", "node-1");

        Assert.Equal(new[] { "10.244.84.128", "fd00::5480" }, pod.IPs.Select(ip => ip.ToString()));
        Assert.Equal(2, cluster.GetBlockAffinities().Count);
    }

    [Fact]
    public void Borrowing_TakesFromAnOrphanedBlock_OnlyWhenNoBlockIsUnclaimed()
    {
        // §2.5/§2.6: an orphaned block exists, so findUsableBlock never claims it; the borrow pass
        // reads any existing block, affine or not.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/25", 26);
        cluster.Node("node-1");
        cluster.Node("node-2");
        AssertRunning(cluster.Run("old", "node-2"), "10.0.0.0");
        cluster.DeletePool("pool");
        cluster.Pool("pool", "10.0.0.0/25", 26);

        AssertRunning(cluster.Run("a", "node-1"), "10.0.0.64");
        AssertRunning(cluster.Run("b", "node-2"), "10.0.0.1");

        var borrowed = cluster.Allocation("10.0.0.1")!;
        Assert.True(borrowed.Borrowed);
        Assert.Equal("", borrowed.BlockOwner);
        Assert.Equal("", cluster.Block("10.0.0.0/26").Affinity);
        Assert.DoesNotContain(cluster.GetBlockAffinities(), a => a.Node == "node-2");
    }

    [Fact]
    public void BlockLimit_FromMaxBlocksPerHost_FailsWithTheLimitError()
    {
        // Checklist 11 / §2.4 step 2: ErrBlockLimit is returned as the error, not wrapped.
        var cluster = NewCluster();
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true, MaxBlocksPerHost = 1 });
        cluster.Pool("pool", "10.0.0.0/28", 30);
        cluster.Node("node-1");
        for (var i = 0; i < 4; i++)
        {
            AssertRunning(cluster.Run("p" + i, "node-1"), "10.0.0." + (8 + i));
        }

        AssertFailed(cluster.Run("p4", "node-1"), "cannot allocate new block due to per host block limit");
        Assert.Single(cluster.GetBlocks());
    }

    [Fact]
    public void BlockLimit_DefaultsTo20_AndDoesNotBorrowEvenWithoutStrictAffinity()
    {
        // Checklist 11 / §1.5: "The default of 20 blocks per host still applies when
        // strictAffinity=false", and ErrBlockLimit returns before the borrow phase.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 30);
        cluster.Node("node-1");
        cluster.Node("node-2");
        var other = cluster.Run("other", "node-2"); // node-2 gets a block with 3 free addresses
        var otherBlock = cluster.FindAllocation(other.IPs[0])!.Block.ToString();
        for (var i = 0; i < 80; i++)
        {
            Assert.Equal(PodStatus.Running, cluster.Run("p" + i, "node-1").Status);
        }
        Assert.Equal(20, cluster.GetBlockAffinities().Count(a => a.Node == "node-1"));

        AssertFailed(cluster.Run("p80", "node-1"), "cannot allocate new block due to per host block limit");
        Assert.Equal(20, cluster.GetBlockAffinities().Count(a => a.Node == "node-1"));
        Assert.Equal(1, cluster.Block(otherBlock).InUse);
    }

    [Fact]
    public void AutoAllocateBlocksFalse_FailsToFindOrClaimABlock()
    {
        // §2.4 step 1d / §11.
        var cluster = NewCluster();
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true, AutoAllocateBlocks = false });
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");

        AssertFailed(cluster.Run("web", "node-1"), "failed to find or claim a block");
        Assert.Empty(cluster.GetBlocks());
    }

    [Fact]
    public void AutoAllocateBlocksFalse_StillUsesTheNodesExistingBlocks()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/28", 30);
        cluster.Node("node-1");
        AssertRunning(cluster.Run("p0", "node-1"), "10.0.0.8");
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true, AutoAllocateBlocks = false });

        AssertRunning(cluster.Run("p1", "node-1"), "10.0.0.9");
        AssertRunning(cluster.Run("p2", "node-1"), "10.0.0.10");
        AssertRunning(cluster.Run("p3", "node-1"), "10.0.0.11");
        AssertFailed(cluster.Run("p4", "node-1"), "failed to find or claim a block");
    }

    [Fact]
    public void Borrowing_FollowsTheBorrowersWalk_TakingTheFirstFreeAddress()
    {
        // Checklist 25 / §2.6: node-1's walk is index 2 (.8/30), then 3 (.12/30).
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/28", 30);
        foreach (var host in new[] { "node-2", "worker-1", "kind-worker", "node-3", "node-1" })
        {
            cluster.Node(host);
        }
        AssertRunning(cluster.Run("a", "node-2"), "10.0.0.0");
        AssertRunning(cluster.Run("b", "worker-1"), "10.0.0.4");
        AssertRunning(cluster.Run("c", "kind-worker"), "10.0.0.8");
        AssertRunning(cluster.Run("d", "node-3"), "10.0.0.12");

        AssertRunning(cluster.Run("borrow-1", "node-1"), "10.0.0.9");
        var borrowed = cluster.Allocation("10.0.0.9")!;
        Assert.True(borrowed.Borrowed);
        Assert.Equal("node-1", borrowed.Node);
        Assert.Equal("kind-worker", borrowed.BlockOwner);
        Assert.Equal("kind-worker", cluster.Block("10.0.0.8/30").Affinity);

        AssertRunning(cluster.Run("c2", "kind-worker"), "10.0.0.10");
        AssertRunning(cluster.Run("c3", "kind-worker"), "10.0.0.11");
        AssertRunning(cluster.Run("borrow-2", "node-1"), "10.0.0.13");
        Assert.DoesNotContain(cluster.GetBlockAffinities(), a => a.Node == "node-1");
    }

    [Fact]
    public void StrictAffinity_DoesNotBorrow_AndSaysSo()
    {
        // Checklist 26 / §2.7.
        var cluster = NewCluster();
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true });
        cluster.Pool("pool", "10.0.0.0/28", 30);
        foreach (var host in new[] { "node-2", "worker-1", "kind-worker", "node-3", "node-1" })
        {
            cluster.Node(host);
        }
        foreach (var host in new[] { "node-2", "worker-1", "kind-worker", "node-3" })
        {
            Assert.Equal(PodStatus.Running, cluster.Run("on-" + host, host).Status);
        }

        AssertFailed(cluster.Run("web", "node-1"), "failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; "
            + "No more free affine blocks and strict affinity enabled");
    }

    [Fact]
    public void ExhaustedPools_WithoutStrictAffinity_ListEveryExhaustedPool()
    {
        // Checklist 27 / §2.6: "No IPs available in pools: [<cidr> <cidr>]" (Go's %v of a []string).
        var cluster = NewCluster();
        cluster.Pool("a-pool", "10.0.0.0/30", 30);
        cluster.Pool("b-pool", "10.1.0.0/30", 30);
        cluster.Node("node-1");
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(PodStatus.Running, cluster.Run("p" + i, "node-1").Status);
        }

        AssertFailed(cluster.Run("p8", "node-1"), "failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; "
            + "No IPs available in pools: [10.0.0.0/30 10.1.0.0/30]");
    }

    [Fact]
    public void ExhaustedPool_WithoutStrictAffinity_NamesThePool()
    {
        // Checklist 27.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/30", 30);
        cluster.Node("node-1");
        for (var i = 0; i < 4; i++)
        {
            AssertRunning(cluster.Run("p" + i, "node-1"), "10.0.0." + i);
        }

        AssertFailed(cluster.Run("p4", "node-1"), "failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; "
            + "No IPs available in pools: [10.0.0.0/30]");
    }

    [Fact]
    public void AutoAssign_ReturnsAddressesWithTheBlockMask()
    {
        // Checklist 28 / §2.7: 10.244.84.128/26, not /32.
        var state = new IpamState();
        var pool = IpPoolValidator.ValidateCreate("pool", new IpPoolSpec { Cidr = "10.244.0.0/16", BlockSize = 26 }, Array.Empty<IpPool>());
        var node = new Node { Name = "node-1", Address = Cidr.Parse("192.168.1.10/24"), Labels = Labels.ForNode("node-1", NodeRole.Worker, null) };
        var context = new IpamContext(new[] { pool }, name => name == "node-1" ? node : null, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var result = AutoAssigner.AutoAssign(state, context, new AutoAssignRequest { Host = "node-1", Count = 1, IPv6 = false, HandleId = "h" });

        Assert.Equal("10.244.84.128/26", Assert.Single(result.Ips).ToString());
        Assert.Null(result.PartialFulfillmentError());
    }

    [Fact]
    public void AutoAssign_ForAnUnknownNode_Fails()
    {
        // §2.2 step 1: the Calico Node must exist.
        var state = new IpamState();
        var pool = IpPoolValidator.ValidateCreate("pool", new IpPoolSpec { Cidr = "10.244.0.0/16", BlockSize = 26 }, Array.Empty<IpPool>());
        var context = new IpamContext(new[] { pool }, _ => null, DateTimeOffset.UnixEpoch);

        var e = Assert.Throws<IpamException>(() => AutoAssigner.AutoAssign(state, context,
            new AutoAssignRequest { Host = "ghost", Count = 1, IPv6 = false, HandleId = "h" }));
        Assert.Equal(IpamError.UnknownNode, e.Error);
        Assert.Equal(0, state.BlockCount);
    }

    [Fact]
    public void DualStackPod_GetsOneAddressPerFamily_IPv4First()
    {
        // §2.1: v4 is assigned first, then v6.
        var cluster = NewCluster();
        cluster.Pool("v4", "10.244.0.0/16", 26);
        cluster.Pool("v6", "fd00::/112", 122);
        cluster.Node("node-1");

        var pod = cluster.Run("web", "node-1");

        Assert.Equal(PodStatus.Running, pod.Status);
        Assert.Equal(new[] { "10.244.84.128", "fd00::5480" }, pod.IPs.Select(ip => ip.ToString()));
    }

    [Fact]
    public void DualStackPod_WhoseIPv6AssignFails_KeepsNoIPv4Address()
    {
        // §2.1 "dual-stack all-or-nothing": when the v6 AutoAssign fails with an error (here no v6
        // pool selects the node), the CNI ADD fails and kubelet's CNI DEL releases the sandbox's
        // handle, so the v4 address must not stay allocated.
        var cluster = NewCluster();
        cluster.Pool("v4", "10.244.0.0/16", 26);
        cluster.Pool("v6", "fd00::/112", 122, nodeSelector: "zone == 'b'");
        cluster.Node("node-1", ("zone", "a"));

        var pod = cluster.Run("web", "node-1");

        AssertFailed(pod, "no configured Calico pools for node node-1");
        Assert.Empty(cluster.GetAllocations());
        AssertClean(cluster);
    }
}

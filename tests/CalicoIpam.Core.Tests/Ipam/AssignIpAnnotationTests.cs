using System.Linq;
using CalicoIpam.Core.Ipam;
using static CalicoIpam.Core.Tests.Ipam.IpamTestKit;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>
/// The cni.projectcalico.org/ipAddrs annotation and AssignIP (calico-ipam.md §6; checklist
/// 29-32). The CNI layer prefixes AssignIP's errors with "error getting IP from IPAM: ".
/// </summary>
public sealed class AssignIpAnnotationTests
{
    [Fact]
    public void AnAddressAlreadyAssigned_IsRejected()
    {
        // Checklist 30.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        AssertRunning(cluster.Run("first", "node-1"), "10.0.0.128");

        AssertFailed(cluster.RunWithIps("second", "node-1", "[\"10.0.0.128\"]"),
            "error getting IP from IPAM: resource already exists: 10.0.0.128");
    }

    [Fact]
    public void AnAddressOutsideEveryPool_IsRejectedWithTheTrailingNewline()
    {
        // Checklist 31: note the "\n" Calico puts at the end of this message.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");

        AssertFailed(cluster.RunWithIps("web", "node-1", "[\"10.9.0.1\"]"),
            "error getting IP from IPAM: The provided IP address is not in a configured pool\n");
        Assert.Empty(cluster.GetBlocks());
    }

    [Fact]
    public void AnAddressInADisabledPool_IsNotInAConfiguredPool()
    {
        // §6 step 1 / checklist 6: getPoolForIP searches enabled pools only.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26, disabled: true);
        cluster.Node("node-1");

        AssertFailed(cluster.RunWithIps("web", "node-1", "[\"10.0.0.5\"]"),
            "error getting IP from IPAM: The provided IP address is not in a configured pool\n");
    }

    [Fact]
    public void StrictAffinity_RejectsAnAddressInAnotherNodesBlock()
    {
        // Checklist 32.
        var cluster = NewCluster();
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true });
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.Node("node-2");
        AssertRunning(cluster.Run("owner", "node-1"), "10.0.0.128");

        AssertFailed(cluster.RunWithIps("web", "node-2", "[\"10.0.0.130\"]"),
            "error getting IP from IPAM: Block host affinity does not match");
        Assert.Null(cluster.Allocation("10.0.0.130"));
    }

    [Fact]
    public void WithoutStrictAffinity_AnAddressInAnotherNodesBlock_IsBorrowed()
    {
        // Checklist 32: "without strict affinity it succeeds".
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.Node("node-2");
        AssertRunning(cluster.Run("owner", "node-1"), "10.0.0.128");

        AssertRunning(cluster.RunWithIps("web", "node-2", "[\"10.0.0.130\"]"), "10.0.0.130");
        var allocation = cluster.Allocation("10.0.0.130")!;
        Assert.True(allocation.Borrowed);
        Assert.Equal("node-2", allocation.Node);
        Assert.Equal("node-1", allocation.BlockOwner);
        Assert.Equal("node-1", cluster.Block("10.0.0.128/26").Affinity);
    }

    [Fact]
    public void StrictAffinity_RejectsAnAddressInABlockWithNoAffinity()
    {
        // §6 step 5: an orphaned block inside an enabled pool (the pool was deleted and made again).
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        AssertRunning(cluster.Run("owner", "node-1"), "10.0.0.128");
        cluster.DeletePool("pool");
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true });

        AssertFailed(cluster.RunWithIps("web", "node-1", "[\"10.0.0.130\"]"),
            "error getting IP from IPAM: Attempt to assign from block 10.0.0.128/26 with no affinity");
    }

    [Fact]
    public void AMissingBlock_IsClaimedForTheNode()
    {
        // Checklist 29: pending affinity → block → confirmed, even outside the node's walk.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");

        AssertRunning(cluster.RunWithIps("web", "node-1", "[\"10.0.0.5\"]"), "10.0.0.5");

        var block = Assert.Single(cluster.GetBlocks());
        Assert.Equal("10.0.0.0/26", block.Cidr.ToString());
        Assert.Equal("node-1", block.Affinity);
        Assert.Equal("10.0.0.0/26", Assert.Single(cluster.GetBlockAffinities()).Cidr.ToString());
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, block.Unallocated.Take(5));
        Assert.DoesNotContain(5, block.Unallocated);
    }

    [Fact]
    public void AssignIp_IgnoresSelectorsAssignmentModeAndTheBlockLimit()
    {
        // Checklist 29: nodeSelector "!all()", Manual, and a node already at maxBlocksPerHost=1.
        var cluster = NewCluster();
        cluster.SetIpamConfig(new IpamConfig { StrictAffinity = true, MaxBlocksPerHost = 1 });
        cluster.Pool("a-pool", "10.1.0.0/24", 26);
        cluster.Pool("manual", "10.0.0.0/24", 26, nodeSelector: "!all()", assignmentMode: "Manual");
        cluster.Node("node-1");
        AssertRunning(cluster.Run("first", "node-1"), "10.1.0.128");

        AssertRunning(cluster.RunWithIps("web", "node-1", "[\"10.0.0.70\"]"), "10.0.0.70");
        Assert.Equal(2, cluster.GetBlockAffinities().Count(a => a.Node == "node-1"));
    }

    [Fact]
    public void TwoIPv4Addresses_AreRejected()
    {
        // §6 annotation rules.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");

        AssertFailed(cluster.RunWithIps("web", "node-1", "[\"10.0.0.5\",\"10.0.0.6\"]"),
            "cannot have more than one IPv4 address for \"cni.projectcalico.org/ipAddrs\" annotation");
        Assert.Empty(cluster.GetAllocations());
    }

    [Fact]
    public void AnEmptyList_IsRejected()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");

        AssertFailed(cluster.RunWithIps("web", "node-1", "[]"),
            "annotation \"cni.projectcalico.org/ipAddrs\" specified but empty");
    }

    [Fact]
    public void OneIPv4AndOneIPv6_AreBothAssigned()
    {
        var cluster = NewCluster();
        cluster.Pool("v4", "10.0.0.0/24", 26);
        cluster.Pool("v6", "fd00::/112", 122);
        cluster.Node("node-1");

        var pod = cluster.RunWithIps("web", "node-1", "[\"10.0.0.5\",\"fd00::7\"]");

        Assert.Equal(new[] { "10.0.0.5", "fd00::7" }, pod.IPs.Select(ip => ip.ToString()));
        Assert.Equal(pod.Handle, cluster.Allocation("fd00::7")!.Handle);
        AssertClean(cluster);
    }

    [Fact]
    public void AFailedSecondAddress_ReleasesTheFirst()
    {
        // The CNI ADD fails whole; nothing stays allocated under the sandbox's handle.
        var cluster = NewCluster();
        cluster.Pool("v4", "10.0.0.0/24", 26);
        cluster.Node("node-1");

        AssertFailed(cluster.RunWithIps("web", "node-1", "[\"10.0.0.5\",\"fd00::7\"]"),
            "error getting IP from IPAM: The provided IP address is not in a configured pool\n");
        Assert.Empty(cluster.GetAllocations());
        AssertClean(cluster);
    }
}

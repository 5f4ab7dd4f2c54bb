using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using static CalicoIpam.Core.Tests.Ipam.IpamTestKit;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>Pools changing under allocations (calico-ipam.md §9; checklist 6, 38-40).</summary>
public sealed class IpamPoolLifecycleTests
{
    [Fact]
    public void DeletingAPool_DeletesEmptyBlocks_OrphansTheRest_AndPodsKeepTheirAddresses()
    {
        // Checklist 38 / §9 (ReleasePoolAffinities without RequireEmpty).
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.Node("node-2");
        AssertRunning(cluster.Run("a", "node-1"), "10.0.0.128");
        AssertRunning(cluster.Run("b", "node-2"), "10.0.0.0");
        cluster.DeletePod("default", "b");

        cluster.DeletePool("pool");

        var block = Assert.Single(cluster.GetBlocks());
        Assert.Equal("10.0.0.128/26", block.Cidr.ToString());
        Assert.Equal("", block.Affinity);
        Assert.Null(block.AffinityClaimTime);
        Assert.Equal("", block.Pool);
        Assert.Empty(cluster.GetBlockAffinities());
        AssertRunning(cluster.Pod("a"), "10.0.0.128");
        Assert.Equal(cluster.Pod("a").Handle, cluster.Allocation("10.0.0.128")!.Handle);
    }

    [Fact]
    public void ADeletedPool_GivesNoNewAddresses()
    {
        var cluster = NewCluster();
        cluster.Pool("old", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.Run("a", "node-1");

        cluster.DeletePool("old");

        AssertFailed(cluster.Run("b", "node-1"), "cannot find a qualified ippool");
        AssertFailed(cluster.RunWithIps("c", "node-1", "[\"10.0.0.129\"]"),
            "error getting IP from IPAM: The provided IP address is not in a configured pool\n");
        cluster.Pool("new", "10.1.0.0/24", 26);
        AssertRunning(cluster.Pod("b"), "10.1.0.128"); // kubelet's retry after the pool change
        Assert.Equal("", cluster.Block("10.0.0.128/26").Affinity);
    }

    [Fact]
    public void ADisabledPool_IsNotUsedForNewAddresses_ButKeepsItsBlocksAndAffinities()
    {
        // Checklist 6 / §9 "Disabling a pool".
        var cluster = NewCluster();
        cluster.Pool("a-pool", "10.0.0.0/24", 26);
        cluster.Pool("b-pool", "10.1.0.0/24", 26);
        cluster.Node("node-1");
        AssertRunning(cluster.Run("a", "node-1"), "10.0.0.128");

        cluster.UpdatePool("a-pool", s => s with { Disabled = true });

        AssertRunning(cluster.Run("b", "node-1"), "10.1.0.128");
        Assert.Equal("node-1", cluster.Block("10.0.0.128/26").Affinity);
        AssertFailed(cluster.RunWithIps("c", "node-1", "[\"10.0.0.140\"]"),
            "error getting IP from IPAM: The provided IP address is not in a configured pool\n");
        AssertFailed(cluster.RunInPools("d", "node-1", "[\"a-pool\"]"),
            "the given pool (10.0.0.0/24) does not exist, or is not enabled");
    }

    [Fact]
    public void ChangingAPoolsCidr_IsRejected()
    {
        // Checklist 39.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);

        var e = Assert.Throws<CalicoValidationException>(() => cluster.UpdatePool("pool", s => s with { Cidr = "10.1.0.0/24" }));

        Assert.Equal("error with field IPPool.Spec.CIDR = '10.1.0.0/24' (IPPool CIDR cannot be modified)", e.Message);
        Assert.Equal("10.0.0.0/24", cluster.FindPool("pool")!.Cidr);
    }

    [Fact]
    public void ChangingAPoolsBlockSize_IsRejected()
    {
        // Checklist 39.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);

        var e = Assert.Throws<CalicoValidationException>(() => cluster.UpdatePool("pool", s => s with { BlockSize = 28 }));

        Assert.Equal("error with field IPPool.Spec.BlockSize = '28' (IPPool BlockSize cannot be modified)", e.Message);
        Assert.Equal(26, cluster.FindPool("pool")!.BlockSize);
    }

    [Fact]
    public void ANewPoolOverlappingAnExistingPool_IsRejected()
    {
        // Checklist 40.
        var cluster = NewCluster();
        cluster.Pool("a", "10.0.0.0/16", 26);

        var e = Assert.Throws<CalicoValidationException>(() => cluster.Pool("b", "10.0.5.0/24", 26));

        Assert.Equal("error with field IPPool.Spec.CIDR = '10.0.5.0/24' (IPPool(b) CIDR overlaps with IPPool(a) CIDR 10.0.0.0/16)", e.Message);
        Assert.Single(cluster.GetPools());
    }

    [Fact]
    public void ANewPoolWhoseBlockSizeConflictsWithExistingBlocks_IsRejected()
    {
        // §9: clientv3 ipPools.Create lists the blocks and rejects a pool that overlaps a block of
        // another size ("IPPool blocksSize conflicts with existing allocations that use a
        // different blockSize"). Here the block is an orphan of a deleted pool.
        var cluster = NewCluster();
        cluster.Pool("old", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        AssertRunning(cluster.Run("a", "node-1"), "10.0.0.128");
        cluster.DeletePool("old");

        var e = Assert.Throws<CalicoValidationException>(() => cluster.Pool("new", "10.0.0.0/24", 28));

        Assert.Equal("error with field IPPool.Spec.BlockSize = '28' (IPPool blocksSize conflicts with existing allocations that use a different blockSize)", e.Message);
        Assert.Empty(cluster.GetPools());
    }

    [Fact]
    public void ANewPoolWithTheSameBlockSizeOverOrphanedBlocks_IsAccepted_AndTheOrphanStaysUnowned()
    {
        var cluster = NewCluster();
        cluster.Pool("old", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        AssertRunning(cluster.Run("a", "node-1"), "10.0.0.128");
        cluster.DeletePool("old");

        cluster.Pool("new", "10.0.0.0/24", 26);

        // The orphaned block exists, so node-1's walk skips it; it is not node-1's any more.
        AssertRunning(cluster.Run("b", "node-1"), "10.0.0.192");
        Assert.Equal("", cluster.Block("10.0.0.128/26").Affinity);
        AssertClean(cluster);
    }
}

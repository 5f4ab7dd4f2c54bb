using System;
using System.Linq;
using CalicoIpam.Core.Ipam;
using static CalicoIpam.Core.Tests.Ipam.IpamTestKit;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>calicoctl ipam split (calico-ipam.md §8.4; checklist 40).</summary>
public sealed class SplitPoolTests
{
    [Fact]
    public void Split_CreatesSplitNameIPools_InAddressOrder_WithTheOldSpec()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 28, ipipMode: "CrossSubnet", nodeSelector: "all()");

        var created = cluster.SplitPool("pool", 4);

        Assert.Equal(new[] { "split-pool-0", "split-pool-1", "split-pool-2", "split-pool-3" }, created.Select(p => p.Name));
        Assert.Equal(new[] { "10.0.0.0/26", "10.0.0.64/26", "10.0.0.128/26", "10.0.0.192/26" }, created.Select(p => p.Cidr));
        Assert.All(created, p =>
        {
            Assert.Equal(28, p.BlockSize);
            Assert.Equal(EncapsulationMode.CrossSubnet, p.IpipMode);
            Assert.False(p.Disabled);
        });
        Assert.Null(cluster.FindPool("pool"));
        Assert.Equal(created.Select(p => p.Name), cluster.GetPools().Select(p => p.Name));
    }

    [Fact]
    public void Split_OfADisabledPool_EnablesTheChildren()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 28, disabled: true);

        Assert.All(cluster.SplitPool("pool", 2), p => Assert.False(p.Disabled));
    }

    [Fact]
    public void Split_KeepsBlocksAffinitiesAndAddresses()
    {
        // UnsafeDelete does not release affinities: blocks carry over to the children.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.Node("node-2");
        AssertRunning(cluster.Run("a", "node-1"), "10.0.0.128");
        AssertRunning(cluster.Run("b", "node-2"), "10.0.0.0");
        var blocksBefore = cluster.GetBlocks().Select(b => (b.Cidr, b.Affinity, b.InUse)).ToArray();
        var affinitiesBefore = cluster.GetBlockAffinities().Select(a => a.Name).ToArray();

        cluster.SplitPool("pool", 2);

        Assert.Equal(blocksBefore, cluster.GetBlocks().Select(b => (b.Cidr, b.Affinity, b.InUse)));
        Assert.Equal(affinitiesBefore, cluster.GetBlockAffinities().Select(a => a.Name));
        Assert.Equal(new[] { "split-pool-0", "split-pool-1" }, cluster.GetBlocks().Select(b => b.Pool).OrderBy(n => n));
        AssertRunning(cluster.Pod("a"), "10.0.0.128");
        AssertRunning(cluster.Run("a2", "node-1"), "10.0.0.129");
        AssertClean(cluster);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(1)]
    [InlineData(-2)]
    public void Split_IntoANumberThatIsNotAPowerOfTwo_FailsAndChangesNothing(int parts)
    {
        // splitCIDR: math.Log2 NaN, 0 or not an integer.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 28);
        var before = cluster.GetPools();

        var e = Assert.Throws<IpamException>(() => cluster.SplitPool("pool", parts));

        Assert.Equal($"error splitting the CIDR 10.0.0.0/24 into {parts} CIDRs: number to split CIDR into is not a valid power of 2: {parts}", e.Message);
        Assert.Equal(before, cluster.GetPools());
    }

    [Fact]
    public void Split_BeyondTheAddressWidth_FailsAndChangesNothing()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/30", 30);
        var before = cluster.GetPools();

        var e = Assert.Throws<IpamException>(() => cluster.SplitPool("pool", 8));

        Assert.Equal("error splitting the CIDR 10.0.0.0/30 into 8 CIDRs: the CIDR 10.0.0.0/30 is not large enough to be split into 8 parts", e.Message);
        Assert.Equal(before, cluster.GetPools());
    }

    [Fact]
    public void Split_WhoseChildrenAreSmallerThanABlock_FailsAndChangesNothing()
    {
        // Each child must pass validation (prefix <= blockSize for an enabled pool).
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/26", 26);
        cluster.Node("node-1");
        cluster.Run("a", "node-1");
        var pools = cluster.GetPools();
        var blocks = cluster.GetBlocks().Select(b => (b.Cidr, b.Affinity, b.InUse)).ToArray();

        var e = Assert.Throws<IpamException>(() => cluster.SplitPool("pool", 2));

        Assert.StartsWith("error using unsafe create to make split pool with cidr 10.0.0.0/27: ", e.Message);
        Assert.Equal(pools, cluster.GetPools());
        Assert.Equal(blocks, cluster.GetBlocks().Select(b => (b.Cidr, b.Affinity, b.InUse)));
    }

    [Fact]
    public void Split_OfAnUnknownPool_Fails()
    {
        var cluster = NewCluster();

        var e = Assert.Throws<IpamException>(() => cluster.SplitPool("nope", 2));

        Assert.StartsWith("unable to find IP pool with name nope: ", e.Message);
    }
}

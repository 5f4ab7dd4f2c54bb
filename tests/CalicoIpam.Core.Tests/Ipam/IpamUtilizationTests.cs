using System.Linq;
using System.Numerics;
using static CalicoIpam.Core.Tests.Ipam.IpamTestKit;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>calicoctl ipam show's rows (calico-ipam.md §8.1; checklist 42-43).</summary>
public sealed class IpamUtilizationTests
{
    [Fact]
    public void OneRowPerPool_InNameOrder_DisabledPoolsIncluded()
    {
        var cluster = NewCluster();
        cluster.Pool("b-pool", "10.0.0.0/24", 26);
        cluster.Pool("a-pool", "10.1.0.0/16", 26, disabled: true);
        cluster.Node("node-1");
        cluster.Run("p0", "node-1");
        cluster.Run("p1", "node-1");
        cluster.Run("p2", "node-1");

        var rows = cluster.GetUtilization(showBlocks: false);

        Assert.Equal(new[] { ("IP Pool", "10.1.0.0/16", "a-pool"), ("IP Pool", "10.0.0.0/24", "b-pool") },
            rows.Select(r => (r.Grouping, r.Cidr, r.Pool)));
        Assert.Equal(new BigInteger(65536), rows[0].Total);
        Assert.Equal(BigInteger.Zero, rows[0].InUse);
        Assert.Equal(new BigInteger(256), rows[1].Total);
        Assert.Equal(new BigInteger(3), rows[1].InUse);
        Assert.Equal(new BigInteger(253), rows[1].Free);
    }

    [Fact]
    public void ShowBlocks_ListsEachPoolsBlocksAfterIt_InBlockNameOrder()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.Node("node-2");
        cluster.Run("a", "node-1");
        cluster.Run("b", "node-2");
        cluster.Run("c", "node-2");

        var rows = cluster.GetUtilization(showBlocks: true);

        Assert.Equal(new[]
        {
            ("IP Pool", "10.0.0.0/24", 256, 3),
            ("Block", "10.0.0.0/26", 64, 2),
            ("Block", "10.0.0.128/26", 64, 1),
        }, rows.Select(r => (r.Grouping, r.Cidr, (int)r.Total, (int)r.InUse)));
    }

    [Fact]
    public void OrphanedBlocks_HaveNoPoolRow_AndAppearOnlyWithShowBlocks()
    {
        // §8.1: blocks matching no pool go to "orphaned allocation blocks", which has no pool row.
        var cluster = NewCluster();
        cluster.Pool("gone", "10.0.0.0/24", 26);
        cluster.Pool("kept", "10.1.0.0/24", 26);
        cluster.Node("node-1");
        cluster.RunInPools("old", "node-1", "[\"gone\"]");
        cluster.DeletePool("gone");
        cluster.Run("new", "node-1");

        var summary = cluster.GetUtilization(showBlocks: false);
        var withBlocks = cluster.GetUtilization(showBlocks: true);

        Assert.Equal(new[] { ("IP Pool", "10.1.0.0/24", "kept", 1) },
            summary.Select(r => (r.Grouping, r.Cidr, r.Pool, (int)r.InUse)));
        Assert.Equal(new[]
        {
            ("IP Pool", "10.1.0.0/24", "kept", 1),
            ("Block", "10.1.0.128/26", "kept", 1),
            ("Block", "10.0.0.128/26", "", 1),
        }, withBlocks.Select(r => (r.Grouping, r.Cidr, r.Pool, (int)r.InUse)));
    }

    [Fact]
    public void Cells_AreFormattedAsCalicoctlPrintsThem()
    {
        // Checklist 42: TOTAL as %.5g; "%.5g (%.f%%)" with Go's round-half-to-even
        // (1/8 = 12.5% → "12", 7/8 = 87.5% → "88").
        var cluster = NewCluster();
        cluster.Pool("big", "10.0.0.0/8", 26);
        cluster.Pool("small", "192.168.0.0/29", 29);
        cluster.Pool("wide", "172.16.0.0/16", 26);
        cluster.Pool("zv6", "fd5f:abcd:64::/48", 122);
        cluster.Node("node-1");
        cluster.RunInPools("one", "node-1", "[\"small\"]");

        var rows = cluster.GetUtilization(showBlocks: true).ToDictionary(r => (r.Grouping, r.Cidr));

        Assert.Equal("1.6777e+07", rows[("IP Pool", "10.0.0.0/8")].TotalText);
        Assert.Equal("65536", rows[("IP Pool", "172.16.0.0/16")].TotalText);
        Assert.Equal("65536 (100%)", rows[("IP Pool", "172.16.0.0/16")].FreeText);
        Assert.Equal("1.2089e+24", rows[("IP Pool", "fd5f:abcd:64::/48")].TotalText);
        Assert.Equal("1.2089e+24 (100%)", rows[("IP Pool", "fd5f:abcd:64::/48")].FreeText);
        var small = rows[("IP Pool", "192.168.0.0/29")];
        Assert.Equal("8", small.TotalText);
        Assert.Equal("1 (12%)", small.InUseText);
        Assert.Equal("7 (88%)", small.FreeText);
        Assert.Equal("1 (12%)", rows[("Block", "192.168.0.0/29")].InUseText);
    }

    [Fact]
    public void InUse_CountsCapacityMinusFreeOrdinals_IncludingTunnelAddresses()
    {
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26, ipipMode: "Always");
        cluster.Node("node-1");
        cluster.Run("web", "node-1");

        var pool = Assert.Single(cluster.GetUtilization(showBlocks: false));

        Assert.Equal(new BigInteger(2), pool.InUse);
        Assert.Equal(100 * 2.0 / 256, pool.InUsePercent);
    }
}

using System.Linq;
using CalicoIpam.Core.Clusters;
using static CalicoIpam.Core.Tests.Ipam.IpamTestKit;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>IPReservations (calico-ipam.md §7; checklist 18 and 33).</summary>
public sealed class ReservationTests
{
    [Fact]
    public void ReservedAddresses_AreSkipped_ButKeepTheirQueuePosition()
    {
        // Checklist 18: reserved ordinals stay at their place in Unallocated.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/26", 26);
        cluster.Node("node-1");
        cluster.CreateReservation("gateway", new[] { "10.0.0.1", "10.0.0.4/31" });

        var ips = Enumerable.Range(0, 4).Select(i => cluster.Run("p" + i, "node-1").IP).ToArray();

        Assert.Equal(new[] { "10.0.0.0", "10.0.0.2", "10.0.0.3", "10.0.0.6" }, ips);
        Assert.Equal(new[] { 1, 4, 5, 7, 8 }, cluster.Block("10.0.0.0/26").Unallocated.Take(5));

        cluster.DeleteReservation("gateway");
        AssertRunning(cluster.Run("after", "node-1"), "10.0.0.1");
    }

    [Fact]
    public void AWhollyReservedBlock_IsNeverClaimed()
    {
        // Checklist 33 / §2.5: node-1's walk starts at 10.0.0.8/30, which is reserved whole.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/28", 30);
        cluster.Node("node-1");
        cluster.CreateReservation("hole", new[] { "10.0.0.8/30" });

        AssertRunning(cluster.Run("web", "node-1"), "10.0.0.12");
        Assert.Null(cluster.FindBlock("10.0.0.8/30"));
    }

    [Fact]
    public void AWhollyReservedBlock_IsNeverBorrowedFrom()
    {
        // Checklist 33 / §2.6: node-2 owns both blocks of a /29; the one with room is reserved whole.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/29", 30);
        cluster.Node("node-1");
        cluster.Node("node-2");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(PodStatus.Running, cluster.Run("n2-" + i, "node-2").Status);
        }
        var roomy = cluster.GetBlocks().Single(b => b.InUse == 1);
        cluster.CreateReservation("hole", new[] { roomy.Cidr.ToString() });

        AssertFailed(cluster.Run("web", "node-1"), "failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; "
            + "No IPs available in pools: [10.0.0.0/29]");

        // Without the reservation the waiting pod borrows from that block (kubelet retries it).
        cluster.DeleteReservation("hole");
        var pod = cluster.Pod("web");
        Assert.Equal(PodStatus.Running, pod.Status);
        Assert.True(roomy.Cidr.Contains(pod.IPs[0]));
        Assert.True(cluster.FindAllocation(pod.IPs[0])!.Borrowed);
    }

    [Fact]
    public void AssignIp_IgnoresReservations()
    {
        // Checklist 29 / §7: "These annotations override any IPReservations".
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.CreateReservation("kept", new[] { "10.0.0.0/24" });

        AssertRunning(cluster.RunWithIps("web", "node-1", "[\"10.0.0.5\"]"), "10.0.0.5");
        AssertFailed(cluster.Run("auto", "node-1"), "failed to request IPv4 addresses: Assigned 0 out of 1 requested IPv4 addresses; "
            + "No IPs available in pools: [10.0.0.0/24]");
    }

    [Fact]
    public void AReservation_DoesNotReleaseAddressesAlreadyAllocated()
    {
        // §7: "Addresses already allocated when a reservation is created are not released."
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        AssertRunning(cluster.Run("web", "node-1"), "10.0.0.128");

        cluster.CreateReservation("late", new[] { "10.0.0.128" });

        Assert.NotNull(cluster.Allocation("10.0.0.128"));
        AssertRunning(cluster.Pod("web"), "10.0.0.128");
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;
using static CalicoIpam.Core.Tests.Ipam.IpamTestKit;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>
/// Giving addresses back (calico-ipam.md §4, §5; checklist 19-20, 22-23, 34, 38, 47): the FIFO
/// queue, sequence numbers, handles, empty and orphaned blocks, ReleaseIp.
/// </summary>
public sealed class ReleaseTests
{
    [Fact]
    public void AReleasedAddress_GoesToTheTail_AndIsReusedLast()
    {
        // Checklist 19 / §4 "Net effect (FIFO)": allocate 0..9, release 3 → 10..63, then 3.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/26", 26);
        cluster.Node("node-1");
        for (var i = 0; i < 10; i++)
        {
            AssertRunning(cluster.Run("p" + i, "node-1"), "10.0.0." + i);
        }
        cluster.DeletePod("default", "p3");
        Assert.Equal(Enumerable.Range(10, 54).Append(3), cluster.Block("10.0.0.0/26").Unallocated);

        var next = Enumerable.Range(0, 54).Select(i => cluster.Run("q" + i, "node-1").IP).ToArray();

        Assert.Equal(Enumerable.Range(10, 54).Select(o => "10.0.0." + o), next);
        AssertRunning(cluster.Run("last", "node-1"), "10.0.0.3");
    }

    [Fact]
    public void AllocateAndReleaseFourTimesOnASlash30_WrapsToTheFirstAddress()
    {
        // §4: Calico's ipam_test.go "should wrap IP allocations correctly".
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/30", 30);
        cluster.Node("node-1");
        var seen = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            seen.Add(cluster.Run("p" + i, "node-1").IP);
            cluster.DeletePod("default", "p" + i);
        }

        Assert.Equal(new[] { "10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3" }, seen);
        AssertRunning(cluster.Run("p4", "node-1"), "10.0.0.0");
    }

    [Fact]
    public void ReleaseByHandle_AppendsABlocksOrdinalsInAscendingOrder()
    {
        // Checklist 20: ordinals 5 and 2 of one handle go back as [..., 2, 5].
        var state = new IpamState();
        var pool = IpPoolValidator.ValidateCreate("pool", new IpPoolSpec { Cidr = "10.0.0.0/29", BlockSize = 29 }, Array.Empty<IpPool>());
        var node = new Node { Name = "node-1", Address = Cidr.Parse("192.168.1.10/24"), Labels = Labels.ForNode("node-1", NodeRole.Worker, null) };
        var context = new IpamContext(new[] { pool }, _ => node, DateTimeOffset.UnixEpoch);
        var attributes = new Dictionary<string, string> { ["node"] = "node-1" };
        SpecificAssigner.AssignIp(state, context, IpAddress.Parse("10.0.0.5"), "node-1", "h", attributes);
        SpecificAssigner.AssignIp(state, context, IpAddress.Parse("10.0.0.2"), "node-1", "h", attributes);
        Assert.Equal(2, state.FindHandle("h")![Cidr.Parse("10.0.0.0/29")]);

        var released = Releaser.ReleaseByHandle(state, context, "h");

        Assert.Equal(2, released);
        Assert.Equal(new[] { 0, 1, 3, 4, 6, 7, 2, 5 }, state.FindBlock(Cidr.Parse("10.0.0.0/29"))!.Unallocated.ToArray());
        Assert.Null(state.FindHandle("h"));
    }

    [Fact]
    public void EveryBlockWrite_IncrementsTheSequenceNumber_AndAnAllocationRecordsThePreWriteValue()
    {
        // Checklist 22 / §1.2: newBlock seeds SequenceNumber with the claim time in ns;
        // updateBlock adds 1 before every write; SequenceNumberForAllocation is the pre-write value.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");

        var a = cluster.Run("a", "node-1");
        var afterA = cluster.Block("10.0.0.128/26");
        var created = IpamState.UnixNanoseconds(afterA.AffinityClaimTime!.Value);
        Assert.Equal(created + 1, afterA.SequenceNumber);
        Assert.Equal(created, cluster.Allocation(a.IP)!.SequenceNumber);

        var b = cluster.Run("b", "node-1");
        Assert.Equal(created + 2, cluster.Block("10.0.0.128/26").SequenceNumber);
        Assert.Equal(created + 1, cluster.Allocation(b.IP)!.SequenceNumber);
        Assert.Equal(created, cluster.Allocation(a.IP)!.SequenceNumber);

        cluster.DeletePod("default", "a");
        Assert.Equal(created + 3, cluster.Block("10.0.0.128/26").SequenceNumber);
        cluster.ReleaseIp(IpAddress.Parse(b.IP));
        Assert.Equal(created + 4, cluster.Block("10.0.0.128/26").SequenceNumber);
    }

    [Fact]
    public void Handles_CountAddressesPerBlock_AndAreDeletedAtZero()
    {
        // Checklist 23 / §1.4.
        var cluster = NewCluster();
        cluster.Pool("v4", "10.244.0.0/16", 26);
        cluster.Pool("v6", "fd00::/112", 122);
        cluster.Node("node-1");
        var pod = cluster.Run("web", "node-1");
        Assert.Equal(new Dictionary<string, int> { ["10.244.84.128/26"] = 1, ["fd00::5480/122"] = 1 }, cluster.Handle(pod.Handle));
        Assert.StartsWith("k8s-pod-network.", pod.Handle);

        cluster.ReleaseIp(pod.IPs[0]);
        Assert.Equal(new Dictionary<string, int> { ["fd00::5480/122"] = 1 }, cluster.Handle(pod.Handle));

        cluster.DeletePod("default", "web");
        Assert.Null(cluster.Handle(pod.Handle));
        Assert.Empty(cluster.State().Handles);
    }

    [Fact]
    public void AnEmptyAffineBlock_KeepsItsAffinity()
    {
        // Checklist 34 / §5.1: "An affine block that becomes empty is kept, with its affinity."
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.Run("web", "node-1");

        cluster.DeletePod("default", "web");

        var block = Assert.Single(cluster.GetBlocks());
        Assert.Equal(0, block.InUse);
        Assert.Equal("node-1", block.Affinity);
        Assert.Single(cluster.GetBlockAffinities());
        AssertClean(cluster);
    }

    [Fact]
    public void AnOrphanedBlock_IsDeletedWhenItsLastAddressIsReleased()
    {
        // Checklist 34 and 38 / §5.1: empty() && Affinity == nil ⇒ delete.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.Run("a", "node-1");
        cluster.Run("b", "node-1");
        cluster.DeletePool("pool");
        Assert.Equal("", cluster.Block("10.0.0.128/26").Affinity);

        cluster.DeletePod("default", "a");
        Assert.Equal(1, cluster.Block("10.0.0.128/26").InUse);
        cluster.DeletePod("default", "b");

        Assert.Empty(cluster.GetBlocks());
        Assert.Empty(cluster.GetBlockAffinities());
        Assert.Empty(cluster.State().Handles);
    }

    [Fact]
    public void ReleaseIp_OfAnUnassignedAddress_Fails()
    {
        // Checklist 47 / §5.1: a non-empty "unallocated" list is "IP address <ip> is not assigned".
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.Run("web", "node-1");

        var inBlock = Assert.Throws<IpamException>(() => cluster.ReleaseIp(IpAddress.Parse("10.0.0.130")));
        var noBlock = Assert.Throws<IpamException>(() => cluster.ReleaseIp(IpAddress.Parse("10.0.0.7")));
        var noPool = Assert.Throws<IpamException>(() => cluster.ReleaseIp(IpAddress.Parse("172.16.0.1")));

        Assert.Equal("IP address 10.0.0.130 is not assigned", inBlock.Message);
        Assert.Equal("IP address 10.0.0.7 is not assigned", noBlock.Message);
        Assert.Equal("IP address 172.16.0.1 is not assigned", noPool.Message);
        Assert.Equal(IpamError.NotAssigned, inBlock.Error);
    }

    [Fact]
    public void ReleaseIp_FreesTheAddressWhoeverHoldsIt()
    {
        // §8.3: no handle, no sequence number.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        var pod = cluster.Run("web", "node-1");

        var released = cluster.ReleaseIp(IpAddress.Parse("10.0.0.128"));

        Assert.Equal(pod.Handle, released.Handle);
        Assert.Null(cluster.Allocation("10.0.0.128"));
        Assert.Equal(0, cluster.Block("10.0.0.128/26").Unallocated[^1]);
        // The pod still uses the address: calicoctl ipam check's (c) problem.
        var report = cluster.CheckIpam();
        Assert.Equal(1, report.InUseWithoutAllocationCount);
        Assert.Equal(1, report.ProblemCount);
    }

    [Fact]
    public void AddressesOfADisabledPool_CanStillBeReleased()
    {
        // Checklist 6: ReleaseIPs looks through all pools, disabled ones too.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.Run("a", "node-1");
        cluster.Run("b", "node-1");
        cluster.UpdatePool("pool", s => s with { Disabled = true });

        cluster.DeletePod("default", "a");
        cluster.ReleaseIp(IpAddress.Parse("10.0.0.129"));

        Assert.Empty(cluster.GetAllocations());
        AssertFailed(cluster.Run("c", "node-1"), "cannot find a qualified ippool");
    }

    [Fact]
    public void ANodeSelectorThatStopsSelectingTheNode_ReleasesOnlyItsEmptyAffineBlocks()
    {
        // §9 / §2.2 step 6 / §5.1 ensureConsistentAffinity. node-1's walk of 10.0.0.0/28 (/30)
        // is .8, .12: it fills .8/30, gets .12/30 for a fifth pod, which then goes.
        var cluster = NewCluster();
        cluster.Pool("a-pool", "10.0.0.0/28", 30);
        cluster.Pool("z-pool", "10.1.0.0/24", 26);
        cluster.Node("node-1", ("zone", "a"));
        for (var i = 0; i < 5; i++)
        {
            cluster.Run("p" + i, "node-1");
        }
        Assert.Equal("10.0.0.12", cluster.Pod("p4").IP);
        cluster.DeletePod("default", "p4");

        cluster.UpdatePool("a-pool", s => s with { NodeSelector = "zone == 'b'" });
        Assert.Equal(2, cluster.GetBlockAffinities().Count); // nothing happens until the next allocation

        AssertRunning(cluster.Run("next", "node-1"), "10.1.0.128");
        Assert.Null(cluster.FindBlock("10.0.0.12/30"));
        Assert.Equal("node-1", cluster.Block("10.0.0.8/30").Affinity);
        Assert.Equal(new[] { "10.0.0.8/30", "10.1.0.128/26" }, cluster.GetBlockAffinities().Select(a => a.Cidr.ToString()));

        // When the last address of the kept block goes, ensureConsistentAffinity releases it too.
        for (var i = 0; i < 4; i++)
        {
            cluster.DeletePod("default", "p" + i);
        }
        Assert.Null(cluster.FindBlock("10.0.0.8/30"));
        Assert.Equal(new[] { "10.1.0.128/26" }, cluster.GetBlockAffinities().Select(a => a.Cidr.ToString()));
        AssertClean(cluster);
    }

    [Fact]
    public void EnsureConsistentAffinity_OnlyLooksAtEnabledPools()
    {
        // ipam.go ensureConsistentAffinity: getPoolForIP(blockCIDR, nil) searches the *enabled*
        // pools; for a block of a disabled pool it finds none ("No pools own this block") and keeps
        // the affinity, even though the disabled pool's selector no longer selects the node.
        var cluster = NewCluster();
        cluster.Pool("pool", "10.0.0.0/24", 26);
        cluster.Node("node-1", ("zone", "a"));
        AssertRunning(cluster.Run("web", "node-1"), "10.0.0.128");
        cluster.UpdatePool("pool", s => s with { NodeSelector = "zone == 'b'", Disabled = true });

        cluster.DeletePod("default", "web");

        var block = Assert.Single(cluster.GetBlocks());
        Assert.Equal("node-1", block.Affinity);
        Assert.Equal(0, block.InUse);
        Assert.Single(cluster.GetBlockAffinities());
    }
}

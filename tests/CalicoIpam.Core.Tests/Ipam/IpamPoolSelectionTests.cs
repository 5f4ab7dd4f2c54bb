using CalicoIpam.Core.Clusters;
using static CalicoIpam.Core.Tests.Ipam.IpamTestKit;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>
/// Which pools a pod's auto-assign may use (calico-ipam.md §2.1-§2.2; checklist 1-5): name
/// order, requested pools from the ipv4pools annotation, selectors, assignmentMode, uses.
/// For 4-block pools node-1's walk starts at index 2 (§3.5), so its first block is x.x.x.128/26
/// in a /24 with /26 blocks.
/// </summary>
public sealed class IpamPoolSelectionTests
{
    [Fact]
    public void PoolsAreTriedInNameOrder_NotCreationOrderOrAddressOrder()
    {
        // Checklist 1 / §1.1: pools are tried sorted by name (ordinal compare).
        var cluster = NewCluster();
        cluster.Pool("b-pool", "10.0.0.0/24", 26);
        cluster.Pool("a-pool", "10.1.0.0/24", 26);
        cluster.Node("node-1");

        AssertRunning(cluster.Run("web", "node-1"), "10.1.0.128");
    }

    [Fact]
    public void AHostExhaustsItsFirstPoolBeforeClaimingInTheSecond()
    {
        // §2.5 / checklist 12: claims go pool by pool; pool 2 only when pool 1 has no unclaimed block.
        var cluster = NewCluster();
        cluster.Pool("a-pool", "10.1.0.0/29", 30);
        cluster.Pool("b-pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");

        for (var i = 0; i < 8; i++)
        {
            var pod = cluster.Run("p" + i, "node-1");
            Assert.StartsWith("10.1.0.", pod.IP);
        }
        AssertRunning(cluster.Run("p8", "node-1"), "10.0.0.128");
    }

    [Theory]
    [InlineData("[\"b-pool\",\"a-pool\"]", "10.0.0.128")]
    [InlineData("[\"a-pool\",\"b-pool\"]", "10.1.0.128")]
    [InlineData("[\"10.0.0.0/24\"]", "10.0.0.128")]
    [InlineData("[\"10.0.0.7/24\",\"a-pool\"]", "10.0.0.128")]
    public void RequestedPools_ByNameOrCidr_AreUsedInRequestOrder(string annotation, string expected)
    {
        // Checklist 1 / §2.1: ResolvePools keeps the given order; a CIDR is masked (net.ParseCIDR).
        var cluster = NewCluster();
        cluster.Pool("a-pool", "10.1.0.0/24", 26);
        cluster.Pool("b-pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");

        AssertRunning(cluster.RunInPools("web", "node-1", annotation), expected);
    }

    [Fact]
    public void RequestedPools_NewBlocksComeFromTheRequestOrderNotTheNameOrder()
    {
        // §2.2: the requested pools, in request order, are the pool list of findUsableBlock.
        var cluster = NewCluster();
        cluster.Pool("a-pool", "10.1.0.0/24", 26);
        cluster.Pool("z-pool", "10.0.0.0/30", 30);
        cluster.Node("node-1");
        const string request = "[\"z-pool\",\"a-pool\"]";

        for (var i = 0; i < 4; i++)
        {
            AssertRunning(cluster.RunInPools("z" + i, "node-1", request), "10.0.0." + i);
        }
        AssertRunning(cluster.RunInPools("a0", "node-1", request), "10.1.0.128");
    }

    [Fact]
    public void RequestedPool_BypassesTheNodeSelector()
    {
        // Checklist 3: a requested pool is used unconditionally; "!all()" means manual use only.
        var cluster = NewCluster();
        cluster.Pool("edge", "10.0.0.0/24", 26, nodeSelector: "!all()");
        cluster.Node("node-1");

        AssertFailed(cluster.Run("plain", "node-1"), "no configured Calico pools for node node-1");
        AssertRunning(cluster.RunInPools("asked", "node-1", "[\"edge\"]"), "10.0.0.128");
    }

    [Fact]
    public void RequestedPool_BypassesAssignmentModeManual()
    {
        // Checklist 3 / §1.1: a Manual pool is used when requested.
        var cluster = NewCluster();
        cluster.Pool("a-manual", "10.0.0.0/24", 26, assignmentMode: "Manual");
        cluster.Pool("b-auto", "10.1.0.0/24", 26);
        cluster.Node("node-1");

        AssertRunning(cluster.RunInPools("asked", "node-1", "[\"a-manual\"]"), "10.0.0.128");
    }

    [Fact]
    public void ManualPool_IsSkippedUnlessRequested()
    {
        // §1.1: "A Manual pool is skipped unless the pool is explicitly requested."
        var cluster = NewCluster();
        cluster.Pool("a-manual", "10.0.0.0/24", 26, assignmentMode: "Manual");
        cluster.Pool("b-auto", "10.1.0.0/24", 26);
        cluster.Node("node-1");

        AssertRunning(cluster.Run("plain", "node-1"), "10.1.0.128");
    }

    [Fact]
    public void ManualPool_Alone_LeavesNoPoolForTheNode()
    {
        var cluster = NewCluster();
        cluster.Pool("only-manual", "10.0.0.0/24", 26, assignmentMode: "Manual");
        cluster.Node("node-1");

        AssertFailed(cluster.Run("plain", "node-1"), "no configured Calico pools for node node-1");
    }

    [Fact]
    public void NamespaceAnnotation_IsUsedWhenThePodHasNone()
    {
        // Checklist 2: pod annotation > namespace annotation > every enabled pool.
        var cluster = NewCluster();
        cluster.Pool("a-pool", "10.1.0.0/24", 26);
        cluster.Pool("b-pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.CreateNamespace("team", annotations: new System.Collections.Generic.Dictionary<string, string>
        {
            [Ipv4Pools] = "[\"b-pool\"]",
        });

        AssertRunning(cluster.Run("from-namespace", "node-1", "team"), "10.0.0.128");
    }

    [Fact]
    public void PodAnnotation_WinsOverTheNamespaceAnnotation()
    {
        var cluster = NewCluster();
        cluster.Pool("a-pool", "10.1.0.0/24", 26);
        cluster.Pool("b-pool", "10.0.0.0/24", 26);
        cluster.Node("node-1");
        cluster.CreateNamespace("team", annotations: new System.Collections.Generic.Dictionary<string, string>
        {
            [Ipv4Pools] = "[\"b-pool\"]",
        });

        AssertRunning(cluster.Run("from-pod", "node-1", "team", (Ipv4Pools, "[\"a-pool\"]")), "10.1.0.128");
    }

    [Fact]
    public void UnknownPoolName_IsAParseError()
    {
        // utils.ResolvePools: not a CIDR and no pool of that name → net.ParseCIDR's error.
        var cluster = NewCluster();
        cluster.Pool("a-pool", "10.1.0.0/24", 26);
        cluster.Node("node-1");

        AssertFailed(cluster.RunInPools("web", "node-1", "[\"x\"]"), "error parsing pool \"x\": invalid CIDR address: x");
    }

    [Theory]
    [InlineData("[\"off\"]", "the given pool (10.0.0.0/24) does not exist, or is not enabled")]
    [InlineData("[\"10.0.0.0/24\"]", "the given pool (10.0.0.0/24) does not exist, or is not enabled")]
    [InlineData("[\"on\",\"10.9.0.0/16\"]", "the given pool (10.9.0.0/16) does not exist, or is not enabled")]
    public void RequestedPool_MustExistAndBeEnabled(string annotation, string message)
    {
        // Checklist 3 / §11: determinePools matches requested CIDRs against the enabled pools.
        var cluster = NewCluster();
        cluster.Pool("off", "10.0.0.0/24", 26, disabled: true);
        cluster.Pool("on", "10.1.0.0/24", 26);
        cluster.Node("node-1");

        AssertFailed(cluster.RunInPools("web", "node-1", annotation), message);
    }

    [Fact]
    public void NoPoolSelectingTheNode_GivesNoConfiguredPools()
    {
        // Checklist 5 / §2.2 step 4.
        var cluster = NewCluster();
        cluster.Pool("zone-b", "10.0.0.0/24", 26, nodeSelector: "zone == 'b'");
        cluster.Node("node-1", ("zone", "a"));

        AssertFailed(cluster.Run("web", "node-1"), "no configured Calico pools for node node-1");
    }

    [Fact]
    public void NoPoolAllowingWorkload_GivesNoQualifiedPoolWithTheUse()
    {
        // Checklist 5 / §2.2 step 5.
        var cluster = NewCluster();
        cluster.Pool("tunnels", "10.0.0.0/24", 26, allowedUses: new[] { "Tunnel" });
        cluster.Node("node-1");

        AssertFailed(cluster.Run("web", "node-1"), "cannot find a qualified ippool, no pools match the required use (Workload)");
    }

    [Fact]
    public void NoEnabledPool_GivesNoQualifiedPool()
    {
        // §2.2 step 3: no enabled pool of the IP version → ErrNoQualifiedPool.
        var cluster = NewCluster();
        cluster.Pool("off", "10.0.0.0/24", 26, disabled: true);
        cluster.Node("node-1");

        AssertFailed(cluster.Run("web", "node-1"), "cannot find a qualified ippool");
    }

    [Theory]
    [InlineData("eligible", "10.1.0.128")]
    [InlineData("disabled", "10.9.0.128")]
    [InlineData("manual", "10.9.0.128")]
    [InlineData("not-selecting", "10.9.0.128")]
    [InlineData("tunnel-only", "10.9.0.128")]
    public void UnrequestedPool_MustBeEnabledAutomaticSelectingAndAllowWorkload(string variant, string expected)
    {
        // Checklist 4: pool "a-candidate" sorts first; with any one condition broken the pod falls
        // through to "z-fallback".
        var cluster = NewCluster();
        cluster.Pool("a-candidate", "10.1.0.0/24", 26,
            disabled: variant == "disabled",
            assignmentMode: variant == "manual" ? "Manual" : null,
            nodeSelector: variant == "not-selecting" ? "zone == 'b'" : "",
            allowedUses: variant == "tunnel-only" ? new[] { "Tunnel" } : null);
        cluster.Pool("z-fallback", "10.9.0.0/24", 26);
        cluster.Node("node-1", ("zone", "a"));

        AssertRunning(cluster.Run("web", "node-1"), expected);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;

namespace CalicoIpam.Core.Tests.Clusters;

/// <summary>
/// IPPool create/update/delete through a Cluster: Calico's validation and errors, all-or-nothing
/// changes, name order, timestamps and seeded uids.
/// </summary>
public sealed class ClusterPoolTests
{
    private const string UuidV4Pattern = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

    private static IpPoolSpec Spec(string cidr) => new() { Cidr = cidr };

    /// <summary>Nothing was added, removed or replaced: the same pool objects in the same order.</summary>
    private static void AssertUnchanged(IReadOnlyList<IpPool> before, IReadOnlyList<IpPool> after)
    {
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Same(before[i], after[i]);
        }
        Assert.Equal(before, after);
    }

    // ---- create ------------------------------------------------------------------------------

    [Fact]
    public void CreateStoresTheValidatedPool()
    {
        var cluster = LabCluster.CreateEmpty();
        var pool = cluster.CreatePool("pool-a", new IpPoolSpec { Cidr = "10.1.0.0/16", NatOutgoing = true });

        Assert.Equal("pool-a", pool.Name);
        Assert.Equal("10.1.0.0/16", pool.Cidr);
        Assert.Equal(26, pool.BlockSize);
        Assert.True(pool.NatOutgoing);
        Assert.Same(cluster, pool.Cluster);
        Assert.Matches(UuidV4Pattern, pool.Uid);
        Assert.Equal(cluster.Now, pool.CreationTimestamp);
        Assert.True(pool.CreationTimestamp > SimulatedClock.Epoch);
        Assert.Same(pool, cluster.FindPool("pool-a"));
        Assert.Equal(1, cluster.PoolCount);
        Assert.Same(pool, Assert.Single(cluster.GetPools()));
    }

    [Fact]
    public void CreateStoresTheCanonicalCidr()
    {
        var cluster = LabCluster.CreateEmpty();
        Assert.Equal("fd00::/64", cluster.CreatePool("v6", Spec("FD00:0::/64")).Cidr);
        Assert.Equal("fd00::/64", cluster.FindPool("v6")!.Cidr);
    }

    [Fact]
    public void CreateWithAnExistingNameIsAlreadyExistsAndChangesNothing()
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();
        var now = cluster.Now;

        var ex = Assert.Throws<ResourceAlreadyExistsException>(() =>
            cluster.CreatePool("default-ipv4-ippool", Spec("10.48.0.0/24")));

        Assert.Equal("resource already exists: IPPool(default-ipv4-ippool)", ex.Message);
        Assert.Equal("IPPool", ex.Kind);
        Assert.Equal("default-ipv4-ippool", ex.Name);
        AssertUnchanged(before, cluster.GetPools());
        Assert.Equal(now, cluster.Now);
    }

    [Fact]
    public void CreateWithAnExistingNameAndAnotherValidCidrIsStillAlreadyExists()
    {
        // The overlap check skips the pool of the same name; the backend then says AlreadyExists.
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();
        var ex = Assert.Throws<ResourceAlreadyExistsException>(() =>
            cluster.CreatePool("external-pool", Spec("10.60.0.0/16")));
        Assert.Equal("resource already exists: IPPool(external-pool)", ex.Message);
        AssertUnchanged(before, cluster.GetPools());
    }

    [Fact]
    public void CreateWithAnExistingNameIsValidatedBeforeTheExistenceCheck()
    {
        // §1.4 "calicoctl apply subtleties": a changed CIDR that overlaps another pool gives the
        // overlap error, not AlreadyExists, because Create validates first.
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();
        var ex = Assert.Throws<CalicoValidationException>(() =>
            cluster.CreatePool("default-ipv4-ippool", Spec("10.48.2.0/25")));
        Assert.Equal(
            "error with field IPPool.Spec.CIDR = '10.48.2.0/25' (IPPool(default-ipv4-ippool) CIDR overlaps with IPPool(external-pool) CIDR 10.48.2.0/24)",
            ex.Message);
        AssertUnchanged(before, cluster.GetPools());
    }

    [Fact]
    public void FailedCreateLeavesThePoolsExactlyAsBefore()
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();
        var now = cluster.Now;

        var ex = Assert.Throws<CalicoValidationException>(() => cluster.CreatePool("new-pool", Spec("10.48.0.0/16")));

        Assert.Equal(
            "error with the following fields:\n" +
            "-  IPPool.Spec.CIDR = '10.48.0.0/16' (IPPool(new-pool) CIDR overlaps with IPPool(default-ipv4-ippool) CIDR 10.48.0.0/24)\n" +
            "-  IPPool.Spec.CIDR = '10.48.0.0/16' (IPPool(new-pool) CIDR overlaps with IPPool(external-pool) CIDR 10.48.2.0/24)\n",
            ex.Message);
        AssertUnchanged(before, cluster.GetPools());
        Assert.Null(cluster.FindPool("new-pool"));
        Assert.Equal(now, cluster.Now);
    }

    [Theory]
    [InlineData("", "error with field IPPool.Spec.CIDR (IPPool CIDR must be specified)")]
    [InlineData("10.50.0.0/33", "error with field IPPool.Spec.CIDR = '10.50.0.0/33' (IPPool CIDR must be a valid subnet)")]
    [InlineData("10.50.0.1/16", "error with field IPPool.Spec.CIDR = '10.50.0.0/16' (IPPool CIDR is not strictly masked)")]
    [InlineData("169.254.0.0/16", "error with field IPPool.Spec.CIDR = '169.254.0.0/16' (IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16)")]
    public void FailedCreatesReportCalicosTextAndChangeNothing(string cidr, string message)
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();
        var ex = Assert.Throws<CalicoValidationException>(() => cluster.CreatePool("new-pool", Spec(cidr)));
        Assert.Equal(message, ex.Message);
        AssertUnchanged(before, cluster.GetPools());
    }

    [Fact]
    public void FailedCreateWithABadNameChangesNothing()
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();
        var ex = Assert.Throws<CalicoValidationException>(() => cluster.CreatePool("New_Pool", Spec("10.50.0.0/16")));
        Assert.Equal(
            "error with field Metadata.Name = 'New_Pool' (name must consist of lower case alphanumeric characters, '-' or '.' (regex: [a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*))",
            ex.Message);
        AssertUnchanged(before, cluster.GetPools());
    }

    // ---- update ------------------------------------------------------------------------------

    [Fact]
    public void UpdateChangesMutableFieldsAndKeepsIdentity()
    {
        var cluster = LabCluster.Create();
        var old = cluster.FindPool("external-pool")!;
        var nowBefore = cluster.Now;

        var updated = cluster.UpdatePool("external-pool", s => s with
        {
            Disabled = true,
            VxlanMode = "CrossSubnet",
            NodeSelector = "kubernetes.io/hostname == 'ip-10-0-0-11'",
            DisableBgpExport = true,
            AllowedUses = new[] { "Workload" },
        });

        Assert.True(updated.Disabled);
        Assert.Equal(EncapsulationMode.CrossSubnet, updated.VxlanMode);
        Assert.Equal("kubernetes.io/hostname == 'ip-10-0-0-11'", updated.NodeSelector);
        Assert.True(updated.DisableBgpExport);
        Assert.Equal(new[] { IpPoolAllowedUse.Workload }, updated.AllowedUses);
        Assert.Equal(old.Uid, updated.Uid);
        Assert.Equal(old.CreationTimestamp, updated.CreationTimestamp);
        Assert.Equal(old.Cidr, updated.Cidr);
        Assert.Equal(29, updated.BlockSize);
        Assert.Same(cluster, updated.Cluster);
        Assert.Same(updated, cluster.FindPool("external-pool"));
        Assert.True(cluster.Now > nowBefore);

        // The snapshot handed out earlier did not change under its holder.
        Assert.False(old.Disabled);
        Assert.Equal(EncapsulationMode.Never, old.VxlanMode);
        Assert.Equal("all()", old.NodeSelector);
    }

    [Fact]
    public void UpdateSeesTheStoredSpec()
    {
        var cluster = LabCluster.Create();
        IpPoolSpec? seen = null;
        cluster.UpdatePool("default-ipv4-ippool", s => { seen = s; return s; });
        Assert.NotNull(seen);
        Assert.Equal("10.48.0.0/24", seen!.Cidr);
        Assert.Equal(26, seen.BlockSize);
        Assert.True(seen.NatOutgoing);
        Assert.Equal("all()", seen.NodeSelector);
        Assert.Equal(new[] { "Workload", "Tunnel" }, seen.AllowedUses);
    }

    [Fact]
    public void UpdateToTheSameNetworkWrittenDifferentlyIsAccepted()
    {
        var cluster = LabCluster.Create();
        var updated = cluster.UpdatePool("default-ipv4-ippool", s => s with { Cidr = "10.48.0.0/024" });
        Assert.Equal("10.48.0.0/24", updated.Cidr);
    }

    [Fact]
    public void FailedCidrUpdateLeavesThePoolsExactlyAsBefore()
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();
        var now = cluster.Now;

        var ex = Assert.Throws<CalicoValidationException>(() =>
            cluster.UpdatePool("default-ipv4-ippool", s => s with { Cidr = "10.48.1.0/24" }));

        Assert.Equal("error with field IPPool.Spec.CIDR = '10.48.1.0/24' (IPPool CIDR cannot be modified)", ex.Message);
        AssertUnchanged(before, cluster.GetPools());
        Assert.Equal(now, cluster.Now);
    }

    [Fact]
    public void FailedBlockSizeUpdateLeavesThePoolsExactlyAsBefore()
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();

        var ex = Assert.Throws<CalicoValidationException>(() =>
            cluster.UpdatePool("external-pool", s => s with { BlockSize = 26 }));

        Assert.Equal("error with field IPPool.Spec.BlockSize = '26' (IPPool BlockSize cannot be modified)", ex.Message);
        AssertUnchanged(before, cluster.GetPools());
    }

    [Fact]
    public void FailedModeUpdateLeavesThePoolsExactlyAsBefore()
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();

        var ex = Assert.Throws<CalicoValidationException>(() =>
            cluster.UpdatePool("external-pool", s => s with { IpipMode = "always" }));

        Assert.Equal(
            "error with field IPIPMode = 'always' (Reason: failed to validate Field: IPIPMode because of Tag: ipIpMode )",
            ex.Message);
        AssertUnchanged(before, cluster.GetPools());
    }

    [Fact]
    public void AChangeFunctionThatThrowsChangesNothing()
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();
        Assert.Throws<InvalidOperationException>(() =>
            cluster.UpdatePool("external-pool", _ => throw new InvalidOperationException("boom")));
        AssertUnchanged(before, cluster.GetPools());
    }

    [Fact]
    public void UpdateOfAMissingPoolIsNotFound()
    {
        var cluster = LabCluster.Create();
        var ex = Assert.Throws<ResourceNotFoundException>(() => cluster.UpdatePool("nope", s => s));
        Assert.Equal(
            "resource does not exist: IPPool(nope) with error: ippools.crd.projectcalico.org \"nope\" not found",
            ex.Message);
        Assert.Equal("IPPool", ex.Kind);
        Assert.Equal("nope", ex.Name);
    }

    // ---- delete ------------------------------------------------------------------------------

    [Fact]
    public void DeleteRemovesThePool()
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();
        var external = cluster.FindPool("external-pool");

        var deleted = cluster.DeletePool("external-pool");

        Assert.Same(external, deleted);
        Assert.Null(cluster.FindPool("external-pool"));
        Assert.Equal(new[] { "default-ipv4-ippool" }, cluster.GetPools().Select(p => p.Name).ToArray());
        Assert.Equal(1, cluster.PoolCount);
        Assert.Equal(2, before.Count); // an earlier list is a snapshot
    }

    [Fact]
    public void DeleteOfAMissingPoolIsNotFoundAndChangesNothing()
    {
        var cluster = LabCluster.Create();
        var before = cluster.GetPools();
        var ex = Assert.Throws<ResourceNotFoundException>(() => cluster.DeletePool("nope"));
        Assert.Equal(
            "resource does not exist: IPPool(nope) with error: ippools.crd.projectcalico.org \"nope\" not found",
            ex.Message);
        AssertUnchanged(before, cluster.GetPools());
    }

    [Fact]
    public void ADeletedNameAndRangeCanBeReused()
    {
        var cluster = LabCluster.Create();
        var old = cluster.DeletePool("external-pool");

        // nginx still holds an address in the pool's orphaned /29 block, so another block size
        // is refused (clientv3's create check) while the same one is accepted.
        var conflict = Assert.Throws<CalicoValidationException>(
            () => cluster.CreatePool("external-pool", new IpPoolSpec { Cidr = "10.48.2.0/24", BlockSize = 28 }));
        Assert.Equal("error with field IPPool.Spec.BlockSize = '28' (IPPool blocksSize conflicts with existing allocations that use a different blockSize)",
            conflict.Message);
        var again = cluster.CreatePool("external-pool", new IpPoolSpec { Cidr = "10.48.2.0/24", BlockSize = 29 });
        Assert.Equal(29, again.BlockSize);
        Assert.NotEqual(old.Uid, again.Uid);
        Assert.True(again.CreationTimestamp > old.CreationTimestamp);
    }

    // ---- order, time, uids -------------------------------------------------------------------

    [Fact]
    public void PoolsAreListedInOrdinalNameOrder()
    {
        var cluster = LabCluster.CreateEmpty();
        cluster.CreatePool("pool-b", Spec("10.2.0.0/16"));
        cluster.CreatePool("pool-a", Spec("10.1.0.0/16"));
        cluster.CreatePool("pool-9", Spec("10.9.0.0/16"));
        cluster.CreatePool("pool-10", Spec("10.10.0.0/16"));
        cluster.CreatePool("0-first", Spec("10.0.0.0/16"));
        cluster.CreatePool("pool.a", Spec("10.3.0.0/16"));

        Assert.Equal(
            new[] { "0-first", "pool-10", "pool-9", "pool-a", "pool-b", "pool.a" },
            cluster.GetPools().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void CreationTimestampsIncrease()
    {
        var cluster = LabCluster.CreateEmpty();
        var first = cluster.CreatePool("c", Spec("10.3.0.0/16"));
        var second = cluster.CreatePool("a", Spec("10.1.0.0/16"));
        var third = cluster.CreatePool("b", Spec("10.2.0.0/16"));
        Assert.True(first.CreationTimestamp < second.CreationTimestamp);
        Assert.True(second.CreationTimestamp < third.CreationTimestamp);
        Assert.True(first.CreationTimestamp > SimulatedClock.Epoch);
    }

    [Fact]
    public void UidsAreUniqueVersion4Uuids()
    {
        var cluster = LabCluster.CreateEmpty();
        var uids = Enumerable.Range(0, 50)
            .Select(i => cluster.CreatePool("pool-" + i, Spec($"10.{i}.0.0/16")).Uid)
            .ToArray();
        Assert.All(uids, uid => Assert.Matches(UuidV4Pattern, uid));
        Assert.Equal(uids.Length, uids.Distinct().Count());
    }

    [Fact]
    public void TheSameSeedGivesTheSameUidsAndTimes()
    {
        var a = LabCluster.Create(42);
        var b = LabCluster.Create(42);
        Assert.Equal(
            a.GetPools().Select(p => (p.Name, p.Uid, p.CreationTimestamp)).ToArray(),
            b.GetPools().Select(p => (p.Name, p.Uid, p.CreationTimestamp)).ToArray());
        Assert.Equal(
            a.CreatePool("extra", Spec("10.60.0.0/16")).Uid,
            b.CreatePool("extra", Spec("10.60.0.0/16")).Uid);
        Assert.NotEqual(a.Id, b.Id);
    }

    [Fact]
    public void ADifferentSeedGivesDifferentUids()
    {
        var a = LabCluster.Create(1);
        var b = LabCluster.Create(2);
        Assert.Equal(1, a.Seed);
        Assert.Equal(2, b.Seed);
        var uidsA = a.GetPools().Select(p => p.Uid).ToArray();
        var uidsB = b.GetPools().Select(p => p.Uid).ToArray();
        Assert.Empty(uidsA.Intersect(uidsB));
    }

    [Fact]
    public void AFailedCreateDoesNotConsumeAUid()
    {
        // All-or-nothing: a refused create leaves the seeded sequence where it was.
        var a = LabCluster.CreateEmpty(5);
        var b = LabCluster.CreateEmpty(5);
        Assert.Throws<CalicoValidationException>(() => a.CreatePool("bad", Spec("10.0.0.0/33")));
        a.CreatePool("p", Spec("10.0.0.0/16"));
        b.CreatePool("p", Spec("10.0.0.0/16"));
        Assert.Equal(b.FindPool("p")!.Uid, a.FindPool("p")!.Uid);
        Assert.Equal(b.Now, a.Now);
    }
}

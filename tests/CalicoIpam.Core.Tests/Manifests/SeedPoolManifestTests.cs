using System.Linq;
using CalicoIpam.Core.Clusters;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Manifests;
using static CalicoIpam.Core.Tests.Manifests.ManifestTestKit;

namespace CalicoIpam.Core.Tests.Manifests;

/// <summary>
/// Issue 6, Done when: the seed's pool2 heredoc applies verbatim, and the seed's two /17 pools are
/// refused with Calico's overlap message (one line per overlapped pool, calico-routes-validation.md
/// §1.4 rule 8 and §1.6), leaving the pools as they were.
/// </summary>
public sealed class SeedPoolManifestTests
{
    private const string Pool1OverlapText =
        "error with the following fields:\n"
        + "-  IPPool.Spec.CIDR = '10.48.0.0/17' (IPPool(pool1-ipv4-ippool) CIDR overlaps with IPPool(default-ipv4-ippool) CIDR 10.48.0.0/24)\n"
        + "-  IPPool.Spec.CIDR = '10.48.0.0/17' (IPPool(pool1-ipv4-ippool) CIDR overlaps with IPPool(external-pool) CIDR 10.48.2.0/24)\n";

    [Fact]
    public void SeedHeredoc_AppliesVerbatim_AsKubectlSaysCreated()
    {
        var cluster = LabCluster.Create();

        var outcome = Apply(cluster, SeedPool2Heredoc).AssertNoErrors();

        Assert.Equal(new[] { "ippool.projectcalico.org/pool2-ipv4-ippool created" }, outcome.Lines);
        var result = outcome.Results.Single();
        Assert.Equal("ippool.projectcalico.org/pool2-ipv4-ippool", result.Resource);
        Assert.Equal("created", result.Action);
        Assert.Equal("IPPool", result.Kind);
        Assert.Equal("pool2-ipv4-ippool", result.Name);
        Assert.Equal("", result.Namespace);
        Assert.Equal("STDIN", result.Source);
        Assert.Same(cluster, result.Cluster);
        Assert.Equal(result.ToString(), result.Line);
    }

    [Fact]
    public void SeedHeredoc_CreatesThePoolWithCalicosDefaults()
    {
        var cluster = LabCluster.Create();

        Apply(cluster, SeedPool2Heredoc).AssertNoErrors();

        var pool = cluster.FindPool("pool2-ipv4-ippool")!;
        Assert.Equal("10.48.128.0/24", pool.Cidr);
        Assert.Equal(26, pool.BlockSize);
        Assert.True(pool.NatOutgoing);
        Assert.Equal("all()", pool.NodeSelector);
        Assert.Equal(EncapsulationMode.Never, pool.IpipMode);
        Assert.Equal(EncapsulationMode.Never, pool.VxlanMode); // defaulted: the heredoc does not set it
        Assert.Equal(new[] { IpPoolAllowedUse.Workload, IpPoolAllowedUse.Tunnel }, pool.AllowedUses);
        Assert.False(pool.Disabled);
        Assert.Equal(new[] { "default-ipv4-ippool", "external-pool", "pool2-ipv4-ippool" }, cluster.GetPools().Select(p => p.Name).ToArray());
    }

    [Fact]
    public void SeedHeredoc_AppliedAgain_IsUnchanged_AndChangesNothing()
    {
        var cluster = LabCluster.Create();
        Apply(cluster, SeedPool2Heredoc).AssertNoErrors();
        var before = cluster.FindPool("pool2-ipv4-ippool")!;

        var outcome = Apply(cluster, SeedPool2Heredoc).AssertNoErrors();

        Assert.Equal(new[] { "ippool.projectcalico.org/pool2-ipv4-ippool unchanged" }, outcome.Lines);
        var after = cluster.FindPool("pool2-ipv4-ippool")!;
        Assert.Equal(before.Uid, after.Uid);
        Assert.Equal(before.CreationTimestamp, after.CreationTimestamp);
    }

    [Fact]
    public void SeedHeredoc_WithNatOutgoingChanged_IsConfigured()
    {
        var cluster = LabCluster.Create();
        Apply(cluster, SeedPool2Heredoc).AssertNoErrors();
        var uid = cluster.FindPool("pool2-ipv4-ippool")!.Uid;

        var outcome = Apply(cluster, SeedPool2Heredoc.Replace("natOutgoing: true", "natOutgoing: false")).AssertNoErrors();

        Assert.Equal(new[] { "ippool.projectcalico.org/pool2-ipv4-ippool configured" }, outcome.Lines);
        var pool = cluster.FindPool("pool2-ipv4-ippool")!;
        Assert.False(pool.NatOutgoing);
        Assert.Equal(uid, pool.Uid); // the same object, updated
        Assert.Equal("10.48.128.0/24", pool.Cidr);
    }

    [Fact]
    public void SeedHeredoc_WithNatOutgoingLeftOut_IsConfigured_NatOff()
    {
        // kubectl apply removes a field the manifest no longer sets; natOutgoing's default is false.
        var cluster = LabCluster.Create();
        Apply(cluster, SeedPool2Heredoc).AssertNoErrors();

        var outcome = Apply(cluster, SeedPool2Heredoc.Replace("  natOutgoing: true\n", "")).AssertNoErrors();

        Assert.Equal(new[] { "ippool.projectcalico.org/pool2-ipv4-ippool configured" }, outcome.Lines);
        Assert.False(cluster.FindPool("pool2-ipv4-ippool")!.NatOutgoing);
    }

    [Fact]
    public void SeedHeredoc_WithTheSeedsSlash17Cidr_IsRefused_CidrCannotBeModified()
    {
        // kubectl apply of an existing pool is an update: the CIDR is immutable (§1.4 rule 3).
        var cluster = LabCluster.Create();
        Apply(cluster, SeedPool2Heredoc).AssertNoErrors();
        var before = Snapshot(cluster);

        var outcome = Apply(cluster, SeedPool2Heredoc.Replace("10.48.128.0/24", "10.48.128.0/17"));

        Assert.Empty(outcome.Results);
        var error = Assert.IsType<CalicoValidationException>(outcome.Errors.Single().Error);
        Assert.Equal("error with field IPPool.Spec.CIDR = '10.48.128.0/17' (IPPool CIDR cannot be modified)", error.Message);
        Assert.Equal(before, Snapshot(cluster));
    }

    [Fact]
    public void SeedSlash17Pools_AfterTheHeredoc_AreBothRefused_AndThePoolsStayAsTheyWere()
    {
        // The lab at 2.3 after its heredoc: default, external and pool2 /24. The listing's /17
        // pools cannot be applied: pool1 overlaps two pools, pool2 would change its CIDR.
        var cluster = LabCluster.Create();
        Apply(cluster, SeedPool2Heredoc).AssertNoErrors();
        var before = Snapshot(cluster);

        var outcome = Apply(cluster, SeedSlash17Pools);

        Assert.Empty(outcome.Results);
        Assert.Equal(new[] { "pool1-ipv4-ippool", "pool2-ipv4-ippool" }, outcome.Errors.Select(e => e.Document.Name).ToArray());
        Assert.Equal(Pool1OverlapText, outcome.Errors[0].Error.Message);
        Assert.Equal("error with field IPPool.Spec.CIDR = '10.48.128.0/17' (IPPool CIDR cannot be modified)", outcome.Errors[1].Error.Message);
        Assert.Equal(before, Snapshot(cluster));
        Assert.Equal(new[] { "10.48.0.0/24", "10.48.2.0/24", "10.48.128.0/24" }, cluster.GetPools().Select(p => p.Cidr).ToArray());
    }

    [Fact]
    public void SeedPool1Slash17_OnTheLab_IsRefusedOncePerOverlappedPool()
    {
        var cluster = LabCluster.Create();
        var before = Snapshot(cluster);

        var outcome = Apply(cluster, SeedSlash17Pools.Split("---\n")[0]);

        var error = Assert.IsType<CalicoValidationException>(outcome.Errors.Single().Error);
        Assert.Equal("IPPool", error.Kind);
        Assert.Equal(2, error.Fields.Count);
        Assert.All(error.Fields, f => Assert.Equal("IPPool.Spec.CIDR", f.Name));
        Assert.Equal(Pool1OverlapText, error.Message);
        Assert.Equal(before, Snapshot(cluster));
    }

    [Fact]
    public void SeedSlash17Pools_OnTheLabBeforeTheHeredoc_Pool1Refused_Pool2Created()
    {
        // Without pool2 /24, 10.48.128.0/17 overlaps nothing in the lab: Calico accepts it.
        var cluster = LabCluster.Create();

        var outcome = Apply(cluster, SeedSlash17Pools);

        Assert.Equal("pool1-ipv4-ippool", outcome.Errors.Single().Document.Name);
        Assert.Equal(Pool1OverlapText, outcome.Errors.Single().Error.Message);
        Assert.Equal(new[] { "ippool.projectcalico.org/pool2-ipv4-ippool created" }, outcome.Lines);
        Assert.Equal("10.48.128.0/17", cluster.FindPool("pool2-ipv4-ippool")!.Cidr);
        Assert.Null(cluster.FindPool("pool1-ipv4-ippool"));
    }

    [Fact]
    public void SeedSlash17Pools_OtherDocumentsOfTheSameText_StillApply()
    {
        var cluster = LabCluster.Create();
        Apply(cluster, SeedPool2Heredoc).AssertNoErrors();
        var text = SeedSlash17Pools
            + "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ipam-test\n"
            + "---\napiVersion: projectcalico.org/v3\nkind: IPReservation\nmetadata:\n  name: keep-out\nspec:\n  reservedCIDRs:\n  - 10.48.128.0/30\n";

        var outcome = Apply(cluster, text);

        Assert.Equal(2, outcome.Errors.Count);
        Assert.Equal(new[] { "namespace/ipam-test created", "ipreservation.projectcalico.org/keep-out created" }, outcome.Lines);
        Assert.NotNull(cluster.FindNamespace("ipam-test"));
        Assert.Equal(new[] { "10.48.0.0/24", "10.48.2.0/24", "10.48.128.0/24" }, cluster.GetPools().Select(p => p.Cidr).ToArray());
    }

    [Fact]
    public void SeedHeredoc_ReadAsOneDocument_WithTheSeedsName()
    {
        var documents = ManifestReader.Read(SeedPool2Heredoc, "STDIN");

        var doc = Assert.Single(documents);
        Assert.Equal("projectcalico.org/v3", doc.ApiVersion);
        Assert.Equal("IPPool", doc.Kind);
        Assert.Equal("pool2-ipv4-ippool", doc.Name);
        Assert.Equal("", doc.Namespace);
        Assert.Equal("STDIN", doc.Source);
        Assert.Equal(1, doc.Line);
    }
}

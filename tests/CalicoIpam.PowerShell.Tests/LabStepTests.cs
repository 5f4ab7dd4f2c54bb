using System.Linq;
using System.Text.RegularExpressions;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>
/// Describe "2.3. Networking: Calico-IPAM Lab" — the lab's steps as a learner types them,
/// checked the way a Pester lab check would (one It per fact). Each It starts from
/// New-Cluster (the embedded lab cluster, seed 1) and runs the steps it needs:
/// <list type="number">
/// <item>Step 1: create pool2-ipv4-ippool 10.48.128.0/24 (blockSize 26, natOutgoing, all()).</item>
/// <item>Step 2: annotate the database and summary pod templates with ["pool2-ipv4-ippool"].</item>
/// <item>Step 3: delete the customer pod.</item>
/// </list>
/// and, apart, an annotation naming the pool the lab never creates (pool1-ipv4-ippool).
/// </summary>
public sealed class LabStepTests : IClassFixture<PsSession>
{
    private const string Step1CreatePool2 =
        "New-IpPool pool2-ipv4-ippool 10.48.128.0/24 -BlockSize 26 -IpipMode Never -NatOutgoing -NodeSelector 'all()'";
    private const string Step2AnnotateDatabaseAndSummary =
        "Set-PodPoolAnnotation -Pool pool2-ipv4-ippool -Deployment database, summary -Namespace yaobank";
    private const string Step3DeleteTheCustomerPod =
        "Get-Pod -Namespace yaobank -Name customer-* | Remove-Pod";
    private const string AnnotateCustomerWithPool1 =
        "Set-PodPoolAnnotation -Pool pool1-ipv4-ippool -Deployment customer -Namespace yaobank";

    private readonly PsSession _ps;

    // BeforeEach: a fresh lab cluster.
    public LabStepTests(PsSession ps)
    {
        _ps = ps;
        Given("$null = New-Cluster");
    }

    // ---- Context "before the lab" -------------------------------------------------------------

    [Fact]
    public void BeforeTheLab_ThereAreThreeNodes()
    {
        Assert.Equal(new[] { "ip-10-0-0-10", "ip-10-0-0-11", "ip-10-0-0-12" }, _ps.Run("Get-Node").Values("Name"));
    }

    [Fact]
    public void BeforeTheLab_TheFourYaobankPodsRunInDefaultIpv4Ippool()
    {
        var pods = _ps.Run("Get-Pod -Namespace yaobank");

        Assert.Equal(4, pods.Output.Count);
        Assert.All(pods.Values("Status"), s => Assert.Equal("Running", s));
        Assert.All(pods.Values("IP"), ip => Assert.Equal("default-ipv4-ippool", PoolOf(ip)));
    }

    [Fact]
    public void BeforeTheLab_NginxRunsInExternalPool_FromASlash29Block()
    {
        var nginx = _ps.Run("Get-Pod -Namespace external-ns");

        Assert.Equal(new[] { "Running" }, nginx.Values("Status"));
        var ip = nginx.Values("IP").Single();
        Assert.Equal("external-pool", PoolOf(ip));
        Assert.EndsWith("/29", BlockOf(ip));
    }

    [Fact]
    public void BeforeTheLab_TestIpamIsClean()
    {
        AssertClean();
    }

    // ---- Context "step 1: create pool2" -------------------------------------------------------

    [Fact]
    public void Step1_ThePoolListShowsDefaultExternalAndPool2()
    {
        Given(Step1CreatePool2);

        var pools = _ps.Run("Get-IpPool");
        Assert.Equal(new[] { "default-ipv4-ippool", "external-pool", "pool2-ipv4-ippool" }, pools.Values("Name"));
        Assert.Equal(new[] { "10.48.0.0/24", "10.48.2.0/24", "10.48.128.0/24" }, pools.Values("Cidr"));
        AssertClean();
    }

    [Fact]
    public void Step1_NoPodMoves()
    {
        var before = Layout("yaobank");

        Given(Step1CreatePool2);

        Assert.Equal(before, Layout("yaobank"));
    }

    // ---- Context "step 2: annotate the database and summary templates" ------------------------

    [Fact]
    public void Step2_DatabaseAndSummaryRollOutIntoPool2()
    {
        Given(Step1CreatePool2, Step2AnnotateDatabaseAndSummary);

        var pods = _ps.Run("Get-Pod -Namespace yaobank -Name database-*, summary-*");
        Assert.Equal(3, pods.Output.Count);
        Assert.All(pods.Values("Status"), s => Assert.Equal("Running", s));
        Assert.All(pods.Values("IP"), ip => Assert.Equal("pool2-ipv4-ippool", PoolOf(ip)));
        AssertClean();
    }

    [Fact]
    public void Step2_TheFirstPodOnAFreshPool2BlockGetsTheBlocksFirstAddress()
    {
        Given(Step1CreatePool2, Step2AnnotateDatabaseAndSummary);

        var firsts = _ps.Run("""
            Get-Pod -Namespace yaobank -Name database-*, summary-* | Sort-Object CreationTimestamp |
                Group-Object Node | ForEach-Object { $_.Group[0].IP }
            """).Objects.Select(o => o.ToString()!).ToList();
        Assert.Equal(2, firsts.Count);
        Assert.All(firsts, ip => Assert.Equal(ip + "/26", BlockOf(ip)));
    }

    [Fact]
    public void Step2_TheCustomerPodIsLeftAlone()
    {
        var before = _ps.Run("Get-Pod -Namespace yaobank -Name customer-*").Values("Name");

        Given(Step1CreatePool2, Step2AnnotateDatabaseAndSummary);

        Assert.Equal(before, _ps.Run("Get-Pod -Namespace yaobank -Name customer-*").Values("Name"));
        AssertClean();
    }

    // ---- Context "step 3: delete the customer pod" --------------------------------------------

    [Fact]
    public void Step3_TheCustomerPodIsReplaced_AndRunsInTheDefaultPool()
    {
        var old = _ps.Run("Get-Pod -Namespace yaobank -Name customer-*");

        Given(Step1CreatePool2, Step2AnnotateDatabaseAndSummary, Step3DeleteTheCustomerPod);

        var customer = _ps.Run("Get-Pod -Namespace yaobank -Name customer-*");
        Assert.Single(customer.Output);
        Assert.NotEqual(old.Values("Name"), customer.Values("Name"));
        Assert.Equal(new[] { "Running" }, customer.Values("Status"));
        Assert.Equal("default-ipv4-ippool", PoolOf(customer.Values("IP").Single()));
        AssertClean();
    }

    /// <summary>What `kubectl get pod -n yaobank -o wide` shows at the end, seed 1. (Which old
    /// summary pod goes first is a coin toss in a real cluster: both have the same rank and,
    /// on LogarithmicScaleDown's scale, the same age. The simulation takes the newer one.)</summary>
    [Fact]
    public void Step3_EveryPodIsWhereARealClusterPutsIt()
    {
        Given(Step1CreatePool2, Step2AnnotateDatabaseAndSummary, Step3DeleteTheCustomerPod);

        Assert.Equal(new[]
        {
            "customer Running ip-10-0-0-10 10.48.0.2",
            "database Running ip-10-0-0-12 10.48.128.128",
            "summary Running ip-10-0-0-10 10.48.128.0",
            "summary Running ip-10-0-0-12 10.48.128.129",
        }, Layout("yaobank"));
        AssertClean();
    }

    [Fact]
    public void Step3_TheTableLooksLikeKubectlGetPodWide()
    {
        Given(Step1CreatePool2, Step2AnnotateDatabaseAndSummary, Step3DeleteTheCustomerPod);

        var lines = string.Join("\n", _ps.Objects("Get-Pod -Namespace yaobank | Out-String -Width 250"))
            .Split('\n').Select(l => Regex.Replace(l.TrimEnd(), " +", " ")).Where(l => l.Length > 0).ToList();

        Assert.Equal("NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES", lines[0]);
        Assert.Equal(6, lines.Count);
        Assert.Matches(@"^yaobank customer-[4-9bcdf]+-[bcdfghjklmnpqrstvwxz2456789]{5} 1/1 Running 0 \d+s 10\.48\.0\.2 ip-10-0-0-10 <none> <none>$", lines[2]);
    }

    // ---- Context "an annotation naming a missing pool" ----------------------------------------

    [Fact]
    public void MissingPool_TheNewCustomerPodIsContainerCreating_NamingThePool()
    {
        Given(Step1CreatePool2, Step2AnnotateDatabaseAndSummary, AnnotateCustomerWithPool1);

        var pods = _ps.Run("Get-Pod -Namespace yaobank -Name customer-* | Sort-Object CreationTimestamp");
        Assert.Equal(new[] { "Running", "ContainerCreating" }, pods.Values("Status"));
        Assert.Equal("error parsing pool \"pool1-ipv4-ippool\": invalid CIDR address: pool1-ipv4-ippool", pods.Values("Message")[1]);
        Assert.Equal("", pods.Values("IP")[1]);
        var sandbox = _ps.Run($"Get-ClusterEvent -Namespace yaobank pod/{pods.Values("Name")[1]} -Type Warning");
        Assert.Contains("FailedCreatePodSandBox", sandbox.Values("Reason"));
        Assert.Contains(sandbox.Values("Message"), m => m.Contains("pool1-ipv4-ippool", System.StringComparison.Ordinal));
        AssertClean();
    }

    [Fact]
    public void MissingPool_TheOldCustomerPodKeepsRunning()
    {
        var old = _ps.Run("Get-Pod -Namespace yaobank -Name customer-*");

        Given(AnnotateCustomerWithPool1);

        var still = _ps.Run($"Get-Pod -Namespace yaobank {old.Values("Name").Single()}");
        Assert.Equal(new[] { "Running" }, still.Values("Status"));
        Assert.Equal(old.Values("IP"), still.Values("IP"));
        Assert.Equal(new[] { "1/1" }, _ps.Run("Get-Deployment customer -Namespace yaobank").Values("Ready"));
    }

    [Fact]
    public void MissingPool_ThePodStartsOncePool1Exists_AndTheOldOneGoes()
    {
        Given(Step1CreatePool2, Step2AnnotateDatabaseAndSummary, AnnotateCustomerWithPool1);
        var waiting = _ps.Run("Get-Pod -Namespace yaobank -Name customer-* | Where-Object Status -eq ContainerCreating").Values("Name").Single();

        Given("New-IpPool pool1-ipv4-ippool 10.48.64.0/24 -BlockSize 26 -NatOutgoing");

        var customer = _ps.Run("Get-Pod -Namespace yaobank -Name customer-*");
        Assert.Equal(new[] { waiting }, customer.Values("Name"));
        Assert.Equal(new[] { "Running" }, customer.Values("Status"));
        Assert.Equal("pool1-ipv4-ippool", PoolOf(customer.Values("IP").Single()));
        Assert.Equal(new[] { "" }, customer.Values("Message"));
        AssertClean();
    }

    /// <summary>The lab's manual `kubectl delete pod` of the old customer pod while the new one
    /// waits for pool1: the old ReplicaSet still wants its replica (the stalled rollout cannot
    /// scale it down), so an old-template customer pod comes back, Running in the default pool.</summary>
    [Fact]
    public void MissingPool_DeletingTheOldCustomerPod_BringsBackAnOldTemplatePod()
    {
        var old = _ps.Run("Get-Pod -Namespace yaobank -Name customer-*");
        Given(AnnotateCustomerWithPool1);

        Given($"Remove-Pod -Namespace yaobank {old.Values("Name").Single()}");

        var running = _ps.Run("Get-Pod -Namespace yaobank -Name customer-* | Where-Object Status -eq Running");
        Assert.Single(running.Output);
        Assert.Equal(old.Values("ReplicaSet"), running.Values("ReplicaSet"));
        Assert.Equal("default-ipv4-ippool", PoolOf(running.Values("IP").Single()));
        Assert.Equal(new[] { "1/1" }, _ps.Run("Get-Deployment customer -Namespace yaobank").Values("Ready"));
        AssertClean();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void Given(params string[] steps)
    {
        foreach (var step in steps)
        {
            var result = _ps.Run(step);
            Assert.True(result.Errors.Count == 0, step + ": " + string.Join("; ", result.Errors.Select(e => e.ToString())));
        }
    }

    private void AssertClean()
    {
        Assert.Equal(new object[] { true }, _ps.Objects("Test-Ipam -Quiet"));
    }

    private string BlockOf(string ip) => _ps.Run($"(Get-IpAllocation -Ip {ip}).Block.ToString()").Objects.Single().ToString()!;

    private string PoolOf(string ip) =>
        _ps.Run($"$b = (Get-IpAllocation -Ip {ip}).Block; (Get-IpamBlock | Where-Object {{ $_.Cidr -eq $b }}).Pool").Objects.Single().ToString()!;

    // "app status node ip" per pod, in name order.
    private string[] Layout(string ns) =>
        _ps.Run($"Get-Pod -Namespace {ns} | ForEach-Object {{ '{{0}} {{1}} {{2}} {{3}}' -f $_.Labels['app'], $_.Status, $_.Node, $_.IP }}")
            .Objects.Select(o => o.ToString()!).ToArray();
}

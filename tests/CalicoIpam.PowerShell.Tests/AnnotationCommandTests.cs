using System.Linq;
using System.Management.Automation;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>
/// Set-PodPoolAnnotation and Set-PodAddressAnnotation: the JSON they write (json.Marshal of a
/// []string: ["a","b"]), where it goes (a deployment's pod template → rollout; a namespace →
/// pods made later; a pod → nothing until it is recreated), and removal with an empty list.
/// </summary>
public sealed class AnnotationCommandTests : IClassFixture<PsSession>
{
    private const string Commands = "CalicoIpam.PowerShell.Commands.";
    private const string Ipv4Pools = "cni.projectcalico.org/ipv4pools";
    private const string Ipv6Pools = "cni.projectcalico.org/ipv6pools";
    private const string IpAddrs = "cni.projectcalico.org/ipAddrs";

    private readonly PsSession _ps;

    public AnnotationCommandTests(PsSession ps)
    {
        _ps = ps;
        var result = _ps.Run("""
            $null = New-Cluster -Empty
            $null = New-IpPool pool-a 10.1.0.0/16; $null = New-IpPool pool-b 10.2.0.0/16
            New-Node node-1 10.0.0.11/24; New-Node node-2 10.0.0.12/24
            """);
        Assert.Empty(result.Errors);
    }

    // The annotation's value, or "" when the template has none.
    private string TemplateAnnotation(string deployment, string key, string ns = "default") =>
        PsResult.Text(_ps.Run($"[string](Get-Deployment {deployment} -Namespace {ns}).Template.Annotations['{key}']").Objects.SingleOrDefault());

    // ---- on deployments ----------------------------------------------------------------------

    [Fact]
    public void OnADeployment_WritesTheJson_AndRollsOutIntoThePool()
    {
        var rs = _ps.Run("New-Deployment web -Replicas 2 -PassThru").Values("CurrentReplicaSet").Single();
        Assert.All(_ps.Run("Get-Pod").Values("IP"), ip => Assert.StartsWith("10.1.", ip));

        var result = _ps.Run("Set-PodPoolAnnotation -Pool pool-b -Deployment web -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal("[\"pool-b\"]", TemplateAnnotation("web", Ipv4Pools));
        var newRs = result.Values("CurrentReplicaSet").Single();
        Assert.NotEqual(rs, newRs);
        var pods = _ps.Run("Get-Pod");
        Assert.Equal(2, pods.Output.Count);
        Assert.All(pods.Values("Name"), n => Assert.StartsWith(newRs + "-", n));
        Assert.All(pods.Values("IP"), ip => Assert.StartsWith("10.2.", ip));
        AssertClean();
    }

    [Fact]
    public void SeveralPools_AreWrittenAsAJsonArrayInTheGivenOrder()
    {
        _ps.Run("New-Deployment web");

        _ps.Run("Set-PodPoolAnnotation -Pool pool-b, pool-a -Deployment web");

        Assert.Equal("[\"pool-b\",\"pool-a\"]", TemplateAnnotation("web", Ipv4Pools));
        Assert.StartsWith("10.2.", _ps.Run("Get-Pod").Values("IP").Single());
    }

    [Fact]
    public void IpVersion6_WritesIpv6Pools()
    {
        _ps.Run("New-Deployment web");

        _ps.Run("Set-PodPoolAnnotation -Pool v6-pool -Deployment web -IpVersion 6 -WhatIf");
        Assert.Equal("", TemplateAnnotation("web", Ipv6Pools));
        _ps.Run("Set-PodPoolAnnotation -Pool v6-pool -Deployment web -IpVersion 6");

        Assert.Equal("[\"v6-pool\"]", TemplateAnnotation("web", Ipv6Pools));
        Assert.Equal("", TemplateAnnotation("web", Ipv4Pools));
    }

    [Fact]
    public void AnEmptyPoolList_RemovesTheAnnotation_AndRollsOutAgain()
    {
        _ps.Run("New-Deployment web -Annotation @{ 'cni.projectcalico.org/ipv4pools' = '[\"pool-b\"]' }");
        var rs = _ps.Run("Get-Deployment web").Values("CurrentReplicaSet").Single();

        var result = _ps.Run("Set-PodPoolAnnotation -Pool @() -Deployment web -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { false }, _ps.Objects($"(Get-Deployment web).Template.Annotations.ContainsKey('{Ipv4Pools}')"));
        Assert.NotEqual(rs, result.Values("CurrentReplicaSet").Single());
        Assert.Equal(new object[] { false }, _ps.Objects($"(Get-Pod).Annotations.ContainsKey('{Ipv4Pools}')"));
        AssertClean();
    }

    [Fact]
    public void OnAMissingDeployment_IsDeploymentNotFound()
    {
        var result = _ps.Run("Set-PodPoolAnnotation -Pool pool-b -Deployment nope");

        var error = Assert.Single(result.Errors);
        Assert.Equal("DeploymentNotFound," + Commands + "SetPodPoolAnnotationCommand", error.FullyQualifiedErrorId);
        Assert.Equal("deployments.apps \"nope\" not found", error.Exception.Message);
    }

    [Fact]
    public void WhatIf_ChangesNothing()
    {
        _ps.Run("New-Deployment web");
        var pods = _ps.Run("Get-Pod").Values("Name");

        var result = _ps.Run("Set-PodPoolAnnotation -Pool pool-b -Deployment web -WhatIf");

        Assert.Single(result.WhatIfLines);
        Assert.Equal(pods, _ps.Run("Get-Pod").Values("Name"));
        Assert.Equal("", TemplateAnnotation("web", Ipv4Pools));
    }

    // ---- on namespaces -----------------------------------------------------------------------

    [Fact]
    public void OnANamespace_LaterPodsUseThePool_ExistingPodsKeepTheirAddresses()
    {
        _ps.Run("New-Namespace team; New-Deployment web -Namespace team -Replicas 2");
        var before = _ps.Run("Get-Pod -Namespace team").Values("IP");

        var result = _ps.Run("Set-PodPoolAnnotation -Pool pool-b -Namespace team -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { "[\"pool-b\"]" }, _ps.Objects($"(Get-Namespace team).Annotations['{Ipv4Pools}']"));
        Assert.Equal(before, _ps.Run("Get-Pod -Namespace team").Values("IP"));

        _ps.Run("Set-Deployment web -Namespace team -Replicas 3; New-Pod solo -Namespace team");

        var ips = _ps.Run("Get-Pod -Namespace team").Values("IP");
        Assert.Equal(4, ips.Length);
        Assert.Equal(2, ips.Count(ip => ip.StartsWith("10.2.", System.StringComparison.Ordinal)));
        Assert.All(before, ip => Assert.Contains(ip, ips));
        AssertClean();
    }

    // ---- on pods -----------------------------------------------------------------------------

    [Fact]
    public void OnARunningPod_HasNoEffectUntilThePodIsRecreated()
    {
        _ps.Run("New-Pod solo -Node node-1");
        var ip = _ps.Run("Get-Pod solo").Values("IP").Single();

        var result = _ps.Run("Set-PodPoolAnnotation -Pool pool-b -Pod solo -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { ip }, result.Values("IP"));
        Assert.Equal(new object[] { "[\"pool-b\"]" }, _ps.Objects($"(Get-Pod solo).Annotations['{Ipv4Pools}']"));
        Assert.Equal(new[] { ip }, _ps.Run("Get-Pod solo").Values("IP"));

        // Recreated (kubectl delete + apply of the same pod): the new sandbox reads the annotation.
        _ps.Run($$"""Remove-Pod solo; New-Pod solo -Node node-1 -Annotation @{ '{{Ipv4Pools}}' = '["pool-b"]' }""");
        Assert.StartsWith("10.2.", _ps.Run("Get-Pod solo").Values("IP").Single());
        AssertClean();
    }

    [Fact]
    public void OnAMissingPod_IsPodNotFound()
    {
        var result = _ps.Run("Set-PodPoolAnnotation -Pool pool-b -Pod nope");

        var error = Assert.Single(result.Errors);
        Assert.Equal("PodNotFound," + Commands + "SetPodPoolAnnotationCommand", error.FullyQualifiedErrorId);
        Assert.Equal("pods \"nope\" not found", error.Exception.Message);
    }

    // ---- Set-PodAddressAnnotation ----------------------------------------------------------------

    [Fact]
    public void AddressAnnotation_OnADeployment_RollsOutToThatAddress()
    {
        _ps.Run("New-Deployment db");

        var result = _ps.Run("Set-PodAddressAnnotation -Address 10.2.3.4 -Deployment db -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal("[\"10.2.3.4\"]", TemplateAnnotation("db", IpAddrs));
        Assert.Equal(new[] { "10.2.3.4" }, _ps.Run("Get-Pod").Values("IP"));
        Assert.Equal(new[] { "Running" }, _ps.Run("Get-Pod").Values("Status"));
        AssertClean();
    }

    [Fact]
    public void AddressAnnotation_AnEmptyList_RemovesIt()
    {
        _ps.Run("New-Deployment db; Set-PodAddressAnnotation -Address 10.2.3.4 -Deployment db");

        _ps.Run("Set-PodAddressAnnotation -Address @() -Deployment db");

        Assert.Equal(new object[] { false }, _ps.Objects($"(Get-Deployment db).Template.Annotations.ContainsKey('{IpAddrs}')"));
        Assert.NotEqual("10.2.3.4", _ps.Run("Get-Pod").Values("IP").Single());
        AssertClean();
    }

    [Fact]
    public void AddressAnnotation_AnAddressInUse_LeavesTheNewPodWaiting_TheOldOneRunning()
    {
        _ps.Run("New-Pod hog -Node node-1 -Annotation @{ 'cni.projectcalico.org/ipAddrs' = '[\"10.2.3.4\"]' }; New-Deployment db");
        var old = _ps.Run("Get-Pod -Name db*").Values("Name").Single();

        _ps.Run("Set-PodAddressAnnotation -Address 10.2.3.4 -Deployment db");

        var db = _ps.Run("Get-Pod -Name db* | Sort-Object CreationTimestamp");
        Assert.Equal(new[] { "Running", "ContainerCreating" }, db.Values("Status"));
        Assert.Equal(old, db.Values("Name")[0]);
        Assert.Contains("10.2.3.4", db.Values("Message")[1]);

        _ps.Run("Remove-Pod hog");

        var done = _ps.Run("Get-Pod -Name db*");
        Assert.Equal(new[] { "10.2.3.4" }, done.Values("IP"));
        Assert.Equal(new[] { db.Values("Name")[1] }, done.Values("Name"));
        AssertClean();
    }

    [Fact]
    public void Pool_CompletesPoolNames()
    {
        Assert.Equal(new[] { "pool-a", "pool-b" }, _ps.Complete("Set-PodPoolAnnotation -Pool "));
    }

    private void AssertClean()
    {
        Assert.Equal(new object[] { true }, _ps.Objects("Test-Ipam -Quiet"));
    }
}

using System.Linq;
using System.Management.Automation;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>
/// Set-Node, Remove-Node, Remove-Namespace and New-Cluster -NodeCount through the cmdlets:
/// pools' nodeSelectors follow labels at the next allocation, tunnel addresses at once;
/// a removed node's pods come back elsewhere and its IPAM is cleaned up; default and
/// kube-system cannot be deleted; synthetic clusters claim tunnel addresses as calico-node does.
/// </summary>
public sealed class NodeCommandTests : IClassFixture<PsSession>
{
    private const string Commands = "CalicoIpam.PowerShell.Commands.";

    private readonly PsSession _ps;

    public NodeCommandTests(PsSession ps)
    {
        _ps = ps;
        _ps.Run("$null = New-Cluster -Empty");
    }

    // ---- Set-Node ----------------------------------------------------------------------------

    [Fact]
    public void SetNode_Label_ChangesPoolSelection_AtTheNextAllocation()
    {
        Setup("""
            New-IpPool pool-a 10.1.0.0/24 -BlockSize 30 -NodeSelector "zone == 'a'"
            New-IpPool pool-b 10.2.0.0/24 -BlockSize 30
            New-Node n1 10.0.0.11/24 -Label @{ zone = 'a' }
            1..5 | ForEach-Object { New-Pod "p$_" -Node n1 }
            Remove-Pod p5
            """);
        Assert.Equal(new[] { "pool-a", "pool-a" }, _ps.Run("Get-IpamBlock").Values("Pool"));
        var full = _ps.Run("(Get-IpAllocation -Ip (Get-Pod p1).IP).Block").Objects.Single().ToString();

        var relabel = _ps.Run("Set-Node n1 -Label @{ zone = 'b' } -PassThru");

        Assert.Empty(relabel.Errors);
        Assert.Equal(new object[] { "b" }, _ps.Objects("(Get-Node n1).Labels['zone']"));
        // Blocks are untouched until n1's next allocation...
        Assert.Equal(new[] { "pool-a", "pool-a" }, _ps.Run("Get-IpamBlock").Values("Pool"));

        var p6 = _ps.Run("New-Pod p6 -Node n1 -PassThru");

        // ...which comes from pool-b, and releases n1's empty pool-a block but keeps the full one.
        Assert.StartsWith("10.2.0.", p6.Values("IP").Single());
        var blocks = _ps.Run("Get-IpamBlock | Where-Object Pool -eq 'pool-a'");
        Assert.Equal(new[] { full }, blocks.Values("Cidr"));
        Assert.Equal(new[] { "n1" }, blocks.Values("Affinity"));
        Assert.All(_ps.Run("Get-Pod p1, p2, p3, p4").Values("IP"), ip => Assert.StartsWith("10.1.0.", ip));
        AssertClean();
    }

    [Fact]
    public void SetNode_Label_MovesTheTunnelAddressAtOnce()
    {
        Setup("""
            New-IpPool ipip-a 10.1.0.0/24 -IpipMode Always -NodeSelector "zone == 'a'"
            New-IpPool ipip-b 10.2.0.0/24 -IpipMode Always -NodeSelector "zone == 'b'"
            New-Node n1 10.0.0.11/24 -Label @{ zone = 'a' }
            """);
        var before = _ps.Run("Get-Node n1").Values("IpipTunnelAddress").Single();
        Assert.StartsWith("10.1.0.", before);

        var after = _ps.Run("Set-Node n1 -Label @{ zone = 'b' } -PassThru").Values("IpipTunnelAddress").Single();

        Assert.StartsWith("10.2.0.", after);
        Assert.Equal(new[] { after }, _ps.Run("Get-IpAllocation").Values("Ip"));
        Assert.Equal(new[] { "ipip-tunnel-addr-n1" }, _ps.Run("Get-IpAllocation").Values("Handle"));
        AssertClean();
    }

    [Fact]
    public void SetNode_NullValue_RemovesTheLabel()
    {
        Setup("New-Node n1 10.0.0.11/24 -Label @{ zone = 'a'; rack = '1' }");

        var result = _ps.Run("Set-Node n1 -Label @{ zone = $null } -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { false, "1" }, _ps.Objects("$n = Get-Node n1; $n.Labels.ContainsKey('zone'); $n.Labels['rack']"));
    }

    [Fact]
    public void SetNode_Label_SchedulesPendingPods()
    {
        Setup("New-IpPool p 10.1.0.0/16; New-Node n1 10.0.0.11/24; New-Node n2 10.0.0.12/24; New-Deployment gpu -NodeSelector @{ gpu = 'yes' }");
        Assert.Equal(new[] { "Pending" }, _ps.Run("Get-Pod").Values("Status"));

        _ps.Run("Set-Node n2 -Label @{ gpu = 'yes' }");

        var pod = _ps.Run("Get-Pod");
        Assert.Equal(new[] { "Running" }, pod.Values("Status"));
        Assert.Equal(new[] { "n2" }, pod.Values("Node"));
    }

    [Fact]
    public void SetNode_ALiteralMiss_IsNodeNotFound()
    {
        var result = _ps.Run("Set-Node nope -Label @{ a = 'b' }");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NodeNotFound," + Commands + "SetNodeCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    // ---- Remove-Node -------------------------------------------------------------------------

    [Fact]
    public void RemoveNode_PodsComeBackElsewhere_WithNewNamesAndAddresses_AndItsIpamIsCleanedUp()
    {
        Setup("""
            New-IpPool p 10.244.0.0/16 -IpipMode Always
            New-Node n1 10.0.0.11/24; New-Node n2 10.0.0.12/24; New-Node n3 10.0.0.13/24
            New-Deployment web -Replicas 6
            """);
        var gone = _ps.Run("Get-Pod -Node n2");
        Assert.Equal(2, gone.Output.Count);
        var tunnel = _ps.Run("Get-Node n2").Values("IpipTunnelAddress").Single();

        var result = _ps.Run("Remove-Node n2");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "n1", "n3" }, _ps.Run("Get-Node").Values("Name"));
        var pods = _ps.Run("Get-Pod");
        Assert.Equal(6, pods.Output.Count);
        Assert.All(pods.Values("Status"), s => Assert.Equal("Running", s));
        Assert.All(pods.Values("Node"), n => Assert.NotEqual("n2", n));
        Assert.Empty(pods.Values("Name").Intersect(gone.Values("Name")));
        Assert.Empty(pods.Values("IP").Intersect(gone.Values("IP")));
        Assert.DoesNotContain(tunnel, _ps.Run("Get-IpAllocation").Values("Ip"));
        Assert.DoesNotContain("n2", _ps.Run("Get-IpAllocation").Values("Node"));
        Assert.DoesNotContain("n2", _ps.Run("Get-IpamBlock").Values("Affinity"));
        Assert.DoesNotContain("n2", _ps.Run("Get-BlockAffinity").Values("Node"));
        Assert.Equal(new[] { "6/6" }, _ps.Run("Get-Deployment").Values("Ready"));
        AssertClean();
    }

    [Fact]
    public void RemoveNode_KeepsABlockWithABorrowedAddress_UntilItIsReleased()
    {
        Setup("""
            New-IpPool p 10.9.0.0/26 -BlockSize 26
            New-Node n1 10.0.0.11/24; New-Node n2 10.0.0.12/24
            New-Pod a -Node n1; New-Pod b -Node n2
            """);
        Assert.Equal(new object[] { true }, _ps.Objects("(Get-IpAllocation -Ip (Get-Pod b).IP).Borrowed"));

        _ps.Run("Remove-Node n1");

        Assert.Equal(new[] { "n1" }, _ps.Run("Get-IpamBlock").Values("Affinity"));
        AssertClean();

        _ps.Run("Remove-Pod b");

        Assert.Empty(_ps.Run("Get-IpamBlock").Output);
        Assert.Empty(_ps.Run("Get-BlockAffinity").Output);
        AssertClean();
    }

    [Fact]
    public void RemoveNode_WhatIf_ChangesNothing()
    {
        Setup("New-IpPool p 10.1.0.0/16; New-Node n1 10.0.0.11/24; New-Deployment web -Replicas 2");
        var before = _ps.Snapshot();
        var pods = _ps.Run("Get-Pod").Values("Name");

        var result = _ps.Run("Remove-Node n1 -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Single(result.WhatIfLines);
        Assert.Equal(before, _ps.Snapshot());
        Assert.Equal(pods, _ps.Run("Get-Pod").Values("Name"));
    }

    // ---- Remove-Namespace --------------------------------------------------------------------

    [Fact]
    public void RemoveNamespace_RemovesItsWorkloads_AndReleasesTheirAddresses()
    {
        Setup("""
            New-IpPool p 10.1.0.0/16; New-Node n1 10.0.0.11/24
            New-Namespace team
            New-Deployment web -Namespace team -Replicas 3
            New-Pod solo -Namespace team
            New-Deployment keep
            """);
        var kept = _ps.Run("Get-Pod -Namespace default").Values("IP");

        var result = _ps.Run("Remove-Namespace team");

        Assert.Empty(result.Errors);
        Assert.DoesNotContain("team", _ps.Run("Get-Namespace").Values("Name"));
        Assert.Empty(_ps.Run("Get-Pod -Namespace team").Output);
        Assert.Empty(_ps.Run("Get-Deployment -Namespace team").Output);
        Assert.Equal(kept, _ps.Run("Get-IpAllocation").Values("Ip"));
        AssertClean();
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    public void RemoveNamespace_DefaultAndKubeSystem_AreForbidden(string name)
    {
        var result = _ps.Run($"Remove-Namespace {name}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("Forbidden," + Commands + "RemoveNamespaceCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.Equal($"namespaces \"{name}\" is forbidden: this namespace may not be deleted", error.Exception.Message);
        Assert.Contains(name, _ps.Run("Get-Namespace").Values("Name"));
    }

    [Fact]
    public void RemoveNamespace_ALiteralMiss_IsNamespaceNotFound()
    {
        var result = _ps.Run("Remove-Namespace nope");

        var error = Assert.Single(result.Errors);
        Assert.Equal("NamespaceNotFound," + Commands + "RemoveNamespaceCommand", error.FullyQualifiedErrorId);
    }

    // ---- New-Cluster -NodeCount ---------------------------------------------------------------

    [Fact]
    public void NewCluster_NodeCount_Vxlan_GivesEachNodeAVxlanTunnelAddress_AtOrdinalZeroOfItsFirstBlock()
    {
        var result = _ps.Run("""
            $c = New-Cluster -NodeCount 20 -PodCidr 10.32.0.0/16 -Encapsulation VXLAN
            Get-Node | ForEach-Object {
                $a = Get-IpAllocation -Ip $_.VxlanTunnelAddress
                '{0} {1} {2} {3}' -f $_.Name, ($a.Ip -eq $a.Block.Network), $a.BlockOwner, $a.Handle
            }
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(20, result.Objects.Length);
        Assert.All(result.Objects.Select(o => o.ToString()!.Split(' ')), f =>
        {
            Assert.Equal("True", f[1]);
            Assert.Equal(f[0], f[2]);
            Assert.Equal("vxlan-tunnel-addr-" + f[0], f[3]);
        });
        Assert.All(_ps.Run("Get-Node").Values("VxlanTunnelAddress"), ip => Assert.StartsWith("10.32.", ip));
        Assert.All(_ps.Run("Get-Node").Values("IpipTunnelAddress"), ip => Assert.Equal("", ip));
        Assert.Equal(new[] { "10.32.0.0/16" }, _ps.Run("Get-IpPool").Values("Cidr"));
        AssertClean();
    }

    [Fact]
    public void NewCluster_NodeCount_None_HasNoTunnelAddresses()
    {
        var result = _ps.Run("$null = New-Cluster -NodeCount 5 -PodCidr 10.32.0.0/16 -Encapsulation None; Get-Node");

        Assert.Equal(5, result.Output.Count);
        Assert.All(result.Values("VxlanTunnelAddress"), a => Assert.Equal("", a));
        Assert.All(result.Values("IpipTunnelAddress"), a => Assert.Equal("", a));
        Assert.Empty(_ps.Run("Get-IpAllocation").Output);
    }

    [Fact]
    public void NewCluster_NodeCount_BlockSize_IsThePoolsBlockSize()
    {
        var result = _ps.Run("$null = New-Cluster -NodeCount 3 -PodCidr 10.32.0.0/16 -BlockSize 28 -Encapsulation IPIP; Get-IpamBlock");

        Assert.Equal(3, result.Output.Count);
        Assert.All(result.Values("Cidr"), c => Assert.EndsWith("/28", c));
        Assert.Equal(new[] { "28" }, _ps.Run("Get-IpPool").Values("BlockSize"));
    }

    [Fact]
    public void NewCluster_NodeCount_Progress_IsSilentUnderSilentlyContinue_AndClosedOtherwise()
    {
        using var silent = System.Management.Automation.PowerShell.Create();
        silent.Runspace = _ps.Runspace;
        silent.AddScript("$ProgressPreference = 'SilentlyContinue'; $null = New-Cluster -NodeCount 20 -PodCidr 10.32.0.0/16 -Encapsulation VXLAN");
        silent.Invoke();
        using var shown = System.Management.Automation.PowerShell.Create();
        shown.Runspace = _ps.Runspace;
        shown.AddScript("$ProgressPreference = 'Continue'; $null = New-Cluster -NodeCount 20 -PodCidr 10.32.0.0/16 -Encapsulation VXLAN");
        shown.Invoke();

        Assert.Empty(silent.Streams.Error);
        Assert.Empty(silent.Streams.Progress);
        Assert.NotEmpty(shown.Streams.Progress);
        Assert.Equal(ProgressRecordType.Completed, shown.Streams.Progress.Last().RecordType);
    }

    private void Setup(string script)
    {
        var result = _ps.Run(script);
        Assert.Empty(result.Errors);
    }

    private void AssertClean()
    {
        Assert.Equal(new object[] { true }, _ps.Objects("Test-Ipam -Quiet"));
    }
}

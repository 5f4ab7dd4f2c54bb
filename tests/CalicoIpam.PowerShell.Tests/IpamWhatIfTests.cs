using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>-WhatIf on the IPAM and workload cmdlets that change state (ps-module-anchors §7.5
/// items 4 and 5): one "What if:" line per object naming it, nothing on the success stream, and
/// the whole cluster unchanged: pools, nodes, IPAM configuration, blocks, affinities,
/// allocations, reservations, namespaces, pods (a waiting pod is not retried) and the clock.</summary>
public sealed class IpamWhatIfTests : IClassFixture<PsSession>
{
    private const string Ipv4Pools = "cni.projectcalico.org/ipv4pools";

    private readonly PsSession _ps;

    public IpamWhatIfTests(PsSession ps)
    {
        _ps = ps;
        // Pool p with IPIP (node tunnel addresses), two nodes, a reservation, pods in two
        // namespaces, and one pod waiting for a pool that does not exist yet.
        var setup = _ps.Run($$"""
            $null = New-Cluster -Empty
            New-IpPool p 10.244.0.0/16 -IpipMode Always
            New-Node node-1 10.0.0.11/24; New-Node node-2 10.0.0.12/24
            New-IpReservation r1 10.244.84.140/30
            New-Namespace team-b
            New-Pod web -Node node-1; New-Pod api -Node node-2
            New-Pod worker -Namespace team-b -Node node-1
            New-Pod waiting -Node node-1 -Annotation @{ '{{Ipv4Pools}}' = '["nope"]' } -WarningAction SilentlyContinue
            """);
        Assert.Empty(setup.Errors);
    }

    [Theory]
    [InlineData("Set-IpamConfig -StrictAffinity $true -WhatIf",
        new[] { "IPAMConfiguration 'default' (strictAffinity=true, autoAllocateBlocks=true, maxBlocksPerHost=0)" })]
    [InlineData("Set-IpamConfig -StrictAffinity $true -MaxBlocksPerHost 4 -PassThru -WhatIf",
        new[] { "IPAMConfiguration 'default' (strictAffinity=true, autoAllocateBlocks=true, maxBlocksPerHost=4)" })]
    [InlineData("Remove-IpAllocation 10.244.84.129 -WhatIf", new[] { "IP address 10.244.84.129" })]
    [InlineData("Remove-IpAllocation 10.244.84.129, 10.244.247.1 -WhatIf",
        new[] { "IP address 10.244.84.129", "IP address 10.244.247.1" })]
    [InlineData("Get-IpAllocation -Node node-2 | Remove-IpAllocation -WhatIf",
        new[] { "IP address 10.244.247.0", "IP address 10.244.247.1" })]
    [InlineData("New-IpReservation r2 10.244.0.0/30, 10.244.9.9 -WhatIf", new[] { "IPReservation 'r2' (10.244.0.0/30, 10.244.9.9)" })]
    [InlineData("New-IpReservation r2 10.244.0.0/30 -PassThru -WhatIf", new[] { "IPReservation 'r2' (10.244.0.0/30)" })]
    [InlineData("Remove-IpReservation r1 -WhatIf", new[] { "IPReservation 'r1'" })]
    [InlineData("Get-IpReservation | Remove-IpReservation -WhatIf", new[] { "IPReservation 'r1'" })]
    [InlineData("Split-IpPool p 2 -WhatIf", new[] { "IPPool 'p'" })]
    [InlineData("New-Pod extra -Node node-1 -PassThru -WhatIf", new[] { "Pod 'default/extra'" })]
    [InlineData("New-Pod extra -Namespace team-b -WhatIf", new[] { "Pod 'team-b/extra'" })]
    [InlineData("Remove-Pod web -WhatIf", new[] { "Pod 'default/web'" })]
    [InlineData("Remove-Pod * -Namespace team-b -WhatIf", new[] { "Pod 'team-b/worker'" })]
    [InlineData("Get-Pod | Remove-Pod -WhatIf",
        new[] { "Pod 'default/api'", "Pod 'default/waiting'", "Pod 'default/web'", "Pod 'team-b/worker'" })]
    [InlineData("New-Namespace extra -WhatIf", new[] { "Namespace 'extra'" })]
    [InlineData("New-Namespace extra -Label @{ team = 'x' } -PassThru -WhatIf", new[] { "Namespace 'extra'" })]
    public void WhatIf_ChangesNothing_EmitsNothing_AndNamesEachObjectOnce(string command, string[] targets)
    {
        var before = State();

        var result = _ps.Run(command);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(before, State());
        var lines = result.WhatIfLines;
        Assert.Equal(targets.Length, lines.Length);
        for (var i = 0; i < targets.Length; i++)
        {
            Assert.Contains($"on target \"{targets[i]}\"", lines[i], StringComparison.Ordinal);
        }
    }

    /// <summary>The same commands without -WhatIf do change the cluster, so the state
    /// comparison above can see each kind of change.</summary>
    [Theory]
    [InlineData("Set-IpamConfig -StrictAffinity $true")]
    [InlineData("Remove-IpAllocation 10.244.84.129")]
    [InlineData("New-IpReservation r2 10.244.0.0/30")]
    [InlineData("Remove-IpReservation r1")]
    [InlineData("Split-IpPool p 2")]
    [InlineData("New-Pod extra -Node node-1")]
    [InlineData("Remove-Pod web")]
    [InlineData("New-Namespace extra")]
    public void WithoutWhatIf_TheSameCommandChangesTheState(string command)
    {
        var before = State();

        var result = _ps.Run(command);

        Assert.Empty(result.Errors);
        Assert.Empty(result.WhatIfLines);
        Assert.NotEqual(before, State());
    }

    [Fact]
    public void WhatIf_OnAnotherCluster_ChangesNeitherCluster()
    {
        _ps.Run("$current = Get-Cluster; $b = New-Cluster -Empty; New-IpPool -Cluster $b q 10.70.0.0/16; Use-Cluster $current");
        var current = State();
        var b = State("$b");

        var result = _ps.Run("""
            Set-IpamConfig -Cluster $b -StrictAffinity $true -WhatIf
            New-Namespace -Cluster $b extra -WhatIf
            Split-IpPool -Cluster $b q 2 -WhatIf
            """);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(3, result.WhatIfLines.Length);
        Assert.Equal(current, State());
        Assert.Equal(b, State("$b"));
    }

    // Every property of every object the cmdlets can show, as text (addresses and CIDRs by
    // their ToString, lists and maps item by item), and the simulated clock, which every
    // change ticks.
    private string State(string cluster = "(Get-Cluster)")
    {
        var result = _ps.Run($$"""
            $s = {{cluster}}
            'cluster #' + $s.Id + ' at ' + $s.Now.ToString('o')
            foreach ($command in 'Get-IpPool', 'Get-Node', 'Get-IpamConfig', 'Get-IpamBlock', 'Get-BlockAffinity', 'Get-IpAllocation',
                'Get-IpReservation', 'Get-Namespace', 'Get-Pod') {
                $command
                & $command -Cluster $s
            }
            """);
        Assert.Empty(result.Errors);
        var text = new StringBuilder();
        foreach (var item in result.Output)
        {
            if (item.BaseObject is string line)
            {
                text.Append('\n').Append(line).Append(':');
                continue;
            }
            text.Append("\n  ");
            foreach (var property in item.Properties.Where(p => p.Name != "Cluster"))
            {
                text.Append(property.Name).Append('=').Append(Format(property.Value)).Append(" | ");
            }
        }
        return text.ToString();
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        PSObject wrapped => Format(wrapped.BaseObject),
        string s => s,
        IDictionary map => "{" + string.Join(";", map.Keys.Cast<object>().Select(k => Format(k) + "=" + Format(map[k]))) + "}",
        IEnumerable list => "[" + string.Join(",", list.Cast<object>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

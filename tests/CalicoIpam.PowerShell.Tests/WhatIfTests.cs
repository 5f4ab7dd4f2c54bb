using System.Linq;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>-WhatIf on every state-changing cmdlet (ps-module-anchors §7.5 items 4 and 5): the
/// cluster is unchanged, the success stream is empty, and the host gets exactly one
/// "What if:" line per object, naming it.</summary>
public sealed class WhatIfTests : IClassFixture<PsSession>
{
    private readonly PsSession _ps;

    public WhatIfTests(PsSession ps)
    {
        _ps = ps;
        _ps.Run("$null = New-Cluster");
    }

    [Theory]
    [InlineData("", "New-IpPool new-pool 10.70.0.0/16 -WhatIf", new[] { "IPPool 'new-pool' (10.70.0.0/16)" })]
    [InlineData("", "New-IpPool new-pool 10.70.0.0/16 -PassThru -WhatIf", new[] { "IPPool 'new-pool' (10.70.0.0/16)" })]
    [InlineData("", "Set-IpPool * -NatOutgoing:$false -WhatIf",
        new[] { "IPPool 'default-ipv4-ippool' (10.48.0.0/24)", "IPPool 'external-pool' (10.48.2.0/24)" })]
    [InlineData("", "Get-IpPool external-pool | Set-IpPool -VxlanMode Always -PassThru -WhatIf",
        new[] { "IPPool 'external-pool' (10.48.2.0/24)" })]
    [InlineData("", "Disable-IpPool default-ipv4-ippool -PassThru -WhatIf", new[] { "IPPool 'default-ipv4-ippool' (10.48.0.0/24)" })]
    [InlineData("Disable-IpPool *", "Enable-IpPool * -PassThru -WhatIf",
        new[] { "IPPool 'default-ipv4-ippool' (10.48.0.0/24)", "IPPool 'external-pool' (10.48.2.0/24)" })]
    [InlineData("", "Remove-IpPool * -WhatIf",
        new[] { "IPPool 'default-ipv4-ippool' (10.48.0.0/24)", "IPPool 'external-pool' (10.48.2.0/24)" })]
    [InlineData("", "Get-IpPool | Remove-IpPool -WhatIf",
        new[] { "IPPool 'default-ipv4-ippool' (10.48.0.0/24)", "IPPool 'external-pool' (10.48.2.0/24)" })]
    [InlineData("", "New-Node ip-10-0-0-13 10.0.0.13/24 -PassThru -WhatIf", new[] { "Node 'ip-10-0-0-13' (10.0.0.13/24)" })]
    [InlineData("", "New-Cluster -WhatIf", new[] { "lab cluster 'calico-ipam-lab'" })]
    [InlineData("", "New-Cluster -Empty -WhatIf", new[] { "empty cluster" })]
    public void WhatIf_ChangesNothing_EmitsNothing_AndNamesEachObjectOnce(string setup, string command, string[] targets)
    {
        _ps.Run(setup);
        var before = _ps.Snapshot();

        var result = _ps.Run(command);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(before, _ps.Snapshot());
        AssertOneWhatIfLinePerTarget(result, targets);
    }

    [Fact]
    public void UseCluster_WhatIf_KeepsTheCurrentCluster()
    {
        _ps.Run("$other = New-Cluster -Empty; $null = New-Cluster");
        var before = _ps.Snapshot();
        var other = _ps.Objects("$other.ToString()").Single();

        var result = _ps.Run("Use-Cluster $other -PassThru -WhatIf");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(before, _ps.Snapshot());
        AssertOneWhatIfLinePerTarget(result, new[] { (string)other });
    }

    [Fact]
    public void WhatIf_WithAnExplicitCluster_ChangesNeitherCluster()
    {
        _ps.Run("$b = New-Cluster; $null = New-Cluster");
        var current = _ps.Snapshot();
        var b = _ps.Snapshot("$b");

        var result = _ps.Run("Get-IpPool -Cluster $b | Remove-IpPool -WhatIf; Remove-IpPool * -Cluster $b -WhatIf");

        Assert.Empty(result.Output);
        Assert.Equal(4, result.WhatIfLines.Length);
        Assert.Equal(current, _ps.Snapshot());
        Assert.Equal(b, _ps.Snapshot("$b"));
    }

    private static void AssertOneWhatIfLinePerTarget(PsResult result, string[] targets)
    {
        var lines = result.WhatIfLines;
        Assert.Equal(targets.Length, lines.Length);
        for (var i = 0; i < targets.Length; i++)
        {
            Assert.Contains(targets[i], lines[i], System.StringComparison.Ordinal);
        }
    }
}

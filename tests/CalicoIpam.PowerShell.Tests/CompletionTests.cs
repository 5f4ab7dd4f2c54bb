namespace CalicoIpam.PowerShell.Tests;

/// <summary>Tab completion of pool and node names (ps-module-anchors §7.5 item 16), asserted with
/// CommandCompletion.CompleteInput as the console's Tab key calls it.</summary>
public sealed class CompletionTests : IClassFixture<PsSession>
{
    private readonly PsSession _ps;

    public CompletionTests(PsSession ps)
    {
        _ps = ps;
        _ps.Run("$null = New-Cluster");
    }

    [Theory]
    [InlineData("Get-IpPool -Name def", new[] { "default-ipv4-ippool" })]
    [InlineData("Get-IpPool DEF", new[] { "default-ipv4-ippool" })]
    [InlineData("Remove-IpPool ext", new[] { "external-pool" })]
    [InlineData("Set-IpPool -Name ", new[] { "default-ipv4-ippool", "external-pool" })]
    [InlineData("Enable-IpPool e", new[] { "external-pool" })]
    [InlineData("Disable-IpPool -Name d", new[] { "default-ipv4-ippool" })]
    [InlineData("Get-Node -Name ip-10-0-0-1", new[] { "ip-10-0-0-10", "ip-10-0-0-11", "ip-10-0-0-12" })]
    [InlineData("Get-Node ip-10-0-0-12", new[] { "ip-10-0-0-12" })]
    [InlineData("Get-IpPool -Name zzz", new string[0])]
    public void Names_CompleteFromTheCurrentCluster(string input, string[] expected)
    {
        Assert.Equal(expected, _ps.Complete(input));
    }

    [Theory]
    [InlineData("Get-IpPool -Cluster $c -Name ", new[] { "other-pool" })]
    [InlineData("Get-IpPool -Cluster $c -Name def", new string[0])]
    [InlineData("Remove-IpPool -Cluster $c o", new[] { "other-pool" })]
    [InlineData("Get-Node -Cluster $c -Name ", new[] { "worker-a" })]
    public void Names_ComeFromTheClusterInAVariable_WhenMinusClusterIsTyped(string input, string[] expected)
    {
        _ps.Run("""
            $c = New-Cluster -Empty
            New-IpPool -Cluster $c other-pool 10.70.0.0/16
            New-Node -Cluster $c worker-a 10.1.0.5/24
            $null = New-Cluster
            """);

        Assert.Equal(expected, _ps.Complete(input));
    }

    [Fact]
    public void Completion_ChangesNothing()
    {
        var before = _ps.Snapshot();

        _ps.Complete("Remove-IpPool ");
        _ps.Complete("Get-Node -Name ");

        Assert.Equal(before, _ps.Snapshot());
    }
}

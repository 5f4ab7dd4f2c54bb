using System.Linq;
using System.Management.Automation;

namespace CalicoIpam.PowerShell.Tests;

/// <summary>The pool cmdlets: Calico's defaults, validation texts and error records, which
/// fields an update touches, names with wildcards, and that a refused change changes nothing.</summary>
public sealed class IpPoolTests : IClassFixture<PsSession>
{
    private const string NewIpPoolClass = "CalicoIpam.PowerShell.Commands.NewIpPoolCommand";
    private const string SetIpPoolClass = "CalicoIpam.PowerShell.Commands.SetIpPoolCommand";

    private readonly PsSession _ps;

    public IpPoolTests(PsSession ps)
    {
        _ps = ps;
        _ps.Run("$null = New-Cluster");
    }

    // ---- New-IpPool -----------------------------------------------------------------------

    [Fact]
    public void NewIpPool_PassThru_EmitsThePoolWithCalicosDefaults()
    {
        var result = _ps.Run("New-IpPool pool1 10.70.0.0/16 -PassThru");

        Assert.Empty(result.Errors);
        var pool = Assert.Single(result.Output);
        Assert.Equal("CalicoIpam.Core.Ipam.IpPool", pool.BaseObject.GetType().FullName);
        Assert.Equal("pool1", Value(pool, "Name"));
        Assert.Equal("10.70.0.0/16", Value(pool, "Cidr"));
        Assert.Equal("26", Value(pool, "BlockSize"));
        Assert.Equal("Never", Value(pool, "IpipMode"));
        Assert.Equal("Never", Value(pool, "VxlanMode"));
        Assert.Equal("all()", Value(pool, "NodeSelector"));
        Assert.Equal("Workload,Tunnel", Value(pool, "AllowedUses"));
        Assert.Equal("Automatic", Value(pool, "AssignmentMode"));
        Assert.Equal("False", Value(pool, "NatOutgoing"));
        Assert.Equal("False", Value(pool, "Disabled"));
        Assert.Equal("False", Value(pool, "DisableBgpExport"));
    }

    [Fact]
    public void NewIpPool_WithoutPassThru_EmitsNothing_AndCreatesThePool()
    {
        var result = _ps.Run("New-IpPool pool1 10.70.0.0/16");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(new[] { "default-ipv4-ippool", "external-pool", "pool1" }, _ps.Run("Get-IpPool").Values("Name"));
    }

    [Fact]
    public void NewIpPool_Ipv6_DefaultsToBlockSize122()
    {
        var result = _ps.Run("New-IpPool pool-v6 fd00:10:48::/64 -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "122" }, result.Values("BlockSize"));
        Assert.Equal(new[] { "True" }, result.Values("IsIPv6"));
    }

    [Fact]
    public void NewIpPool_BoundSpecParameters_AreStored()
    {
        var result = _ps.Run("""
            New-IpPool pool1 10.70.0.0/16 -BlockSize 28 -VxlanMode CrossSubnet -NatOutgoing -NodeSelector "zone == 'a'" `
                -AllowedUse Workload -AssignmentMode Manual -DisableBgpExport -PassThru
            """);

        Assert.Empty(result.Errors);
        var pool = Assert.Single(result.Output);
        Assert.Equal("28", Value(pool, "BlockSize"));
        Assert.Equal("Never", Value(pool, "IpipMode"));
        Assert.Equal("CrossSubnet", Value(pool, "VxlanMode"));
        Assert.Equal("True", Value(pool, "NatOutgoing"));
        Assert.Equal("zone == 'a'", Value(pool, "NodeSelector"));
        Assert.Equal("Workload", Value(pool, "AllowedUses"));
        Assert.Equal("Manual", Value(pool, "AssignmentMode"));
        Assert.Equal("True", Value(pool, "DisableBgpExport"));
    }

    [Fact]
    public void NewIpPool_Overlap_IsIpPoolInvalid_WithCalicosMultiFieldText()
    {
        var before = _ps.Snapshot();

        var result = _ps.Run("New-IpPool pool1 10.48.0.0/17");

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpPoolInvalid," + NewIpPoolClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("pool1", error.TargetObject);
        Assert.Equal(
            "error with the following fields:\n"
            + "-  IPPool.Spec.CIDR = '10.48.0.0/17' (IPPool(pool1) CIDR overlaps with IPPool(default-ipv4-ippool) CIDR 10.48.0.0/24)\n"
            + "-  IPPool.Spec.CIDR = '10.48.0.0/17' (IPPool(pool1) CIDR overlaps with IPPool(external-pool) CIDR 10.48.2.0/24)\n",
            error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Equal(before, _ps.Snapshot());
    }

    [Theory]
    [InlineData("New-IpPool pool1 10.70.0.0/16 -BlockSize 19",
        "error with field IPPool.Spec.BlockSize = '19' (IPv4 block size must be between 20 and 32)")]
    [InlineData("New-IpPool pool1 10.70.0.1/16",
        "error with field IPPool.Spec.CIDR = '10.70.0.0/16' (IPPool CIDR is not strictly masked)")]
    [InlineData("New-IpPool pool1 not-a-cidr",
        "error with field IPPool.Spec.CIDR = 'not-a-cidr' (IPPool CIDR must be a valid subnet)")]
    [InlineData("New-IpPool pool1 10.70.0.0/16 -IpipMode Always -VxlanMode Always",
        "error with field IPPool.Spec.VXLANMode = 'Always' (Cannot enable both VXLAN and IPIP on the same IPPool)")]
    [InlineData("New-IpPool pool1 fd00:10:48::/64 -IpipMode Always",
        "error with field IPPool.Spec.IPIPMode = 'Always' (IPIP is not supported on an IPv6 IP pool)")]
    public void NewIpPool_InvalidSpec_IsIpPoolInvalid_WithCalicosText(string command, string message)
    {
        var result = _ps.Run(command);

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpPoolInvalid," + NewIpPoolClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("pool1", error.TargetObject);
        Assert.Equal(message, error.Exception.Message);
    }

    [Fact]
    public void NewIpPool_DuplicateName_IsIpPoolAlreadyExists()
    {
        var result = _ps.Run("New-IpPool external-pool 10.70.0.0/16");

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpPoolAlreadyExists," + NewIpPoolClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("external-pool", error.TargetObject);
        Assert.Equal("resource already exists: IPPool(external-pool)", error.Exception.Message);
        Assert.Equal(new[] { "10.48.0.0/24", "10.48.2.0/24" }, _ps.Run("Get-IpPool").Values("Cidr"));
    }

    /// <summary>Every pool command, given bad input, reports an error and leaves the pools
    /// (and the nodes, and which cluster is current) exactly as they were.</summary>
    [Theory]
    [InlineData("", "New-IpPool pool1 10.48.0.0/17")]
    [InlineData("", "New-IpPool external-pool 10.70.0.0/16")]
    [InlineData("", "New-IpPool pool1 10.70.0.0/16 -BlockSize 19")]
    [InlineData("", "New-IpPool Bad_Name 10.70.0.0/16")]
    [InlineData("", "New-IpPool pool1 10.70.0.1/16")]
    [InlineData("", "New-IpPool pool1 not-a-cidr")]
    [InlineData("", "New-IpPool pool1 10.70.0.0/16 -IpipMode Always -VxlanMode Always")]
    [InlineData("", "New-IpPool pool1 10.70.0.0/16 -IpipMode Sometimes")]
    [InlineData("", "New-IpPool pool1 10.70.0.0/16 -NodeSelector 'zone =='")]
    [InlineData("", "Set-IpPool default-ipv4-ippool -BlockSize 27")]
    [InlineData("", "Set-IpPool default-ipv4-ippool -Cidr 10.48.1.0/24")]
    [InlineData("", "Set-IpPool * -NodeSelector 'zone =='")]
    [InlineData("", "Set-IpPool default-ipv4-ippool -IpipMode Always -VxlanMode CrossSubnet")]
    [InlineData("", "Set-IpPool external-pool -AllowedUse Workload, Bogus")]
    [InlineData("", "Set-IpPool default-ipv4-ippool")]
    [InlineData("", "Set-IpPool nope -NatOutgoing:$false")]
    [InlineData("", "Get-IpPool | Set-IpPool -BlockSize 30")]
    [InlineData("New-IpPool tiny 10.70.0.0/28 -Disabled", "Enable-IpPool tiny")]
    [InlineData("", "Enable-IpPool nope")]
    [InlineData("", "Disable-IpPool nope")]
    [InlineData("", "Remove-IpPool nope")]
    public void BadInput_ReportsAnError_AndChangesNothing(string setup, string command)
    {
        _ps.Run(setup);
        var before = _ps.Snapshot();

        var result = _ps.Run(command);

        Assert.NotEmpty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(before, _ps.Snapshot());
    }

    // ---- Set-IpPool -----------------------------------------------------------------------

    [Fact]
    public void SetIpPool_ChangesOnlyTheBoundFields()
    {
        var before = _ps.Run("Get-IpPool default-ipv4-ippool").Output.Single();

        var result = _ps.Run("Set-IpPool default-ipv4-ippool -NatOutgoing:$false");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        var after = _ps.Run("Get-IpPool default-ipv4-ippool").Output.Single();
        Assert.Equal("True", Value(before, "NatOutgoing"));
        Assert.Equal("False", Value(after, "NatOutgoing"));
        foreach (var property in new[]
                 {
                     "Name", "Cidr", "BlockSize", "IpipMode", "VxlanMode", "Disabled", "DisableBgpExport", "NodeSelector",
                     "AllowedUses", "AssignmentMode", "CreationTimestamp", "Uid",
                 })
        {
            Assert.Equal(Value(before, property), Value(after, property));
        }
        // The other pool is untouched.
        Assert.Equal(new[] { "True" }, _ps.Run("Get-IpPool external-pool").Values("NatOutgoing"));
    }

    [Fact]
    public void SetIpPool_PassThru_EmitsEachChangedPool()
    {
        var result = _ps.Run("Set-IpPool *pool -VxlanMode Always -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "default-ipv4-ippool", "external-pool" }, result.Values("Name"));
        Assert.Equal(new[] { "Always", "Always" }, result.Values("VxlanMode"));
        Assert.Equal(new[] { "Always", "Always" }, _ps.Run("Get-IpPool").Values("VxlanMode"));
    }

    [Fact]
    public void SetIpPool_PipedPools_AreUpdated()
    {
        var result = _ps.Run("Get-IpPool | Set-IpPool -NodeSelector \"zone == 'a'\"; Get-IpPool");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "zone == 'a'", "zone == 'a'" }, result.Values("NodeSelector"));
    }

    [Theory]
    [InlineData("-BlockSize 27", "error with field IPPool.Spec.BlockSize = '27' (IPPool BlockSize cannot be modified)")]
    [InlineData("-Cidr 10.48.1.0/24", "error with field IPPool.Spec.CIDR = '10.48.1.0/24' (IPPool CIDR cannot be modified)")]
    [InlineData("-Cidr 10.48.1.0/24 -BlockSize 27",
        "error with the following fields:\n"
        + "-  IPPool.Spec.CIDR = '10.48.1.0/24' (IPPool CIDR cannot be modified)\n"
        + "-  IPPool.Spec.BlockSize = '27' (IPPool BlockSize cannot be modified)\n")]
    public void SetIpPool_CidrOrBlockSize_CannotBeModified(string arguments, string message)
    {
        var result = _ps.Run("Set-IpPool default-ipv4-ippool " + arguments);

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpPoolInvalid," + SetIpPoolClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal("default-ipv4-ippool", error.TargetObject);
        Assert.Equal(message, error.Exception.Message);
    }

    [Fact]
    public void SetIpPool_WithNoField_IsATerminatingNothingToSetError()
    {
        var result = _ps.Run("try { Set-IpPool default-ipv4-ippool; 'not stopped' } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Objects));
        Assert.Equal("NothingToSet," + SetIpPoolClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
    }

    // ---- Enable-IpPool / Disable-IpPool ---------------------------------------------------

    [Fact]
    public void DisableThenEnable_FlipsDisabled_OfTheNamedPoolsOnly()
    {
        var disabled = _ps.Run("Disable-IpPool external-pool; Get-IpPool");
        var enabled = _ps.Run("Enable-IpPool external-pool -PassThru");

        Assert.Empty(disabled.Errors);
        Assert.Equal(new[] { "False", "True" }, disabled.Values("Disabled"));
        Assert.Empty(enabled.Errors);
        Assert.Equal(new[] { "external-pool" }, enabled.Values("Name"));
        Assert.Equal(new[] { "False" }, enabled.Values("Disabled"));
        Assert.Equal(new[] { "False", "False" }, _ps.Run("Get-IpPool").Values("Disabled"));
    }

    [Fact]
    public void DisableIpPool_PassThru_AndPipedPools()
    {
        var result = _ps.Run("Get-IpPool | Disable-IpPool -PassThru");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "default-ipv4-ippool", "external-pool" }, result.Values("Name"));
        Assert.Equal(new[] { "True", "True" }, _ps.Run("Get-IpPool").Values("Disabled"));
    }

    [Fact]
    public void EnableIpPool_OfAPoolSmallerThanABlock_IsIpPoolInvalid()
    {
        _ps.Run("New-IpPool tiny 10.70.0.0/28 -Disabled");

        var result = _ps.Run("Enable-IpPool tiny");

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpPoolInvalid,CalicoIpam.PowerShell.Commands.EnableIpPoolCommand", error.FullyQualifiedErrorId);
        Assert.Equal("tiny", error.TargetObject);
        Assert.Equal(
            "error with field IPPool.Spec.CIDR = '10.70.0.0/28' (IP pool size is too small for use with Calico IPAM. "
            + "It must be equal to or greater than the block size.)",
            error.Exception.Message);
    }

    // ---- Remove-IpPool --------------------------------------------------------------------

    [Fact]
    public void RemoveIpPool_OfNPipedPools_RemovesN_WithoutAPrompt()
    {
        _ps.Run("New-IpPool pool-a 10.70.0.0/24; New-IpPool pool-b 10.71.0.0/24; New-IpPool pool-c 10.72.0.0/24");

        var result = _ps.Run("Get-IpPool | Remove-IpPool");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(0, result.Prompts);
        Assert.Equal(new object[] { 0 }, _ps.Objects("(Get-Cluster).PoolCount"));
    }

    [Fact]
    public void RemoveIpPool_PromptsOncePerPool_OnlyWithConfirm()
    {
        var result = _ps.Run("Remove-IpPool * -Confirm");

        Assert.Equal(2, result.Prompts);
    }

    [Fact]
    public void RemoveIpPool_ByNameWithWildcard()
    {
        var result = _ps.Run("Remove-IpPool ext*; Get-IpPool");

        Assert.Empty(result.Errors);
        Assert.Equal(new[] { "default-ipv4-ippool" }, result.Values("Name"));
    }

    // ---- Names: literal misses, wildcards, case -------------------------------------------

    /// <summary>A literal name that matches nothing is a non-terminating ObjectNotFound error
    /// with calicoctl's text, and the other names of the same call are still processed.</summary>
    [Theory]
    [InlineData("Get-IpPool nope, external-pool", "GetIpPoolCommand", "'external-pool'")]
    [InlineData("Remove-IpPool nope, external-pool", "RemoveIpPoolCommand", "(Get-IpPool).Name")]
    [InlineData("Disable-IpPool nope, external-pool", "DisableIpPoolCommand", "(Get-IpPool external-pool).Disabled")]
    [InlineData("Enable-IpPool nope, external-pool -PassThru", "EnableIpPoolCommand", "'external-pool'")]
    [InlineData("Set-IpPool nope, external-pool -NatOutgoing:$false", "SetIpPoolCommand", "(Get-IpPool external-pool).NatOutgoing")]
    public void ALiteralMiss_IsANonTerminatingIpPoolNotFound_AndOtherNamesAreProcessed(string command, string commandClass,
        string effect)
    {
        var result = _ps.Run($"try {{ {command} | ForEach-Object Name; {effect} }} catch {{ 'caught' }}");

        var error = Assert.Single(result.Errors);
        Assert.Equal("IpPoolNotFound,CalicoIpam.PowerShell.Commands." + commandClass, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("nope", error.TargetObject);
        Assert.Equal(
            "resource does not exist: IPPool(nope) with error: ippools.crd.projectcalico.org \"nope\" not found",
            error.Exception.Message);
        Assert.DoesNotContain("caught", result.Objects);
        var expected = commandClass switch
        {
            "GetIpPoolCommand" or "EnableIpPoolCommand" => new object[] { "external-pool", "external-pool" },
            "RemoveIpPoolCommand" => new object[] { "default-ipv4-ippool" },
            "DisableIpPoolCommand" => new object[] { true },
            _ => new object[] { false },
        };
        Assert.Equal(expected, result.Objects);
    }

    [Fact]
    public void ALiteralMiss_WithErrorActionStop_IsCatchable()
    {
        var result = _ps.Run("try { Get-IpPool nope -ErrorAction Stop; 'not stopped' } catch { $_ }");

        var error = Assert.IsType<ErrorRecord>(Assert.Single(result.Objects));
        Assert.Equal("IpPoolNotFound,CalicoIpam.PowerShell.Commands.GetIpPoolCommand", error.FullyQualifiedErrorId);
    }

    [Theory]
    [InlineData("Get-IpPool nope*")]
    [InlineData("Remove-IpPool nope*")]
    [InlineData("Disable-IpPool nope*")]
    [InlineData("Enable-IpPool nope*")]
    [InlineData("Set-IpPool nope* -NatOutgoing:$false")]
    public void AWildcardMiss_IsSilent(string command)
    {
        var before = _ps.Snapshot();

        var result = _ps.Run(command);

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Equal(before, _ps.Snapshot());
    }

    [Theory]
    [InlineData("DEFAULT*", new[] { "default-ipv4-ippool" })]
    [InlineData("External-Pool", new[] { "external-pool" })]
    [InlineData("*POOL", new[] { "default-ipv4-ippool", "external-pool" })]
    [InlineData("default*, *pool, ext*", new[] { "default-ipv4-ippool", "external-pool" })]
    public void GetIpPool_MatchesNamesCaseInsensitively_EachPoolOnce_KeepingTheirCase(string names, string[] expected)
    {
        var result = _ps.Run("Get-IpPool " + names);

        Assert.Empty(result.Errors);
        Assert.Equal(expected, result.Values("Name"));
    }

    private static string Value(PSObject item, string property) => PsResult.Text(item.Properties[property]?.Value);
}

using CalicoIpam.Core.Ipam;
using static CalicoIpam.Core.Tests.Ipam.IpamTestKit;

namespace CalicoIpam.Core.Tests.Ipam;

/// <summary>SetIPAMConfig's cross-field rules (calico-ipam.md §1.5; checklist 41).</summary>
public sealed class IpamConfigRulesTests
{
    [Fact]
    public void Defaults_AreCalicosWhenNoObjectExists()
    {
        var config = NewCluster().GetIpamConfig();

        Assert.False(config.StrictAffinity);
        Assert.True(config.AutoAllocateBlocks);
        Assert.Equal(0, config.MaxBlocksPerHost);
        Assert.Equal(20, config.EffectiveMaxBlocksPerHost());
    }

    [Theory]
    [InlineData(false, false, 0, "Cannot disable 'StrictAffinity' and 'AutoAllocateBlocks' at the same time")]
    [InlineData(false, false, 5, "Cannot disable 'StrictAffinity' and 'AutoAllocateBlocks' at the same time")]
    [InlineData(false, true, 5, "MaxBlocksPerHost requires StrictAffinity to be enabled")]
    [InlineData(false, true, 1, "MaxBlocksPerHost requires StrictAffinity to be enabled")]
    public void InvalidCombinations_AreRejected_AndLeaveTheConfigUnchanged(bool strict, bool autoAllocate, int maxBlocks, string message)
    {
        var cluster = NewCluster();

        var e = Assert.Throws<IpamException>(() => cluster.SetIpamConfig(
            new IpamConfig { StrictAffinity = strict, AutoAllocateBlocks = autoAllocate, MaxBlocksPerHost = maxBlocks }));

        Assert.Equal(message, e.Message);
        Assert.Equal(IpamError.InvalidConfig, e.Error);
        Assert.Equal(IpamConfig.Default, cluster.GetIpamConfig() with { Cluster = null });
    }

    [Theory]
    [InlineData(true, false, 0)]
    [InlineData(true, true, 5)]
    [InlineData(true, false, 3)]
    [InlineData(false, true, 0)]
    public void ValidCombinations_AreStored(bool strict, bool autoAllocate, int maxBlocks)
    {
        var cluster = NewCluster();
        var config = new IpamConfig { StrictAffinity = strict, AutoAllocateBlocks = autoAllocate, MaxBlocksPerHost = maxBlocks };

        cluster.SetIpamConfig(config);

        Assert.Equal(config, cluster.GetIpamConfig() with { Cluster = null });
    }
}

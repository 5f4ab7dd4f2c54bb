namespace CalicoIpam.Core.Ipam;

/// <summary>
/// The cluster's IPAMConfiguration (singleton "default"), with Calico's defaults when none was
/// written: strictAffinity false, autoAllocateBlocks true, maxBlocksPerHost 0 (= 20 per host).
/// </summary>
public sealed record IpamConfig
{
    public static IpamConfig Default { get; } = new();

    /// <summary>No borrowing from other nodes' blocks; AssignIP only into the node's own blocks.</summary>
    public bool StrictAffinity { get; init; }

    /// <summary>False: auto-assign never claims new blocks.</summary>
    public bool AutoAllocateBlocks { get; init; } = true;

    /// <summary>The most blocks a node may own; 0 means Calico's built-in limit of 20.</summary>
    public int MaxBlocksPerHost { get; init; }

    /// <summary>The cluster the configuration belongs to.</summary>
    public Clusters.Cluster? Cluster { get; init; }

    /// <summary>The limit auto-assign applies when a request sets none (calico-ipam.md §2.3).</summary>
    public int EffectiveMaxBlocksPerHost(int requested = 0)
    {
        int max;
        if (MaxBlocksPerHost > 0 && requested > 0 && requested > MaxBlocksPerHost)
        {
            max = MaxBlocksPerHost;
        }
        else if (requested == 0)
        {
            max = MaxBlocksPerHost;
        }
        else
        {
            max = requested;
        }
        return max == 0 ? 20 : max;
    }

    /// <summary>SetIPAMConfig's cross-field rules, with Calico's texts; throws IpamException.</summary>
    public void Validate()
    {
        if (!StrictAffinity && !AutoAllocateBlocks)
        {
            throw new IpamException(IpamError.InvalidConfig, "Cannot disable 'StrictAffinity' and 'AutoAllocateBlocks' at the same time");
        }
        if (MaxBlocksPerHost > 0 && !StrictAffinity)
        {
            throw new IpamException(IpamError.InvalidConfig, "MaxBlocksPerHost requires StrictAffinity to be enabled");
        }
    }
}

using System;
using CalicoIpam.Core.Ipam;
using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Clusters;

/// <summary>How the default pool of a synthetic cluster encapsulates (the operator's
/// Installation encapsulation setting).</summary>
public enum Encapsulation
{
    None,
    IPIP,
    VXLAN,
    IPIPCrossSubnet,
    VXLANCrossSubnet,
}

/// <summary>
/// A cluster of any size as the Calico operator installs it: one default pool
/// (default-ipv4-ippool) and N nodes node-1 ... node-N on one /16 host subnet.
/// </summary>
public static class SyntheticCluster
{
    /// <summary>Calico's default pool CIDR (node/pkg/lifecycle/startup DEFAULT_IPV4_POOL_CIDR).</summary>
    public const string DefaultPodCidr = "192.168.0.0/16";

    public static Cluster Create(int nodeCount, string podCidr = DefaultPodCidr, int blockSize = 0,
        Encapsulation encapsulation = Encapsulation.IPIP, int seed = LabCluster.DefaultSeed, Action<int>? progress = null)
    {
        if (nodeCount < 0 || nodeCount > 65_000)
        {
            throw new ArgumentOutOfRangeException(nameof(nodeCount), nodeCount, "A synthetic cluster has 0 to 65,000 nodes.");
        }
        var cluster = new Cluster("cluster", seed);
        // The pool first: each node then claims its tunnel address as it joins, as calico-node does.
        cluster.CreatePool("default-ipv4-ippool", new IpPoolSpec
        {
            Cidr = podCidr,
            BlockSize = blockSize,
            NatOutgoing = true,
            IpipMode = encapsulation switch
            {
                Encapsulation.IPIP => nameof(EncapsulationMode.Always),
                Encapsulation.IPIPCrossSubnet => nameof(EncapsulationMode.CrossSubnet),
                _ => nameof(EncapsulationMode.Never),
            },
            VxlanMode = encapsulation switch
            {
                Encapsulation.VXLAN => nameof(EncapsulationMode.Always),
                Encapsulation.VXLANCrossSubnet => nameof(EncapsulationMode.CrossSubnet),
                _ => nameof(EncapsulationMode.Never),
            },
        });
        for (var i = 1; i <= nodeCount; i++)
        {
            var address = IpAddress.FromIPv4((10u << 24) | (uint)((i / 254) << 8) | (uint)(i % 254 + 1));
            cluster.CreateNode($"node-{i}", new Cidr(address, 16), role: i == 1 ? NodeRole.ControlPlane : NodeRole.Worker);
            progress?.Invoke(i);
        }
        return cluster;
    }
}

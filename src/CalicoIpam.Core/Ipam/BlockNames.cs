using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>Calico's resource names for IPAM objects (libcalico-go/lib/names/cidr.go CIDRToName).</summary>
public static class BlockNames
{
    /// <summary>The IPAMBlock name: the CIDR with '.', ':' and '/' replaced by '-' (10-244-84-128-26).</summary>
    public static string ForBlock(Cidr cidr) => cidr.ToString().Replace('.', '-').Replace(':', '-').Replace('/', '-');

    /// <summary>The BlockAffinity name: &lt;host&gt;-&lt;block name&gt;.</summary>
    public static string ForAffinity(string host, Cidr cidr) => host + "-" + ForBlock(cidr);
}

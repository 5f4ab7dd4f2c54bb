using System.Security.Cryptography;
using System.Text;

namespace CalicoIpam.Core.Cni;

/// <summary>Names the Calico CNI plugin derives for a pod (calico-routes-validation.md §4).</summary>
public static class CniNames
{
    /// <summary>The CNI network name in Calico's default config.</summary>
    public const string NetworkName = "k8s-pod-network";

    /// <summary>utils.GetHandleID: &lt;network&gt;.&lt;containerID&gt;.</summary>
    public static string HandleFor(string containerId) => NetworkName + "." + containerId;

    /// <summary>VethNameForWorkload: "cali" + the first 11 hex digits of SHA-1("&lt;namespace&gt;.&lt;pod&gt;").</summary>
    public static string VethName(string ns, string pod)
    {
        using var sha1 = SHA1.Create();
        var hash = sha1.ComputeHash(Encoding.UTF8.GetBytes(ns + "." + pod));
        var hex = new StringBuilder("cali", 15);
        for (var i = 0; hex.Length < 15; i++)
        {
            hex.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return hex.ToString(0, 15);
    }

    /// <summary>The pool annotations the CNI plugin reads, pod over namespace.</summary>
    public const string Ipv4PoolsAnnotation = "cni.projectcalico.org/ipv4pools";

    public const string Ipv6PoolsAnnotation = "cni.projectcalico.org/ipv6pools";

    /// <summary>Specific addresses for a pod (AssignIP instead of auto-assign).</summary>
    public const string IpAddrsAnnotation = "cni.projectcalico.org/ipAddrs";
}

using CalicoIpam.Core.Net;

namespace CalicoIpam.Core.Ipam;

/// <summary>How Calico reads a reservedCIDRs entry (cnet.ParseCIDROrIP): a CIDR, or a bare
/// address taken as a single-address network.</summary>
public static class IpReservationParser
{
    public static bool TryParse(string text, out Cidr cidr)
    {
        if (Cidr.TryParse(text, out cidr))
        {
            return true;
        }
        if (IpAddress.TryParse(text, out var address))
        {
            cidr = new Cidr(address, address.BitLength);
            return true;
        }
        return false;
    }
}

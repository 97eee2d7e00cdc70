using System.Net;
using System.Net.Sockets;

namespace Webchat.Hub.Attachments;

/// <summary>
/// Which addresses the hub refuses to fetch files from: anything but the public internet, so a provider's
/// link cannot make the hub read its own network, a cloud's metadata service or itself.
/// </summary>
internal static class AddressRules
{
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return !(b[0] == 0 // "this network"
                || b[0] == 10
                || (b[0] == 100 && b[1] >= 64 && b[1] < 128) // shared address space (also Alibaba's metadata 100.100.100.200)
                || (b[0] == 169 && b[1] == 254) // link-local, the metadata address 169.254.169.254 among them
                || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
                || b[0] >= 224); // multicast, reserved, broadcast
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        Span<byte> v6 = stackalloc byte[16];
        address.TryWriteBytes(v6, out _);
        return !(address.Equals(IPAddress.IPv6None)
            || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast
            || (v6[0] & 0xFE) == 0xFC // unique local, fd00:ec2::254 (a metadata address) among them
            || address.IsIPv6Teredo
            || (v6[0] == 0x20 && v6[1] == 0x02) // 6to4 carries an IPv4 address that is not checked here
            || (v6[0] == 0 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B)); // NAT64
    }
}

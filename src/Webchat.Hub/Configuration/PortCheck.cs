using System.Net;
using System.Net.Sockets;

namespace Webchat.Hub.Configuration;

/// <summary>
/// Finds a port another program holds before anything starts, so the hub says so in one line and has
/// not touched its store. (The server's own bind failure stays the last word if the port is taken in
/// between.)
/// </summary>
internal static class PortCheck
{
    public static void RefuseTakenPorts(IConfiguration configuration)
    {
        foreach (var url in (configuration["urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                continue; // The server names a malformed address itself.
            }

            if (address.Port == 0 || address.IsUnixPipe)
            {
                continue;
            }

            var ip = address.Host is "localhost" ? IPAddress.Loopback
                : IPAddress.TryParse(address.Host.Trim('[', ']'), out var parsed) ? parsed
                : IPAddress.Any;
            using var probe = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            // As the server binds: a port left in TIME_WAIT by a stopped hub is free; one that is listened on is not.
            probe.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            try
            {
                probe.Bind(new IPEndPoint(ip, address.Port));
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new HubConfigurationException(
                    $"{url} cannot be listened on: address already in use (another program, or another hub, holds port {address.Port}). Stop it, or choose another address with --urls or ASPNETCORE_URLS.");
            }
        }
    }
}

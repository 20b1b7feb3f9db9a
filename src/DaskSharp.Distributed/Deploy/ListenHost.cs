using System.Net;
using System.Net.Sockets;
using DaskSharp.Distributed.Cluster;

namespace DaskSharp.Distributed.Deploy;

/// <summary>The address a rank's scheduler or worker listens on: the <c>--interface</c>'s, else what the routing table picks.</summary>
internal static class ListenHost
{
    /// <summary>The scheduler's: the interface's address, else the one that routes off this host (Dask's <c>get_ip</c>), else loopback.</summary>
    public static string ForScheduler(string? networkInterface) =>
        networkInterface is not null ? InterfaceAddress.Of(networkInterface) : RouteTo("10.255.255.255", 1) ?? "127.0.0.1";

    /// <summary>A worker's: the interface's address, else loopback for a loopback scheduler, else the address that routes to it.</summary>
    public static string ForWorker(string? networkInterface, string schedulerAddress)
    {
        if (networkInterface is not null)
        {
            return InterfaceAddress.Of(networkInterface);
        }

        Comm.Address parsed = Comm.Address.Parse(schedulerAddress);
        if (parsed.Host is "localhost" || (IPAddress.TryParse(parsed.Host, out IPAddress? ip) && IPAddress.IsLoopback(ip)))
        {
            return "127.0.0.1";
        }

        return RouteTo(parsed.Host, parsed.Port) ?? "127.0.0.1";
    }

    // Connecting a UDP socket sends nothing: it only asks the kernel which local address routes there.
    private static string? RouteTo(string host, int port)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(host, port);
            return ((IPEndPoint)probe.LocalEndPoint!).Address.ToString();
        }
        catch (SocketException)
        {
            return null;
        }
    }
}

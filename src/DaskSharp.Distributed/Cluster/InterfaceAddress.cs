using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace DaskSharp.Distributed.Cluster;

/// <summary>
/// The IPv4 address of a named network interface, as Dask's <c>--interface ib0</c> binds to it:
/// HPC nodes have several interfaces and only one of them (InfiniBand, say) is the fast one the
/// workers should use. Used by <c>dask worker/scheduler/mpi --interface</c> and SLURMCluster.
/// </summary>
public static class InterfaceAddress
{
    /// <summary>The first IPv4 address of <paramref name="name"/> (for example "lo" → 127.0.0.1).</summary>
    /// <exception cref="ArgumentException">No interface has that name, or it has no IPv4 address; the message lists the interfaces there are.</exception>
    public static string Of(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        NetworkInterface[] all = NetworkInterface.GetAllNetworkInterfaces();
        NetworkInterface? nic = all.FirstOrDefault(n => n.Name == name);
        if (nic is null)
            throw new ArgumentException($"There is no network interface '{name}' on {Environment.MachineName}; it has: {string.Join(", ", all.Select(n => n.Name))}.", nameof(name));
        var v4 = nic.GetIPProperties().UnicastAddresses.FirstOrDefault(a => a.Address.AddressFamily == AddressFamily.InterNetwork);
        return v4?.Address.ToString()
            ?? throw new ArgumentException($"The network interface '{name}' on {Environment.MachineName} has no IPv4 address.", nameof(name));
    }
}

using System.Collections.Concurrent;

namespace DaskSharp.Distributed.Comm;

/// <summary>
/// Request/reply comms to peers (distributed's <c>ConnectionPool</c>): idle comms are reused per
/// address; one request at a time per comm.
/// </summary>
internal sealed class ConnectionPool(string? secret, TlsOptions? tls = null) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<IComm>> _idle = new(StringComparer.Ordinal);

    /// <summary>Sends <paramref name="request"/> to <paramref name="address"/> and returns the reply.</summary>
    /// <exception cref="IOException">when the peer cannot be reached or closes without replying.</exception>
    public async Task<Message> RequestAsync(string address, Message request, CancellationToken cancellationToken = default)
    {
        IComm comm = _idle.GetOrAdd(address, _ => []).TryTake(out IComm? idle)
            ? idle
            : await Comms.ConnectAsync(address, secret, cancellationToken, tls).ConfigureAwait(false);
        try
        {
            await comm.SendAsync(request, cancellationToken).ConfigureAwait(false);
            Message reply = await comm.ReceiveAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException($"{address} closed the connection before replying to {request.Op}.");
            _idle[address].Add(comm);
            return reply;
        }
        catch
        {
            await comm.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Closes the idle comms to <paramref name="address"/> (it is gone).</summary>
    public async Task ForgetAsync(string address)
    {
        if (_idle.TryRemove(address, out ConcurrentBag<IComm>? comms))
        {
            foreach (IComm c in comms)
            {
                await c.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (string address in _idle.Keys.ToList())
        {
            await ForgetAsync(address).ConfigureAwait(false);
        }
    }
}

namespace AssetForge.Core.Tests.Caching.Remote;

using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

/// <summary>How <see cref="FakeRemoteServer"/> misbehaves.</summary>
public enum FakeRemoteBehaviour
{
    /// <summary>Every request gets 500 Internal Server Error.</summary>
    ServerError,

    /// <summary>GET /ac returns a well-formed record naming a blob; GET /cas returns other bytes (wrong hash).</summary>
    WrongBlob,

    /// <summary>GET /ac returns random bytes.</summary>
    GarbageRecord,

    /// <summary>Accepts connections and never answers.</summary>
    Hang,
}

/// <summary>A deliberately broken HTTP cache on 127.0.0.1 (raw sockets, HTTP/1.1, one request per connection).</summary>
public sealed class FakeRemoteServer : IDisposable
{
    private readonly TcpListener _listener;
    private readonly FakeRemoteBehaviour _behaviour;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = [];
    private int _requests;

    /// <summary>Starts a server that behaves as <paramref name="behaviour"/>.</summary>
    public FakeRemoteServer(FakeRemoteBehaviour behaviour)
    {
        _behaviour = behaviour;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptLoopAsync();
    }

    /// <summary>The base URL.</summary>
    public Uri Url { get; }

    /// <summary>How many requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            foreach (var client in _held)
            {
                client.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var (method, path) = await ReadRequestAsync(stream);
            Interlocked.Increment(ref _requests);
            if (_behaviour == FakeRemoteBehaviour.Hang)
            {
                lock (_held)
                {
                    _held.Add(client);
                }

                return;
            }

            var (status, body) = Answer(method, path);
            var head = $"HTTP/1.1 {status}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
            if (method != "HEAD")
            {
                await stream.WriteAsync(body, _stop.Token);
            }

            client.Dispose();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            client.Dispose();
        }
    }

    private (string Status, byte[] Body) Answer(string method, string path)
    {
        if (_behaviour == FakeRemoteBehaviour.ServerError)
        {
            return ("500 Internal Server Error", "boom"u8.ToArray());
        }

        if (method != "GET")
        {
            return ("200 OK", []);
        }

        var name = path[(path.LastIndexOf('/') + 1)..];
        if (path.Contains("/ac/", StringComparison.Ordinal))
        {
            if (_behaviour == FakeRemoteBehaviour.GarbageRecord)
            {
                return ("200 OK", RandomNumberGenerator.GetBytes(300));
            }

            // A well-formed record naming the hash of "promised", whose blob will not match.
            var promised = Convert.ToHexStringLower(SHA256.HashData("promised"u8));
            var record = $$"""
                {"schema":1,"key":"{{name}}","outputs":[{"name":"image","sha256":"{{promised}}","size":8}],"producer":{"backend":"x","scheduler":"x","execution_provider":"cpu","precision":"fp32","machine":"evil","host_version":"0","contract_version":"1.0"},"created_utc":"2024-01-01T00:00:00+00:00"}
                """;
            return ("200 OK", Encoding.UTF8.GetBytes(record));
        }

        return ("200 OK", "tampered"u8.ToArray());
    }

    private async Task<(string Method, string Path)> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(buffer))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                throw new IOException("closed");
            }

            buffer.Add(one[0]);
        }

        var head = Encoding.ASCII.GetString([.. buffer]);
        var lines = head.Split("\r\n");
        var parts = lines[0].Split(' ');
        long length = 0;
        foreach (var line in lines)
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var body = new byte[8192];
        while (length > 0)
        {
            var read = await stream.ReadAsync(body.AsMemory(0, (int)Math.Min(body.Length, length)), _stop.Token);
            if (read == 0)
            {
                break;
            }

            length -= read;
        }

        return (parts[0], parts.Length > 1 ? parts[1] : "/");
    }

    private static bool EndsWithBlankLine(List<byte> buffer) =>
        buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n';
}

namespace AssetForge.Core.Tests.Caching.Remote;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// A real nginx on 127.0.0.1 with WebDAV PUT, standing for a team's shared Bazel HTTP cache: its
/// own prefix, config and document root in a temporary folder, on a free port. Tests that need it
/// are ignored (with the reason) only where no nginx binary is installed; CI installs one.
/// </summary>
public sealed class NginxServer : IDisposable
{
    private readonly Process _process;

    private NginxServer(Process process, string prefix, int port)
    {
        _process = process;
        Prefix = prefix;
        Url = new Uri($"http://127.0.0.1:{port}/cache/");
    }

    /// <summary>The cache's base URL.</summary>
    public Uri Url { get; }

    /// <summary>The server's temporary folder (config, logs, document root under <c>root/</c>).</summary>
    public string Prefix { get; }

    /// <summary>Where PUT files land.</summary>
    public string Root => Path.Combine(Prefix, "root");

    /// <summary>The nginx binary, or null.</summary>
    public static string? FindBinary()
    {
        foreach (var candidate in new[] { "/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx", "/usr/bin/nginx" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts nginx, or ignores the test when there is none.</summary>
    public static NginxServer StartOrIgnore()
    {
        if (FindBinary() is not { } binary)
        {
            Assert.Ignore("nginx is not installed (apt-get install nginx-light); .ci/run installs it, so CI runs this test.");
            throw new InvalidOperationException();
        }

        var prefix = Path.Combine(Path.GetTempPath(), "assetforge-nginx", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(prefix, "root", "cache"));
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        var port = FreePort();

        // Workers run as the master's user; as root, nginx would otherwise switch them to nobody, who cannot write here.
        var user = Environment.UserName == "root" ? "user root;" : string.Empty;
        var config = $$"""
            {{user}}
            worker_processes 1;
            daemon off;
            master_process on;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/logs/error.log warn;
            events { worker_connections 256; }
            http {
                access_log {{prefix}}/logs/access.log;
                client_body_temp_path {{prefix}}/temp/body;
                proxy_temp_path {{prefix}}/temp/proxy;
                fastcgi_temp_path {{prefix}}/temp/fastcgi;
                uwsgi_temp_path {{prefix}}/temp/uwsgi;
                scgi_temp_path {{prefix}}/temp/scgi;
                client_max_body_size 256m;
                server {
                    listen 127.0.0.1:{{port}};
                    root {{prefix}}/root;
                    location /cache/ {
                        dav_methods PUT;
                        create_full_put_path on;
                        dav_access user:rw group:r all:r;
                    }
                }
            }
            """;
        var configPath = Path.Combine(prefix, "nginx.conf");
        File.WriteAllText(configPath, config);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-p", prefix + "/", "-c", configPath, "-e", Path.Combine(prefix, "logs", "startup.log") })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) TestContext.Progress.WriteLine("nginx: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NginxServer(process, prefix, port);
        server.WaitUntilListening();
        return server;
    }

    /// <summary>Stops nginx and deletes its folder.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Prefix, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The files the cache holds under <c>ac/</c> or <c>cas/</c>.</summary>
    public string[] Files(string kind)
    {
        var folder = Path.Combine(Root, "cache", kind);
        return Directory.Exists(folder) ? Directory.GetFiles(folder) : [];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                var log = Path.Combine(Prefix, "logs", "error.log");
                Assert.Fail($"nginx exited with {_process.ExitCode}: {(File.Exists(log) ? File.ReadAllText(log) : "(no log)")}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Url.Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        Assert.Fail("nginx did not start listening within 15 s");
    }
}

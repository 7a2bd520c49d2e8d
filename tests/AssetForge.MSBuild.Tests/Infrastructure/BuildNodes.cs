namespace AssetForge.MSBuild.Tests.Infrastructure;

using System.Diagnostics;

/// <summary>
/// The MSBuild worker nodes the tests' builds left running (node reuse), found through /proc by
/// the package folder only these builds use. Linux only; elsewhere none are found.
/// </summary>
public static class BuildNodes
{
    /// <summary>Process ids of live MSBuild nodes that loaded a file from <paramref name="packagesDirectory"/> (the task, from the test package).</summary>
    /// <remarks>A build may reuse a node some other build started; what counts is which task it ran.</remarks>
    public static IReadOnlyList<int> FindRunningTaskFrom(string packagesDirectory)
    {
        var found = new List<int>();
        foreach (var pid in Nodes(_ => true))
        {
            try
            {
                if (File.ReadAllText($"/proc/{pid}/maps").Contains(packagesDirectory, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Process ids of live MSBuild nodes the tests' builds started (NUGET_PACKAGES is <paramref name="packagesDirectory"/>).</summary>
    public static IReadOnlyList<int> FindStartedWith(string packagesDirectory)
    {
        var marker = $"NUGET_PACKAGES={packagesDirectory}\0";
        return Nodes(directory => File.ReadAllText(Path.Combine(directory, "environ")).Contains(marker, StringComparison.Ordinal));
    }

    private static List<int> Nodes(Func<string, bool> filter)
    {
        var found = new List<int>();
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc"))
        {
            return found;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (commandLine.Contains("/nodemode:", StringComparison.Ordinal) &&
                    filter(directory))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited meanwhile, or not ours to read.
            }
        }

        return found;
    }

    /// <summary>The files <paramref name="pid"/> has mapped (its loaded assemblies and native libraries).</summary>
    public static IReadOnlyList<string> MappedFiles(int pid)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{pid}/maps"))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                files.Add(line[slash..]);
            }
        }

        return [.. files];
    }

    /// <summary>Stops the nodes the tests started (by id; nothing else).</summary>
    public static void Stop(string packagesDirectory)
    {
        foreach (var pid in FindStartedWith(packagesDirectory))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }
}

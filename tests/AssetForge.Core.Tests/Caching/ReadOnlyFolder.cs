namespace AssetForge.Core.Tests.Caching;

using System.Diagnostics;

/// <summary>
/// Makes a folder really read-only for the current process, root included: a read-only bind
/// mount of the folder onto itself (EROFS, as on a read-only volume), or where mounting is not
/// allowed, the immutable attribute (<c>chattr +i</c>, EPERM). chmod is not enough: root ignores it.
/// Undone on dispose.
/// </summary>
internal sealed class ReadOnlyFolder : IDisposable
{
    private readonly string _path;
    private readonly bool _mounted;

    private ReadOnlyFolder(string path, bool mounted)
    {
        _path = path;
        _mounted = mounted;
    }

    /// <summary>Makes <paramref name="path"/> read-only, or ignores the test where this machine cannot.</summary>
    public static ReadOnlyFolder Make(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("read-only folders are made with Linux bind mounts or chattr");
        }

        if (Run("mount", "--bind", path, path) && Run("mount", "-o", "remount,bind,ro", path))
        {
            return new ReadOnlyFolder(path, mounted: true);
        }

        Run("umount", path);
        if (Run("chattr", "+i", path))
        {
            return new ReadOnlyFolder(path, mounted: false);
        }

        Assert.Ignore("cannot make a read-only folder here: neither 'mount --bind' (needs CAP_SYS_ADMIN) nor 'chattr +i' (needs CAP_LINUX_IMMUTABLE) is allowed");
        return null!;
    }

    public void Dispose()
    {
        if (_mounted)
        {
            Run("umount", _path);
        }
        else
        {
            Run("chattr", "-i", _path);
        }
    }

    private static bool Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

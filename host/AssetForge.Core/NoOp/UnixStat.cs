namespace AssetForge.Core.NoOp;

using System.Runtime.InteropServices;
using System.Text;

/// <summary>
/// statx(2) through libc: .NET's file APIs give neither the change time nor the inode, and those
/// are what make a stat-based no-op safe against edits that keep size and modification time.
/// statx has one struct layout on every Linux architecture, so no per-ABI <c>struct stat</c>.
/// </summary>
internal static class UnixStat
{
    private const int AtCurrentDirectory = -100;
    private const uint BasicStats = 0x7ff;
    private const int NoEntry = 2;
    private const int NotDirectory = 20;
    private const ushort TypeMask = 0xF000;
    private const ushort DirectoryType = 0x4000;

    /// <summary>Whether statx can be called here (Linux with a libc that has it); probed once.</summary>
    public static bool IsAvailable { get; } = Probe();

    public static FileStamp Of(string path)
    {
        // A NUL-terminated UTF-8 path on the stack: no marshalling stub, no allocation for usual paths.
        var length = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        Span<byte> buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(path, buffer);
        buffer[written] = 0;
        if (Statx(AtCurrentDirectory, ref MemoryMarshal.GetReference(buffer), 0, BasicStats, out var result) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is NoEntry or NotDirectory ? FileStamp.Missing : new FileStamp(FileStampKind.Unknown, 0, 0, 0, 0);
        }

        var kind = (result.Mode & TypeMask) == DirectoryType ? FileStampKind.Directory : FileStampKind.File;
        return new FileStamp(kind, (long)result.Size, result.Modified.Nanoseconds, result.Changed.Nanoseconds, (long)result.Inode);
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            Span<byte> root = [(byte)'/', 0];
            return Statx(AtCurrentDirectory, ref MemoryMarshal.GetReference(root), 0, BasicStats, out _) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, ref byte path, int flags, uint mask, out StatxBuffer result);

    [StructLayout(LayoutKind.Sequential)]
    private struct StatxTime
    {
        public long Seconds;
        public uint Nanos;
        public int Reserved;

        public readonly long Nanoseconds => (Seconds * 1_000_000_000) + Nanos;
    }

    // struct statx (linux/stat.h): 256 bytes, the same on every architecture.
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint Links;
        public uint User;
        public uint Group;
        public ushort Mode;
        public ushort Padding;
        public ulong Inode;
        public ulong Size;
        public ulong Blocks;
        public ulong AttributesMask;
        public StatxTime Accessed;
        public StatxTime Born;
        public StatxTime Changed;
        public StatxTime Modified;
    }
}

namespace AssetForge.Core.NoOp;

using System.Text;
using AssetForge.Core.Build;
using AssetForge.Core.Caching;

/// <summary>
/// <c>.assetforge/noop.state</c>: a <see cref="NoOpState"/> in a small binary form (read on every
/// no-op, so no JSON parser, no reflection), written by temp file and atomic rename. A file that
/// is missing, of another format version or damaged reads as no state: the full build decides.
/// </summary>
public static class NoOpStateFile
{
    /// <summary>The state's file name in the project's <c>.assetforge</c> folder.</summary>
    public const string FileName = "noop.state";

    /// <summary>Touched when a build starts: its time is the file system's "now" for the racy check.</summary>
    public const string StartMarkerName = "noop.start";

    private const uint Magic = 0x504F4E41; // "ANOP"
    private const int FormatVersion = 2;

    /// <summary>The state file of a project.</summary>
    public static string PathFor(string projectDirectory) =>
        Path.Combine(projectDirectory, BuildState.DirectoryName, FileName);

    /// <summary>The start marker of a project.</summary>
    public static string StartMarkerFor(string projectDirectory) =>
        Path.Combine(projectDirectory, BuildState.DirectoryName, StartMarkerName);

    /// <summary>Reads a project's state; null when there is none or it cannot be read.</summary>
    public static NoOpState? TryRead(string projectDirectory)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(PathFor(projectDirectory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            if (reader.ReadUInt32() != Magic || reader.ReadInt32() != FormatVersion)
            {
                return null;
            }

            var tool = reader.ReadString();
            var environment = reader.ReadString();
            var specList = reader.ReadBoolean() ? reader.ReadString() : null;
            var configPath = reader.ReadBoolean() ? reader.ReadString() : null;
            var layout = new NoOpProjectLayout(configPath, reader.ReadString(), ReadStrings(reader), ReadStrings(reader));
            var inputs = new StampedPath[reader.ReadInt32()];
            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = new StampedPath(reader.ReadString(), ReadStamp(reader));
            }

            var listings = new ListedDirectory[reader.ReadInt32()];
            for (var i = 0; i < listings.Length; i++)
            {
                listings[i] = new ListedDirectory(reader.ReadString(), new DirectoryListing(reader.ReadBoolean(), reader.ReadInt32(), reader.ReadUInt64()));
            }

            var targets = new NoOpTarget[reader.ReadInt32()];
            for (var i = 0; i < targets.Length; i++)
            {
                targets[i] = new NoOpTarget(reader.ReadString(), reader.ReadString(), ReadStamp(reader));
            }

            return reader.BaseStream.Position == bytes.Length ? new NoOpState(tool, environment, specList, layout, inputs, listings, targets) : null;
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Writes a project's state atomically.</summary>
    public static void Write(string projectDirectory, NoOpState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var memory = new MemoryStream();
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(state.Tool);
            writer.Write(state.Environment);
            writer.Write(state.SpecList is not null);
            if (state.SpecList is not null)
            {
                writer.Write(state.SpecList);
            }

            writer.Write(state.Layout.ConfigPath is not null);
            if (state.Layout.ConfigPath is not null)
            {
                writer.Write(state.Layout.ConfigPath);
            }

            writer.Write(state.Layout.OutputDirectory);
            WriteStrings(writer, state.Layout.PluginDirectories);
            WriteStrings(writer, state.Layout.ModelDirectories);

            writer.Write(state.Inputs.Count);
            foreach (var input in state.Inputs)
            {
                writer.Write(input.Path);
                WriteStamp(writer, input.Stamp);
            }

            writer.Write(state.Listings.Count);
            foreach (var listed in state.Listings)
            {
                writer.Write(listed.Path);
                writer.Write(listed.Listing.Exists);
                writer.Write(listed.Listing.Count);
                writer.Write(listed.Listing.Hash);
            }

            writer.Write(state.Targets.Count);
            foreach (var target in state.Targets)
            {
                writer.Write(target.Id);
                writer.Write(target.OutputPath);
                WriteStamp(writer, target.Output);
            }
        }

        AtomicFile.Write(PathFor(projectDirectory), memory.GetBuffer().AsSpan(0, (int)memory.Length));
    }

    /// <summary>Removes a project's state (a build that cannot vouch for its result).</summary>
    public static void Delete(string projectDirectory) => AtomicFile.TryDelete(PathFor(projectDirectory));

    private static string[] ReadStrings(BinaryReader reader)
    {
        var strings = new string[reader.ReadInt32()];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = reader.ReadString();
        }

        return strings;
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> strings)
    {
        writer.Write(strings.Count);
        foreach (var value in strings)
        {
            writer.Write(value);
        }
    }

    private static FileStamp ReadStamp(BinaryReader reader)
    {
        var kind = (FileStampKind)reader.ReadByte();
        return new FileStamp(kind, reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
    }

    private static void WriteStamp(BinaryWriter writer, FileStamp stamp)
    {
        writer.Write((byte)stamp.Kind);
        writer.Write(stamp.Size);
        writer.Write(stamp.ModifiedNs);
        writer.Write(stamp.ChangedNs);
        writer.Write(stamp.Inode);
    }
}

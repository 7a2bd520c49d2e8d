using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace AssetForge.Onnx.Tests.Text;

/// <summary>
/// A Stable Diffusion style tokenizer/ folder in a temp directory, built from the real CLIP merges
/// in ../shared/data/clip (see its README): 48894 merges; vocab = the 256 byte characters, the
/// same with &lt;/w&gt;, one entry per merge joined, then &lt;|startoftext|&gt; and &lt;|endoftext|&gt;.
/// </summary>
internal sealed class ClipTokenizerFolder : IDisposable
{
    private const int MergeCount = 49152 - 256 - 2;

    private ClipTokenizerFolder(string path) => Path = path;

    /// <summary>The folder holding vocab.json, merges.txt and any config written.</summary>
    public string Path { get; }

    /// <summary>The repository root, from the test assembly's metadata.</summary>
    public static string RepoRoot => typeof(ClipTokenizerFolder).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>Writes vocab.json and merges.txt (SD 1.x: no config, so padding is &lt;|endoftext|&gt;).</summary>
    public static ClipTokenizerFolder Create()
    {
        string mergesGz = System.IO.Path.Combine(RepoRoot, "..", "shared", "data", "clip", "bpe_simple_vocab_16e6.txt.gz");
        if (!File.Exists(mergesGz))
        {
            Assert.Fail($"The CLIP merges are missing: {mergesGz} (shared/ must sit beside the repository).");
        }

        string[] merges = ReadMerges(mergesGz);
        string path = NewPath();
        Directory.CreateDirectory(path);

        var vocab = new List<string>(49408);
        for (int b = 0; b < 256; b++)
        {
            vocab.Add(ByteChar(b));
        }

        for (int i = 0; i < 256; i++)
        {
            vocab.Add(vocab[i] + "</w>");
        }

        foreach (string merge in merges)
        {
            vocab.Add(merge.Replace(" ", string.Empty, StringComparison.Ordinal));
        }

        vocab.Add("<|startoftext|>");
        vocab.Add("<|endoftext|>");

        using (FileStream stream = File.Create(System.IO.Path.Combine(path, "vocab.json")))
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            for (int id = 0; id < vocab.Count; id++)
            {
                writer.WriteNumber(vocab[id], id);
            }

            writer.WriteEndObject();
        }

        File.WriteAllText(
            System.IO.Path.Combine(path, "merges.txt"),
            "#version: 0.2\n" + string.Join('\n', merges) + "\n",
            new UTF8Encoding(false));
        return new ClipTokenizerFolder(path);
    }

    /// <summary>A new folder with this one's files (cheaper than <see cref="Create"/> for a test that changes them).</summary>
    public ClipTokenizerFolder Copy()
    {
        string path = NewPath();
        Directory.CreateDirectory(path);
        foreach (string file in Directory.GetFiles(Path))
        {
            File.Copy(file, System.IO.Path.Combine(path, System.IO.Path.GetFileName(file)));
        }

        return new ClipTokenizerFolder(path);
    }

    /// <summary>Writes a file into the folder (a config, or a broken file to test errors).</summary>
    public void Write(string name, string content) =>
        File.WriteAllText(System.IO.Path.Combine(Path, name), content, new UTF8Encoding(false));

    public void Dispose() => Directory.Delete(Path, recursive: true);

    private static string NewPath() =>
        System.IO.Path.Combine(System.IO.Path.GetTempPath(), "assetforge-clip-" + Guid.NewGuid().ToString("N"));

    private static string[] ReadMerges(string mergesGz)
    {
        using var gzip = new GZipStream(File.OpenRead(mergesGz), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        reader.ReadLine(); // the "#version" header
        var merges = new string[MergeCount];
        for (int i = 0; i < MergeCount; i++)
        {
            merges[i] = reader.ReadLine() ?? throw new InvalidDataException("The CLIP merges file is too short.");
        }

        return merges;
    }

    // The i-th vocabulary entry: printable bytes in byte order, then the 68 others mapped to U+0100 onwards.
    private static string ByteChar(int index)
    {
        var printable = new List<int>();
        for (int b = 0; b < 256; b++)
        {
            if (b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE)
            {
                printable.Add(b);
            }
        }

        if (index < printable.Count)
        {
            return ((char)printable[index]).ToString();
        }

        return ((char)(256 + index - printable.Count)).ToString();
    }
}

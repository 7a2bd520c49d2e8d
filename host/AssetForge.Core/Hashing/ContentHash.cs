namespace AssetForge.Core.Hashing;

using System.Buffers;
using System.Security.Cryptography;

/// <summary>SHA-256 content hashes as lower-case hex, the one hash every key and blob name uses.</summary>
public static class ContentHash
{
    /// <summary>Characters in a hex SHA-256.</summary>
    public const int HexLength = 64;

    private const int BufferSize = 1 << 20;

    /// <summary>The hash of <paramref name="data"/>.</summary>
    public static string Of(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Hashes a file, returning its hash and length.</summary>
    public static async Task<(string Sha256, long Length)> OfFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return await OfStreamAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hashes a stream from its current position to its end.</summary>
    public static async Task<(string Sha256, long Length)> OfStreamAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                length += read;
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether <paramref name="text"/> is a lower-case hex SHA-256 (safe as a file name).</summary>
    public static bool IsValid(string? text)
    {
        if (text is null || text.Length != HexLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

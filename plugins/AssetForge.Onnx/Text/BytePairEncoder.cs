using System.Buffers;
using System.Runtime.InteropServices;

namespace AssetForge.Onnx.Text;

/// <summary>
/// Byte-level BPE over token ids: a word's UTF-8 bytes start as one symbol each (the last one with
/// the end-of-word suffix), then the adjacent pair with the lowest merge rank is merged everywhere
/// in the word, left to right, until no adjacent pair has a merge. Immutable once built, so one
/// instance can serve any number of threads.
/// </summary>
internal sealed class BytePairEncoder
{
    // Words longer than this use a pooled buffer instead of the stack.
    private const int StackLimit = 256;

    private readonly int[] _byteIds;
    private readonly int[] _lastByteIds;
    private readonly Dictionary<long, Merge> _merges;

    /// <param name="byteIds">The id of each byte's symbol inside a word.</param>
    /// <param name="lastByteIds">The id of each byte's symbol at the end of a word (with <c>&lt;/w&gt;</c>).</param>
    /// <param name="merges">Merges by <see cref="PairKey"/> of the two ids they join, best from <see cref="CreateMergeTable"/>.</param>
    public BytePairEncoder(int[] byteIds, int[] lastByteIds, Dictionary<long, Merge> merges)
    {
        if (byteIds.Length != 256 || lastByteIds.Length != 256)
        {
            throw new ArgumentException("One id per byte value is needed.");
        }

        _byteIds = byteIds;
        _lastByteIds = lastByteIds;
        _merges = merges;
    }

    /// <summary>A merge table keyed by <see cref="PairKey"/>, with a hash that suits those keys.</summary>
    public static Dictionary<long, Merge> CreateMergeTable() => new(PairKeyComparer.Instance);

    /// <summary>The dictionary key of the pair (<paramref name="left"/>, <paramref name="right"/>).</summary>
    public static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    /// <summary>The ids of the word whose UTF-8 bytes are <paramref name="word"/>.</summary>
    public int[] EncodeWord(ReadOnlySpan<byte> word)
    {
        if (word.IsEmpty)
        {
            return [];
        }

        int[]? rented = null;
        Span<int> symbols = word.Length <= StackLimit
            ? stackalloc int[StackLimit]
            : (rented = ArrayPool<int>.Shared.Rent(word.Length));
        try
        {
            int count = Encode(word, symbols);
            return symbols[..count].ToArray();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    private int Encode(ReadOnlySpan<byte> word, Span<int> symbols)
    {
        int count = word.Length;
        for (int i = 0; i < count - 1; i++)
        {
            symbols[i] = _byteIds[word[i]];
        }

        symbols[count - 1] = _lastByteIds[word[count - 1]];

        // Words are short (a few symbols), so rescanning all pairs per merge beats keeping a heap.
        while (count > 1)
        {
            int bestRank = int.MaxValue;
            Merge best = default;
            for (int i = 0; i < count - 1; i++)
            {
                if (_merges.TryGetValue(PairKey(symbols[i], symbols[i + 1]), out Merge merge) && merge.Rank < bestRank)
                {
                    bestRank = merge.Rank;
                    best = merge;
                }
            }

            if (bestRank == int.MaxValue)
            {
                break;
            }

            int written = 0;
            int read = 0;
            while (read < count)
            {
                if (read < count - 1 && symbols[read] == best.Left && symbols[read + 1] == best.Right)
                {
                    symbols[written++] = best.Result;
                    read += 2;
                }
                else
                {
                    symbols[written++] = symbols[read++];
                }
            }

            count = written;
        }

        return count;
    }

    // long's own hash is low ^ high, which for two small ids collides all the time (every pair with
    // the same XOR lands in one bucket); a multiplicative mix spreads them.
    private sealed class PairKeyComparer : IEqualityComparer<long>
    {
        public static readonly PairKeyComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long obj) => (int)(((ulong)obj * 0x9E3779B97F4A7C15UL) >> 32);
    }

    /// <summary>One line of merges.txt, as ids.</summary>
    /// <param name="Rank">The line's position: lower merges first.</param>
    /// <param name="Left">The id of the left part.</param>
    /// <param name="Right">The id of the right part.</param>
    /// <param name="Result">The id of the joined token.</param>
    [StructLayout(LayoutKind.Auto)]
    public readonly record struct Merge(int Rank, int Left, int Right, int Result);
}

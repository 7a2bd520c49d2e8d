namespace AssetForge.Core.Randomness;

using System.Runtime.CompilerServices;

/// <summary>
/// The 32-bit Mersenne Twister (Matsumoto and Nishimura, 1998), the engine under both PyTorch's
/// CPU generator and NumPy's legacy <c>RandomState</c>. Both seed it the reference way
/// (<c>init_genrand</c>, or <c>init_by_array</c> for NumPy array seeds), so one engine serves both.
/// </summary>
internal sealed class MersenneTwister19937
{
    private const int StateLength = 624;
    private const int ShiftSize = 397;
    private const uint MatrixA = 0x9908B0DF;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7FFFFFFF;

    private readonly uint[] _state = new uint[StateLength];

    // StateLength means "twist before the next output", which is where a freshly seeded engine is.
    private int _index = StateLength;

    private MersenneTwister19937()
    {
    }

    /// <summary>Seeds like the reference <c>init_genrand</c> (what torch and NumPy do for an integer seed).</summary>
    public static MersenneTwister19937 FromSeed(uint seed)
    {
        var engine = new MersenneTwister19937();
        engine.InitGenRand(seed);
        return engine;
    }

    /// <summary>Seeds like the reference <c>init_by_array</c> (what NumPy does for an array seed).</summary>
    public static MersenneTwister19937 FromKey(ReadOnlySpan<uint> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("The key must not be empty.", nameof(key));
        }

        var engine = new MersenneTwister19937();
        engine.InitGenRand(19650218u);
        uint[] mt = engine._state;
        int i = 1;
        int j = 0;
        for (int k = Math.Max(StateLength, key.Length); k > 0; k--)
        {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j;
            i++;
            j++;
            if (i >= StateLength)
            {
                mt[0] = mt[StateLength - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (int k = StateLength - 1; k > 0; k--)
        {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint)i;
            i++;
            if (i >= StateLength)
            {
                mt[0] = mt[StateLength - 1];
                i = 1;
            }
        }

        mt[0] = 0x80000000u;
        return engine;
    }

    /// <summary>The next tempered 32-bit output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32()
    {
        if ((uint)_index >= StateLength)
        {
            Twist();
        }

        uint y = _state[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    private void InitGenRand(uint seed)
    {
        uint[] mt = _state;
        mt[0] = seed;
        for (int j = 1; j < StateLength; j++)
        {
            mt[j] = (1812433253u * (mt[j - 1] ^ (mt[j - 1] >> 30))) + (uint)j;
        }

        _index = StateLength;
    }

    private void Twist()
    {
        Span<uint> mt = _state;
        int k = 0;
        for (; k < StateLength - ShiftSize; k++)
        {
            uint y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + ShiftSize] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
        }

        for (; k < StateLength - 1; k++)
        {
            uint y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + ShiftSize - StateLength] ^ (y >> 1) ^ ((y & 1u) * MatrixA);
        }

        uint last = (mt[StateLength - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[StateLength - 1] = mt[ShiftSize - 1] ^ (last >> 1) ^ ((last & 1u) * MatrixA);
        _index = 0;
    }
}

namespace AssetForge.Schedulers.DpmSolverSde;

/// <summary>
/// numpy's <c>np.random.SeedSequence(entropy, spawn_key, pool_size).generate_state(n)</c> (uint32
/// words): the entropy and spawn key split into 32-bit words, hashed into a pool, and the pool
/// hashed out again. torchsde derives every seed of its Brownian tree this way.
/// </summary>
internal static class NumPySeedSequence
{
    private const uint InitA = 0x43b0d7e5;
    private const uint MultA = 0x931e8875;
    private const uint InitB = 0x8b51f9dd;
    private const uint MultB = 0x58f38ded;
    private const uint MixMultL = 0xca01f9dd;
    private const uint MixMultR = 0x4973f715;
    private const int XShift = 16;

    /// <summary>Fills <paramref name="state"/> with the first words numpy would generate.</summary>
    public static void GenerateState(ulong entropy, ReadOnlySpan<ulong> spawnKey, int poolSize, Span<uint> state)
    {
        Span<uint> words = stackalloc uint[poolSize + (2 * spawnKey.Length) + 2];
        var count = AppendWords(entropy, words);
        if (!spawnKey.IsEmpty && count < poolSize)
        {
            // numpy pads the run entropy to the pool size when there is a spawn key.
            words[count..poolSize].Clear();
            count = poolSize;
        }

        foreach (var key in spawnKey)
        {
            count += AppendWords(key, words[count..]);
        }

        var assembled = words[..count];
        Span<uint> pool = stackalloc uint[poolSize];
        var hashConst = InitA;
        for (var i = 0; i < poolSize; i++)
        {
            pool[i] = HashMix(i < assembled.Length ? assembled[i] : 0, ref hashConst);
        }

        for (var source = 0; source < poolSize; source++)
        {
            for (var destination = 0; destination < poolSize; destination++)
            {
                if (source != destination)
                {
                    pool[destination] = Mix(pool[destination], HashMix(pool[source], ref hashConst));
                }
            }
        }

        for (var source = poolSize; source < assembled.Length; source++)
        {
            for (var destination = 0; destination < poolSize; destination++)
            {
                pool[destination] = Mix(pool[destination], HashMix(assembled[source], ref hashConst));
            }
        }

        var outConst = InitB;
        for (var i = 0; i < state.Length; i++)
        {
            var value = pool[i % poolSize] ^ outConst;
            outConst = unchecked(outConst * MultB);
            value = unchecked(value * outConst);
            state[i] = value ^ (value >> XShift);
        }
    }

    // numpy writes a Python int as little-endian 32-bit words, zero as one word.
    private static int AppendWords(ulong value, Span<uint> destination)
    {
        destination[0] = (uint)value;
        if (value >> 32 == 0)
        {
            return 1;
        }

        destination[1] = (uint)(value >> 32);
        return 2;
    }

    private static uint HashMix(uint value, ref uint hashConst)
    {
        value ^= hashConst;
        hashConst = unchecked(hashConst * MultA);
        value = unchecked(value * hashConst);
        return value ^ (value >> XShift);
    }

    private static uint Mix(uint x, uint y)
    {
        var result = unchecked((MixMultL * x) - (MixMultR * y));
        return result ^ (result >> XShift);
    }
}

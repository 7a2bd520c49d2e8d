namespace AssetForge.Onnx.Imaging.PostSteps;

/// <summary>
/// The pixel work of <see cref="RemoveBackgroundStep"/> on an unpremultiplied RGBA buffer, in place:
/// flood fill from the border in Oklab, a soft edge ring with the background colour taken out,
/// optionally only the largest opaque region kept.
/// </summary>
/// <param name="Red">The background colour's red.</param>
/// <param name="Green">The background colour's green.</param>
/// <param name="Blue">The background colour's blue.</param>
/// <param name="Tolerance">Oklab distance (times 100) up to which a pixel counts as background.</param>
/// <param name="Edge">Width in pixels of the soft ring around the background region.</param>
/// <param name="KeepLargest">Keep only the largest 8-connected opaque region.</param>
internal sealed record BackgroundRemoval(byte Red, byte Green, byte Blue, int Tolerance, int Edge, bool KeepLargest)
{
    private static readonly (int X, int Y)[] Neighbours4 = [(1, 0), (-1, 0), (0, 1), (0, -1)];
    private static readonly (int X, int Y)[] Neighbours8 = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)];

    /// <summary>Applies the removal to <paramref name="pixels"/> (width × height RGBA, unpremultiplied).</summary>
    public void Apply(byte[] pixels, int width, int height, CancellationToken cancellationToken)
    {
        var count = width * height;
        var lab = Oklab.OfPixels(pixels);
        Span<float> key = stackalloc float[3];
        Oklab.FromSrgb(Red, Green, Blue, key);
        var limit = (float)Tolerance * Tolerance;

        // Background: 4-connected to the border through pixels close to the key (or already transparent).
        var background = new bool[count];
        var queue = new int[count];
        var tail = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (x == 0 || y == 0 || x == width - 1 || y == height - 1)
                {
                    var i = (y * width) + x;
                    if (!background[i] && IsBackgroundColoured(pixels, lab, i, key, limit))
                    {
                        background[i] = true;
                        queue[tail++] = i;
                    }
                }
            }
        }

        for (var head = 0; head < tail; head++)
        {
            if ((head & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            int i = queue[head], x = i % width, y = i / width;
            foreach (var (dx, dy) in Neighbours4)
            {
                int nx = x + dx, ny = y + dy;
                if (nx >= 0 && ny >= 0 && nx < width && ny < height)
                {
                    var j = (ny * width) + nx;
                    if (!background[j] && IsBackgroundColoured(pixels, lab, j, key, limit))
                    {
                        background[j] = true;
                        queue[tail++] = j;
                    }
                }
            }
        }

        SoftenEdge(pixels, lab, background, queue, tail, width, height, key);
        for (var i = 0; i < count; i++)
        {
            if (background[i])
            {
                // Transparent pixels carry no colour, so nothing of the background can bleed back in a later resize.
                pixels.AsSpan(i * 4, 4).Clear();
            }
        }

        if (KeepLargest)
        {
            cancellationToken.ThrowIfCancellationRequested();
            KeepLargestRegion(pixels, queue, width, height);
        }
    }

    private static bool IsBackgroundColoured(byte[] pixels, float[] lab, int i, ReadOnlySpan<float> key, float limit) =>
        pixels[(i * 4) + 3] == 0 || Oklab.DistanceSquared(lab.AsSpan(i * 3, 3), key) <= limit;

    // Ring by ring (8-connected) out from the background, starting from the flood fill's own queue.
    private void SoftenEdge(byte[] pixels, float[] lab, bool[] background, int[] queue, int tail, int width, int height, ReadOnlySpan<float> key)
    {
        if (Edge == 0 || tail == 0)
        {
            return;
        }

        var ring = new bool[background.Length];
        var order = new int[background.Length];
        var frontier = queue.AsSpan(0, tail);
        var ringCount = 0;
        for (var layer = 0; layer < Edge && frontier.Length > 0; layer++)
        {
            var start = ringCount;
            foreach (var i in frontier)
            {
                int x = i % width, y = i / width;
                foreach (var (dx, dy) in Neighbours8)
                {
                    int nx = x + dx, ny = y + dy;
                    if (nx >= 0 && ny >= 0 && nx < width && ny < height)
                    {
                        var j = (ny * width) + nx;
                        if (!background[j] && !ring[j])
                        {
                            ring[j] = true;
                            order[ringCount++] = j;
                        }
                    }
                }
            }

            frontier = order.AsSpan(start, ringCount - start);
        }

        // Coverage: how far the pixel is from the background, relative to the nearest solid subject
        // pixels (the most distinct within reach, outside the ring): an anti-aliased edge mixes exactly those two.
        var reach = Edge + 1;
        foreach (var i in order.AsSpan(0, ringCount))
        {
            int x = i % width, y = i / width;
            var solid = 0f;
            for (var ny = Math.Max(0, y - reach); ny <= Math.Min(height - 1, y + reach); ny++)
            {
                for (var nx = Math.Max(0, x - reach); nx <= Math.Min(width - 1, x + reach); nx++)
                {
                    var j = (ny * width) + nx;
                    if (!background[j] && !ring[j])
                    {
                        solid = Math.Max(solid, Oklab.DistanceSquared(lab.AsSpan(j * 3, 3), key));
                    }
                }
            }

            var full = solid > 0f ? MathF.Sqrt(solid) : 3f * Tolerance;
            var distance = MathF.Sqrt(Oklab.DistanceSquared(lab.AsSpan(i * 3, 3), key));
            var coverage = full > Tolerance ? Math.Clamp((distance - Tolerance) / (full - Tolerance), 0f, 1f) : 1f;
            var p = i * 4;
            if (coverage >= 1f)
            {
                continue;
            }

            if (coverage <= 0f)
            {
                pixels.AsSpan(p, 4).Clear();
                continue;
            }

            // The pixel is coverage·subject + (1 - coverage)·background: solve for the subject's colour.
            pixels[p] = Unmix(pixels[p], Red, coverage);
            pixels[p + 1] = Unmix(pixels[p + 1], Green, coverage);
            pixels[p + 2] = Unmix(pixels[p + 2], Blue, coverage);
            pixels[p + 3] = (byte)Math.Min(pixels[p + 3], (int)MathF.Round(coverage * 255f, MidpointRounding.ToEven));
        }
    }

    private static byte Unmix(byte observed, byte background, float coverage) =>
        (byte)Math.Clamp(MathF.Round((observed - ((1f - coverage) * background)) / coverage, MidpointRounding.ToEven), 0f, 255f);

    private static void KeepLargestRegion(byte[] pixels, int[] queue, int width, int height)
    {
        var count = width * height;
        var region = new int[count];
        int regions = 0, largest = 0, largestSize = 0;
        for (var start = 0; start < count; start++)
        {
            if (region[start] != 0 || pixels[(start * 4) + 3] == 0)
            {
                continue;
            }

            var id = ++regions;
            region[start] = id;
            queue[0] = start;
            var tail = 1;
            for (var head = 0; head < tail; head++)
            {
                int i = queue[head], x = i % width, y = i / width;
                foreach (var (dx, dy) in Neighbours8)
                {
                    int nx = x + dx, ny = y + dy;
                    if (nx >= 0 && ny >= 0 && nx < width && ny < height)
                    {
                        var j = (ny * width) + nx;
                        if (region[j] == 0 && pixels[(j * 4) + 3] != 0)
                        {
                            region[j] = id;
                            queue[tail++] = j;
                        }
                    }
                }
            }

            // Strictly larger: of equal regions the first in scan order wins, so the result is deterministic.
            if (tail > largestSize)
            {
                (largest, largestSize) = (id, tail);
            }
        }

        for (var i = 0; i < count; i++)
        {
            if (region[i] != 0 && region[i] != largest)
            {
                pixels.AsSpan(i * 4, 4).Clear();
            }
        }
    }
}

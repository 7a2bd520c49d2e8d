namespace AssetForge.Onnx.Imaging.PostSteps;

/// <summary>
/// One colour per grid cell for <c>pixelate</c>: the cell's mode (most common colour at 4 bits per
/// channel, averaged within that bin, ties to the lower bin) or per-channel median, taken over the
/// cell's pixels whose alpha reaches the threshold; alpha binary from the cell's mean alpha.
/// Integer arithmetic only, so the result is the same everywhere.
/// </summary>
/// <param name="Median">Median instead of mode.</param>
/// <param name="AlphaThreshold">Mean alpha from which a cell is opaque.</param>
internal sealed record CellReduction(bool Median, int AlphaThreshold)
{
    private const int Bins = 4096;

    /// <summary>Reduces width × height RGBA pixels to columns × rows RGBA cells (cell edges at i·width/columns).</summary>
    public byte[] Reduce(byte[] pixels, int width, int height, int columns, int rows, CancellationToken cancellationToken)
    {
        var xs = Edges(width, columns);
        var ys = Edges(height, rows);
        var largest = 0;
        for (var i = 0; i < columns; i++)
        {
            for (var j = 0; j < rows; j++)
            {
                largest = Math.Max(largest, (xs[i + 1] - xs[i]) * (ys[j + 1] - ys[j]));
            }
        }

        var counts = new int[Bins];
        var sums = new long[Bins * 3];
        var touched = new int[largest];
        var channels = new byte[3 * largest];
        var cells = new byte[columns * rows * 4];
        for (var row = 0; row < rows; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var column = 0; column < columns; column++)
            {
                var cell = new CellBounds(xs[column], xs[column + 1], ys[row], ys[row + 1]);
                var target = cells.AsSpan(((row * columns) + column) * 4, 4);
                long alpha = 0;
                for (var y = cell.Top; y < cell.Bottom; y++)
                {
                    for (var x = cell.Left; x < cell.Right; x++)
                    {
                        alpha += pixels[(((y * width) + x) * 4) + 3];
                    }
                }

                if (alpha < (long)AlphaThreshold * cell.Area)
                {
                    continue; // transparent: stays 0,0,0,0
                }

                // Colour from the pixels that count as opaque; a cell opaque only on average uses all its pixels.
                var minimum = Math.Max(1, AlphaThreshold);
                if (!HasPixelAtLeast(pixels, width, cell, minimum))
                {
                    minimum = 0;
                }

                if (Median)
                {
                    MedianOf(pixels, width, cell, minimum, channels, target);
                }
                else
                {
                    ModeOf(pixels, width, cell, minimum, counts, sums, touched, target);
                }

                target[3] = 255;
            }
        }

        return cells;
    }

    private static int[] Edges(int size, int cells)
    {
        var edges = new int[cells + 1];
        for (var i = 0; i <= cells; i++)
        {
            edges[i] = (int)((long)i * size / cells);
        }

        return edges;
    }

    private static bool HasPixelAtLeast(byte[] pixels, int width, CellBounds cell, int minimum)
    {
        for (var y = cell.Top; y < cell.Bottom; y++)
        {
            for (var x = cell.Left; x < cell.Right; x++)
            {
                if (pixels[(((y * width) + x) * 4) + 3] >= minimum)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void ModeOf(byte[] pixels, int width, CellBounds cell, int minimum, int[] counts, long[] sums, int[] touched, Span<byte> target)
    {
        var used = 0;
        for (var y = cell.Top; y < cell.Bottom; y++)
        {
            for (var x = cell.Left; x < cell.Right; x++)
            {
                var p = ((y * width) + x) * 4;
                if (pixels[p + 3] < minimum)
                {
                    continue;
                }

                var bin = ((pixels[p] >> 4) << 8) | ((pixels[p + 1] >> 4) << 4) | (pixels[p + 2] >> 4);
                if (counts[bin]++ == 0)
                {
                    touched[used++] = bin;
                }

                sums[bin * 3] += pixels[p];
                sums[(bin * 3) + 1] += pixels[p + 1];
                sums[(bin * 3) + 2] += pixels[p + 2];
            }
        }

        int best = -1, bestCount = 0;
        foreach (var bin in touched.AsSpan(0, used))
        {
            if (counts[bin] > bestCount || (counts[bin] == bestCount && bin < best))
            {
                (best, bestCount) = (bin, counts[bin]);
            }
        }

        for (var c = 0; c < 3; c++)
        {
            target[c] = (byte)((sums[(best * 3) + c] + (bestCount / 2)) / bestCount);
        }

        foreach (var bin in touched.AsSpan(0, used))
        {
            counts[bin] = 0;
            sums.AsSpan(bin * 3, 3).Clear();
        }
    }

    private static void MedianOf(byte[] pixels, int width, CellBounds cell, int minimum, byte[] channels, Span<byte> target)
    {
        var n = 0;
        var stride = channels.Length / 3;
        for (var y = cell.Top; y < cell.Bottom; y++)
        {
            for (var x = cell.Left; x < cell.Right; x++)
            {
                var p = ((y * width) + x) * 4;
                if (pixels[p + 3] >= minimum)
                {
                    channels[n] = pixels[p];
                    channels[stride + n] = pixels[p + 1];
                    channels[(2 * stride) + n] = pixels[p + 2];
                    n++;
                }
            }
        }

        for (var c = 0; c < 3; c++)
        {
            var values = channels.AsSpan(c * stride, n);
            values.Sort();
            target[c] = values[(n - 1) / 2];
        }
    }

    private readonly record struct CellBounds(int Left, int Right, int Top, int Bottom)
    {
        public int Area => (Right - Left) * (Bottom - Top);
    }
}

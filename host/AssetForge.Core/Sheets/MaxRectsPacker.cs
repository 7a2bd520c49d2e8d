namespace AssetForge.Core.Sheets;

/// <summary>
/// Max-rects packing (Jylänki, "A Thousand Ways to Pack the Bin", 2010) into a strip
/// <c>max_width</c> wide: the free space is kept as maximal rectangles; each frame, largest first,
/// goes where its bottom edge is highest (then leftmost: the bottom-left rule, which keeps the strip
/// short), turned 90° when rotation is allowed and that is strictly better. Every decision breaks ties
/// by position and input order, so the same sizes always give the same layout.
/// </summary>
public static class MaxRectsPacker
{
    // The strip has no height limit; this stands in for "unbounded" without overflow.
    private const int Unbounded = 1 << 24;

    /// <summary>Packs frames of the given sizes with <paramref name="padding"/> transparent pixels around each (shared between neighbours).</summary>
    public static PackedFrames Pack(IReadOnlyList<(int Width, int Height)> sizes, int padding, int maxWidth, bool rotate)
    {
        ArgumentNullException.ThrowIfNull(sizes);

        // Each frame claims its size plus one padding on the right and bottom, in a region that starts
        // one padding in from the atlas's top-left corner: every gap is then exactly one padding wide.
        var region = maxWidth - padding;
        var order = new int[sizes.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            var (w, h) = sizes[i];
            if (w + padding > region && (!rotate || h + padding > region))
            {
                return PackedFrames.Failure($"frame {i + 1} is {w} pixels wide, more than max_width {maxWidth} minus the padding");
            }
        }

        Array.Sort(order, (a, b) =>
        {
            var (wa, ha) = sizes[a];
            var (wb, hb) = sizes[b];
            var bySide = Math.Max(wb, hb).CompareTo(Math.Max(wa, ha));
            if (bySide != 0)
            {
                return bySide;
            }

            var byArea = ((long)wb * hb).CompareTo((long)wa * ha);
            return byArea != 0 ? byArea : a.CompareTo(b);
        });

        var free = new List<PixelRect> { new(0, 0, region, Unbounded) };
        var places = new PixelRect[sizes.Count];
        var rotated = new bool[sizes.Count];
        int width = 1, height = 1;
        foreach (var i in order)
        {
            var (w, h) = sizes[i];
            var best = Find(free, w + padding, h + padding);
            if (rotate && w != h)
            {
                var turned = Find(free, h + padding, w + padding);
                if (turned.Fits && (!best.Fits || turned.Bottom < best.Bottom || (turned.Bottom == best.Bottom && turned.X < best.X)))
                {
                    best = turned;
                    rotated[i] = true;
                }
            }

            var claimed = rotated[i] ? new PixelRect(best.X, best.Y, h + padding, w + padding) : new PixelRect(best.X, best.Y, w + padding, h + padding);
            places[i] = new PixelRect(claimed.X + padding, claimed.Y + padding, claimed.Width - padding, claimed.Height - padding);
            width = Math.Max(width, claimed.X + claimed.Width + padding);
            height = Math.Max(height, claimed.Y + claimed.Height + padding);
            Claim(free, claimed);
        }

        return new PackedFrames(places, rotated, width, height, null);
    }

    private static Candidate Find(List<PixelRect> free, int w, int h)
    {
        var best = new Candidate(false, 0, 0, int.MaxValue);
        foreach (var space in free)
        {
            if (w <= space.Width && h <= space.Height)
            {
                var bottom = space.Y + h;
                if (!best.Fits || bottom < best.Bottom || (bottom == best.Bottom && space.X < best.X))
                {
                    best = new Candidate(true, space.X, space.Y, bottom);
                }
            }
        }

        return best;
    }

    // Splits every free rectangle the claim overlaps into the up to four maximal pieces around it, then drops any piece inside another.
    private static void Claim(List<PixelRect> free, PixelRect used)
    {
        var pieces = new List<PixelRect>(free.Count + 4);
        foreach (var space in free)
        {
            if (used.X >= space.X + space.Width || used.X + used.Width <= space.X || used.Y >= space.Y + space.Height || used.Y + used.Height <= space.Y)
            {
                pieces.Add(space);
                continue;
            }

            if (used.X > space.X)
            {
                pieces.Add(new PixelRect(space.X, space.Y, used.X - space.X, space.Height));
            }

            if (used.X + used.Width < space.X + space.Width)
            {
                pieces.Add(new PixelRect(used.X + used.Width, space.Y, space.X + space.Width - used.X - used.Width, space.Height));
            }

            if (used.Y > space.Y)
            {
                pieces.Add(new PixelRect(space.X, space.Y, space.Width, used.Y - space.Y));
            }

            if (used.Y + used.Height < space.Y + space.Height)
            {
                pieces.Add(new PixelRect(space.X, used.Y + used.Height, space.Width, space.Y + space.Height - used.Y - used.Height));
            }
        }

        free.Clear();
        for (var i = 0; i < pieces.Count; i++)
        {
            var contained = false;
            for (var j = 0; j < pieces.Count && !contained; j++)
            {
                // Of two equal pieces, keep the first.
                contained = i != j && Contains(pieces[j], pieces[i]) && (pieces[j] != pieces[i] || j < i);
            }

            if (!contained)
            {
                free.Add(pieces[i]);
            }
        }
    }

    private static bool Contains(PixelRect outer, PixelRect inner) =>
        inner.X >= outer.X && inner.Y >= outer.Y && inner.X + inner.Width <= outer.X + outer.Width && inner.Y + inner.Height <= outer.Y + outer.Height;

    private readonly record struct Candidate(bool Fits, int X, int Y, int Bottom);
}

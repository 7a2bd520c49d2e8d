namespace AssetForge.Core.Tests.Sheets;

using AssetForge.Core.Sheets;

/// <summary>The max-rects and shelf packers: valid, deterministic layouts; max-rects tighter.</summary>
public sealed class PackerTests
{
    [Test]
    public void Shelf_frames_go_left_to_right_with_padding_and_wrap_at_the_maximum_width()
    {
        var packed = ShelfPacker.Pack([(10, 10), (10, 6), (10, 10)], padding: 1, maxWidth: 25);

        Assert.That(packed.Error, Is.Null);
        Assert.That(packed.Places, Is.EqualTo(new[] { new PixelRect(1, 1, 10, 10), new PixelRect(12, 1, 10, 6), new PixelRect(1, 12, 10, 10) }));
        Assert.That((packed.Width, packed.Height), Is.EqualTo((23, 23)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Max_rects_frames_never_overlap_keep_their_padding_and_stay_inside_the_width(bool rotate)
    {
        var sizes = MixedSizes(60, seed: 1);

        var packed = MaxRectsPacker.Pack(sizes, padding: 2, maxWidth: 256, rotate);

        Assert.That(packed.Error, Is.Null);
        Assert.That(packed.Width, Is.LessThanOrEqualTo(256));
        for (var i = 0; i < sizes.Count; i++)
        {
            var a = packed.Places[i];
            Assert.That(packed.Rotated[i] ? (a.Height, a.Width) : (a.Width, a.Height), Is.EqualTo(sizes[i]), $"frame {i} keeps its size");
            Assert.That(a.X >= 2 && a.Y >= 2 && a.X + a.Width + 2 <= packed.Width && a.Y + a.Height + 2 <= packed.Height, $"frame {i} inside the padded atlas");
            for (var j = i + 1; j < sizes.Count; j++)
            {
                var b = packed.Places[j];
                var apart = a.X + a.Width + 2 <= b.X || b.X + b.Width + 2 <= a.X || a.Y + a.Height + 2 <= b.Y || b.Y + b.Height + 2 <= a.Y;
                Assert.That(apart, $"frames {i} and {j} are at least the padding apart");
            }
        }
    }

    [Test]
    public void Max_rects_packs_tighter_than_shelves()
    {
        var sizes = MixedSizes(60, seed: 2);

        var shelf = ShelfPacker.Pack(sizes, 2, 256);
        var maxRects = MaxRectsPacker.Pack(sizes, 2, 256, rotate: false);
        var rotated = MaxRectsPacker.Pack(sizes, 2, 256, rotate: true);

        long area = 0;
        foreach (var (w, h) in sizes)
        {
            area += (long)(w + 2) * (h + 2);
        }

        TestContext.Out.WriteLine($"frames' padded area {area}: shelf {shelf.Width}x{shelf.Height} ({Fill(area, shelf):P0} filled), max-rects {maxRects.Width}x{maxRects.Height} ({Fill(area, maxRects):P0}), max-rects + rotate {rotated.Width}x{rotated.Height} ({Fill(area, rotated):P0})");
        Assert.That((long)maxRects.Width * maxRects.Height, Is.LessThan((long)shelf.Width * shelf.Height));
        Assert.That((long)rotated.Width * rotated.Height, Is.LessThanOrEqualTo((long)maxRects.Width * maxRects.Height));
    }

    [Test]
    public void Rotation_turns_a_frame_where_that_packs_tighter()
    {
        // A 30x10 and a 10x30 frame in a 44-pixel strip: turned, the second goes under the first instead of standing 30 high beside it.
        var packed = MaxRectsPacker.Pack([(30, 10), (10, 30)], padding: 1, maxWidth: 44, rotate: true);
        var upright = MaxRectsPacker.Pack([(30, 10), (10, 30)], padding: 1, maxWidth: 44, rotate: false);

        Assert.That(packed.Rotated, Is.EqualTo(new[] { false, true }).Or.EqualTo(new[] { true, false }));
        Assert.That(packed.Height, Is.LessThan(upright.Height));
    }

    [Test]
    public void The_same_sizes_give_the_same_layout()
    {
        var sizes = MixedSizes(40, seed: 3);

        var first = MaxRectsPacker.Pack(sizes, 2, 200, rotate: true);
        var second = MaxRectsPacker.Pack(sizes, 2, 200, rotate: true);

        Assert.That(second.Places, Is.EqualTo(first.Places));
        Assert.That(second.Rotated, Is.EqualTo(first.Rotated));
    }

    [Test]
    public void A_frame_wider_than_the_maximum_is_an_error_for_both_packers()
    {
        Assert.That(ShelfPacker.Pack([(30, 10)], 2, 32).Error, Does.Contain("max_width 32"));
        Assert.That(MaxRectsPacker.Pack([(30, 10)], 2, 32, rotate: false).Error, Does.Contain("max_width 32"));
    }

    [Test]
    public void Rotation_lets_a_frame_wider_than_the_maximum_in_on_its_side()
    {
        var packed = MaxRectsPacker.Pack([(30, 10)], 2, 32, rotate: true);

        Assert.That(packed.Error, Is.Null);
        Assert.That(packed.Rotated[0], Is.True);
    }

    private static double Fill(long area, PackedFrames packed) => (double)area / ((long)packed.Width * packed.Height);

    private static List<(int Width, int Height)> MixedSizes(int count, int seed)
    {
        var random = new Random(seed);
        var sizes = new List<(int, int)>(count);
        for (var i = 0; i < count; i++)
        {
            sizes.Add((random.Next(4, 64), random.Next(4, 64)));
        }

        return sizes;
    }
}

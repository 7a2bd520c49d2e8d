namespace AssetForge.Core.Tests.Build;

using System.Text.Json;
using AssetForge.Core.Build;

public sealed class SpriteSheetPackerTests
{
    [Test]
    public void Frames_go_left_to_right_with_padding_and_wrap_at_the_maximum_width()
    {
        var (frames, width, height, error) = SpriteSheetPacker.Pack([(10, 10), (10, 6), (10, 10)], padding: 1, maxWidth: 25);

        Assert.That(error, Is.Null);
        Assert.That(frames, Is.EqualTo(new[] { new SpriteSheetPacker.Frame(1, 1, 10, 10), new SpriteSheetPacker.Frame(12, 1, 10, 6), new SpriteSheetPacker.Frame(1, 12, 10, 10) }));
        Assert.That((width, height), Is.EqualTo((23, 23)));
    }

    [Test]
    public void A_frame_wider_than_the_maximum_is_an_error()
    {
        var (_, _, _, error) = SpriteSheetPacker.Pack([(30, 10)], padding: 2, maxWidth: 32);

        Assert.That(error, Does.Contain("max_width 32"));
    }

    [Test]
    public void The_map_is_texturepacker_json_hash()
    {
        var bytes = SpriteSheetMap.Write(["icons/a"], [new SpriteSheetPacker.Frame(2, 3, 4, 5)], "icons.png", 8, 10);

        using var json = JsonDocument.Parse(bytes);
        var frame = json.RootElement.GetProperty("frames").GetProperty("icons/a");
        Assert.That(frame.GetProperty("frame").GetProperty("x").GetInt32(), Is.EqualTo(2));
        Assert.That(frame.GetProperty("rotated").GetBoolean(), Is.False);
        Assert.That(frame.GetProperty("sourceSize").GetProperty("h").GetInt32(), Is.EqualTo(5));
        Assert.That(json.RootElement.GetProperty("meta").GetProperty("size").GetProperty("w").GetInt32(), Is.EqualTo(8));
    }
}

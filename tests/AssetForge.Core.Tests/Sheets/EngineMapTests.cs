namespace AssetForge.Core.Tests.Sheets;

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AssetForge.Abstractions.Imaging;
using AssetForge.Core.Sheets;
using YamlDotNet.RepresentationModel;

/// <summary>
/// The Godot and Unity maps against their formats' documented fields: Godot 4's text resource
/// (<c>gd_resource</c>, <c>ext_resource</c>, <c>AtlasTexture</c> region/margin, SpriteFrames
/// animations) and Unity's TextureImporter .meta (spriteMode Multiple, spriteSheet.sprites with
/// rect counted from the bottom).
/// </summary>
public sealed partial class EngineMapTests
{
    [Test]
    public void Godot_map_is_a_sprite_frames_resource_of_atlas_textures()
    {
        var text = Compose(SheetMapFormat.Godot, out var sheet);

        Assert.That(text, Does.StartWith("[gd_resource type=\"SpriteFrames\" load_steps=4 format=3]\n"));
        Assert.That(text, Does.Contain("[ext_resource type=\"Texture2D\" path=\"icons.png\" id=\"1_atlas\"]"));
        Assert.That(SubResources().Matches(text), Has.Count.EqualTo(2));
        var b = sheet.Frames[1];
        Assert.That(text, Does.Contain(string.Create(CultureInfo.InvariantCulture, $"region = Rect2({b.Frame.X}, {b.Frame.Y}, {b.Frame.Width}, {b.Frame.Height})")));
        Assert.That(text, Does.Contain("\"name\": &\"default\""));
        Assert.That(text, Does.Contain("\"name\": &\"icons/b\""));
        Assert.That(text, Does.Contain("\"texture\": SubResource(\"AtlasTexture_1\")"));
    }

    [Test]
    public void Godot_map_restores_a_trimmed_frame_s_offset_and_size_with_a_margin()
    {
        var text = Compose(SheetMapFormat.Godot, out var sheet);

        var a = sheet.Frames[0];
        Assert.That(a.Trimmed, Is.True);
        Assert.That(text, Does.Contain("margin = Rect2(2, 3, 6, 4)"), "offset (2,3); 10-4 and 8-4 pixels trimmed");
    }

    [Test]
    public void Unity_meta_slices_the_atlas_into_named_sprites_counted_from_the_bottom()
    {
        var text = Compose(SheetMapFormat.Unity, out var sheet);

        var importer = Root(text).Children[new YamlScalarNode("TextureImporter")] as YamlMappingNode;
        Assert.That(Scalar(importer!, "textureType"), Is.EqualTo("8"));
        Assert.That(Scalar(importer!, "spriteMode"), Is.EqualTo("2"));
        var sprites = (YamlSequenceNode)((YamlMappingNode)importer!.Children[new YamlScalarNode("spriteSheet")]).Children[new YamlScalarNode("sprites")];
        Assert.That(sprites.Children, Has.Count.EqualTo(2));
        var b = (YamlMappingNode)sprites.Children[1];
        var frame = sheet.Frames[1].Frame;
        var rect = (YamlMappingNode)b.Children[new YamlScalarNode("rect")];
        Assert.That(Scalar(b, "name"), Is.EqualTo("icons/b"));
        Assert.That(Scalar(rect, "x"), Is.EqualTo(frame.X.ToString(CultureInfo.InvariantCulture)));
        Assert.That(Scalar(rect, "y"), Is.EqualTo((sheet.Atlas.Height - frame.Y - frame.Height).ToString(CultureInfo.InvariantCulture)));
        Assert.That(Scalar(rect, "width"), Is.EqualTo("5"));
        Assert.That(Scalar(rect, "height"), Is.EqualTo("6"));
        Assert.That(Scalar(b, "alignment"), Is.EqualTo("0"));
        Assert.That(Scalar(b, "spriteID"), Does.Match("^[0-9a-f]{32}$"));
    }

    [Test]
    public void Unity_meta_gives_a_trimmed_sprite_a_pivot_at_the_source_centre()
    {
        var text = Compose(SheetMapFormat.Unity, out _);

        var importer = (YamlMappingNode)Root(text).Children[new YamlScalarNode("TextureImporter")];
        var a = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)importer.Children[new YamlScalarNode("spriteSheet")]).Children[new YamlScalarNode("sprites")]).Children[0];
        var pivot = (YamlMappingNode)a.Children[new YamlScalarNode("pivot")];
        Assert.That(Scalar(a, "alignment"), Is.EqualTo("9"));

        // Source 10x8, trimmed to 4x4 at (2,3): the centre (5,4) is 0.75 across and, from the bottom (y 7..4 -> 0..1), 0.75 up.
        Assert.That(double.Parse(Scalar(pivot, "x"), CultureInfo.InvariantCulture), Is.EqualTo(0.75).Within(1e-9));
        Assert.That(double.Parse(Scalar(pivot, "y"), CultureInfo.InvariantCulture), Is.EqualTo(0.75).Within(1e-9));
    }

    [Test]
    public void Unity_guids_are_stable_across_builds()
    {
        Assert.That(Compose(SheetMapFormat.Unity, out _), Is.EqualTo(Compose(SheetMapFormat.Unity, out _)));
        Assert.That(Scalar(Root(Compose(SheetMapFormat.Unity, out _)), "guid"), Does.Match("^[0-9a-f]{32}$"));
    }

    [Test]
    public void Each_format_names_its_map_file()
    {
        Assert.That((SheetLayout.Default with { Format = SheetMapFormat.TexturePacker }).MapOutputOf("ui/icons.png"), Is.EqualTo("ui/icons.json"));
        Assert.That((SheetLayout.Default with { Format = SheetMapFormat.Godot }).MapOutputOf("ui/icons.png"), Is.EqualTo("ui/icons.tres"));
        Assert.That((SheetLayout.Default with { Format = SheetMapFormat.Unity }).MapOutputOf("ui/icons.png"), Is.EqualTo("ui/icons.png.meta"));
    }

    // Two members: a 10x8 image visible only at (2,3)-(5,6), and a solid 5x6 one.
    private static string Compose(SheetMapFormat format, out SheetResult sheet)
    {
        var a = SheetComposerTests.Blank(10, 8);
        for (var y = 3; y < 7; y++)
        {
            for (var x = 2; x < 6; x++)
            {
                a.Pixels[(((y * 10) + x) * 4) + 3] = 255;
            }
        }

        var (composed, error) = SheetComposer.Compose(["icons/a", "icons/b"], [a, SheetComposerTests.Solid(5, 6)], SheetLayout.Default with { Trim = true, Format = format }, "icons.png", "ui/icons");
        Assert.That(error, Is.Null);
        sheet = composed!;
        return Encoding.UTF8.GetString(sheet.Map);
    }

    private static YamlMappingNode Root(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    [GeneratedRegex(@"^\[sub_resource type=""AtlasTexture"" id=""AtlasTexture_\d+""\]$\natlas = ExtResource\(""1_atlas""\)$", RegexOptions.Multiline)]
    private static partial Regex SubResources();
}

namespace AssetForge.Onnx.Tests.Builtin;

using System.Security.Cryptography;
using AssetForge.Onnx.Builtin;
using AssetForge.Onnx.Checkpoints;
using AssetForge.Onnx.Tests.Support;

public sealed class IconsModelTests
{
    [Test]
    public void Ensure_writes_every_file_the_embedded_manifest_lists_with_its_hash()
    {
        var folder = new OnnxModelBackend().EnsureBuiltinModel("icons", TestFolders.NewFolder(), CancellationToken.None);

        var lines = File.ReadAllLines(Path.Combine(folder, BuiltinModelFolder.ManifestFileName));
        Assert.That(lines, Has.Length.GreaterThanOrEqualTo(11));
        foreach (var line in lines)
        {
            var file = line[66..];
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file)))), Is.EqualTo(line[..64]), file);
        }
    }

    [Test]
    public void The_folder_is_named_by_the_manifest_so_new_weights_get_a_new_folder()
    {
        var folder = IconsModel.Ensure(TestFolders.NewFolder(), CancellationToken.None);

        var manifest = File.ReadAllBytes(Path.Combine(folder, BuiltinModelFolder.ManifestFileName));
        Assert.That(Path.GetFileName(folder), Is.EqualTo("builtin-icons-" + Convert.ToHexStringLower(SHA256.HashData(manifest))[..12]));
    }

    [Test]
    public void Ensure_rewrites_a_damaged_weights_file()
    {
        var root = TestFolders.NewFolder();
        var folder = IconsModel.Ensure(root, CancellationToken.None);
        var weights = Path.Combine(folder, "unet", "diffusion_pytorch_model.safetensors");
        var original = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, original[..1000]);

        IconsModel.Ensure(root, CancellationToken.None);

        Assert.That(File.ReadAllBytes(weights), Is.EqualTo(original));
    }

    [Test]
    public void The_written_folder_is_a_diffusers_checkpoint_folder()
    {
        var folder = IconsModel.Ensure(TestFolders.NewFolder(), CancellationToken.None);

        Assert.That(ModelSource.Detect(folder), Is.EqualTo(ModelSourceKind.DiffusersFolder));
    }
}

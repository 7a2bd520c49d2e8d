namespace AssetForge.Onnx.Checkpoints;

using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Graph.Builders;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

/// <summary>
/// The few settings of an original inference config (<c>model.yaml</c> beside <c>model.safetensors</c>,
/// A1111's convention) that tensor shapes cannot tell: attention heads, v-prediction, the noise
/// schedule and the VAE's scaling factor. Read as plain YAML data; nothing in it is executed.
/// SDXL's configs (Stability's sgm, sd_xl_base.yaml) call the UNet's section <c>network_config</c>.
/// </summary>
internal sealed record LdmOriginalConfig
{
    public int? NumHeads { get; init; }

    public int? NumHeadChannels { get; init; }

    public bool VPrediction { get; init; }

    public double LinearStart { get; init; } = 0.00085;

    public double LinearEnd { get; init; } = 0.012;

    public int Timesteps { get; init; } = 1000;

    public double ScaleFactor { get; init; } = 0.18215;

    /// <summary>SDXL's settings where its files have no config: sd_xl_base.yaml's VAE scaling factor.</summary>
    public static LdmOriginalConfig Sdxl { get; } = new() { ScaleFactor = 0.13025 };

    /// <summary>The config beside <paramref name="checkpoint"/>, or <paramref name="defaults"/> (SD's) where it is silent or absent.</summary>
    /// <exception cref="PluginException">AF3203: the file is not YAML of the expected shape.</exception>
    public static LdmOriginalConfig Beside(string checkpoint, LdmOriginalConfig? defaults = null)
    {
        defaults ??= new LdmOriginalConfig();
        var path = Path.ChangeExtension(checkpoint, ".yaml");
        if (!File.Exists(path))
        {
            return defaults;
        }

        try
        {
            var stream = new YamlStream();
            using (var reader = new StringReader(File.ReadAllText(path)))
            {
                stream.Load(reader);
            }

            var parameters = Child(stream.Documents.Count > 0 ? stream.Documents[0].RootNode : null, "model", "params");
            var unet = Child(parameters, "unet_config", "params") ?? Child(parameters, "network_config", "params");
            return new LdmOriginalConfig
            {
                NumHeads = Integer(unet, "num_heads") is { } heads && heads > 0 ? heads : null,
                NumHeadChannels = Integer(unet, "num_head_channels") is { } channels && channels > 0 ? channels : null,
                VPrediction = Text(parameters, "parameterization") == "v",
                LinearStart = Number(parameters, "linear_start") ?? defaults.LinearStart,
                LinearEnd = Number(parameters, "linear_end") ?? defaults.LinearEnd,
                Timesteps = Integer(parameters, "timesteps") ?? defaults.Timesteps,
                ScaleFactor = Number(parameters, "scale_factor") ?? defaults.ScaleFactor,
            };
        }
        catch (YamlException exception)
        {
            throw new PluginException(ComponentConfig.ErrorCode, $"{path}: the original config is not valid YAML: {exception.Message}", exception);
        }
    }

    private static YamlMappingNode? Child(YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        }

        return node as YamlMappingNode;
    }

    private static string? Text(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static double? Number(YamlMappingNode? node, string key) =>
        double.TryParse(Text(node, key), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    private static int? Integer(YamlMappingNode? node, string key) =>
        int.TryParse(Text(node, key), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
}

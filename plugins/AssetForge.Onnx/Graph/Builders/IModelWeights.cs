namespace AssetForge.Onnx.Graph.Builders;

/// <summary>
/// Named float32 weights in diffusers' naming (<c>down_blocks.0.resnets.0.conv1.weight</c>), as
/// graph builders ask for them. Implementations read them from checkpoints, map other key layouts
/// onto these names, or merge LoRAs in on the way.
/// </summary>
internal interface IModelWeights
{
    /// <summary>Where the weights come from, for messages.</summary>
    string Source { get; }

    /// <summary>Every weight's name.</summary>
    IEnumerable<string> Names { get; }

    bool Contains(string name);

    /// <exception cref="AssetForge.Abstractions.Plugins.PluginException">AF3202: there is no such weight.</exception>
    IReadOnlyList<long> Shape(string name);

    /// <summary>The weight's values, row-major, widened to float32.</summary>
    /// <exception cref="AssetForge.Abstractions.Plugins.PluginException">AF3202: there is no such weight.</exception>
    float[] Floats(string name);
}

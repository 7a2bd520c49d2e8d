namespace AssetForge.Onnx.Lora;

using AssetForge.Onnx.Graph.Builders;
using AssetForge.Onnx.Safetensors;

/// <summary>
/// The LoRAs of one compiled model, opened and matched against its UNet and text encoder(s), and
/// the weights of each with them merged in (in the order given, so stacking is well defined).
/// </summary>
internal sealed class LoraSet : IDisposable
{
    private readonly List<SafetensorsFile> _files = [];

    /// <param name="textEncoder2">SDXL's second text encoder; null for models with one.</param>
    public LoraSet(IReadOnlyList<LoraReference> loras, IModelWeights unet, IModelWeights textEncoder, IModelWeights? textEncoder2 = null)
    {
        var updates = new List<(SafetensorsFile, LoraModule, float)>();
        try
        {
            foreach (var lora in loras)
            {
                var file = SafetensorsFile.Open(lora.Path);
                _files.Add(file);
                foreach (var module in LoraFile.Match(file, unet, textEncoder, textEncoder2))
                {
                    updates.Add((file, module, lora.Scale));
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        Unet = loras.Count == 0 ? unet : new LoraMergedWeights(unet, updates.FindAll(u => u.Item2.Component == LoraComponent.Unet));
        TextEncoder = loras.Count == 0 ? textEncoder : new LoraMergedWeights(textEncoder, updates.FindAll(u => u.Item2.Component == LoraComponent.TextEncoder));
        TextEncoder2 = textEncoder2 is null || loras.Count == 0 ? textEncoder2 : new LoraMergedWeights(textEncoder2, updates.FindAll(u => u.Item2.Component == LoraComponent.TextEncoder2));
    }

    public IModelWeights Unet { get; }

    public IModelWeights TextEncoder { get; }

    /// <summary>SDXL's second text encoder with the LoRAs merged in; null when the model has one encoder.</summary>
    public IModelWeights? TextEncoder2 { get; }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Dispose();
        }

        _files.Clear();
    }
}

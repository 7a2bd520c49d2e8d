namespace AssetForge.Onnx.Checkpoints;

using AssetForge.Onnx.Graph;
using AssetForge.Onnx.Graph.Builders;

/// <summary>Writes compiled components in the ONNX export layout the pipeline opens: <c>name/model.onnx</c>, its external weights and its config.</summary>
internal static class CompiledFolderWriter
{
    private const string ExternalDataFile = "model.onnx_data";

    public static void Component(string target, string name, ComponentConfig config, string configJson, IModelWeights weights, Func<ComponentConfig, IModelWeights, OnnxModel> builder, ModelPrecision precision, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var model = builder(config, weights);
        if (precision == ModelPrecision.Fp16)
        {
            model = Float16Conversion.Convert(model, Float16Conversion.Mixed);
        }

        var output = Path.Combine(target, name);
        Directory.CreateDirectory(output);
        OnnxModelWriter.Write(model, Path.Combine(output, "model.onnx"), ExternalDataFile);
        File.WriteAllText(Path.Combine(output, "config.json"), configJson);
    }

    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}

namespace AssetForge.Onnx.Pipeline;

using AssetForge.Abstractions.Plugins;
using AssetForge.Onnx.Imaging;
using Microsoft.ML.OnnxRuntime;
using SkiaSharp;

/// <summary>
/// img2img's first half: the init image → pixels in [-1, 1] → the VAE encoder → latents scaled by
/// the VAE's scaling factor. The encoder's output is either a latent (<c>latent_sample</c>, as
/// diffusers' ONNX export writes it) or Optimum's <c>latent_parameters</c> (mean and log-variance
/// stacked on the channel axis), of which the mean is used: a deterministic encoding, where
/// sampling would draw from a generator the spec does not control.
/// </summary>
internal sealed class InitImageEncoder
{
    private readonly OnnxSubModel _encoder;
    private readonly TensorSignature _sample;
    private readonly TensorSignature _latent;
    private readonly RunOptions _runOptions;
    private readonly float _scalingFactor;
    private readonly SkiaImageToolkit _imaging = new();

    public InitImageEncoder(OnnxSubModel encoder, RunOptions runOptions, float scalingFactor)
    {
        _encoder = encoder;
        _runOptions = runOptions;
        _scalingFactor = scalingFactor;
        _sample = encoder.Input("sample", s => s.Rank == 4 && s.IsFloatingPoint);
        _latent = encoder.Outputs.FirstOrDefault(o => o.Name == "latent_sample" && o.Rank == 4 && o.IsFloatingPoint)
            ?? encoder.Output("latent_parameters", s => s.Rank == 4 && s.IsFloatingPoint);
    }

    /// <summary>Encodes <paramref name="encodedImage"/> (any format SkiaSharp reads) into <paramref name="latent"/> (channels × h/f × w/f).</summary>
    public void Encode(byte[] encodedImage, int width, int height, Span<float> latent)
    {
        var pixels = Pixels(encodedImage, width, height);
        var batch = _sample.IsDynamic(0) ? 1 : _sample.Dimensions[0];
        using var input = new HostTensor(_sample.ElementType, [batch, 3, height, width]);
        for (var slot = 0; slot < batch; slot++)
        {
            input.Write(slot * pixels.Length, pixels);
        }

        using var outputs = _encoder.Session.Run(_runOptions, [_sample.Name], [input.Value], [_latent.Name]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        var area = latent.Length;
        if (shape.Length != 4 || shape[2] * shape[3] * shape[1] < area)
        {
            throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"The vae_encoder returned shape [{string.Join(',', shape)}] for a {width}x{height} image.");
        }

        var channels = shape[1] * shape[2] * shape[3];
        if (channels != area && channels != 2L * area)
        {
            throw new PluginException(DiagnosticCode.UnsupportedModelGraph, $"The vae_encoder returned shape [{string.Join(',', shape)}]; expected {area} latent values (or twice that: mean and log-variance).");
        }

        // The mean is the first half of the channels of latent_parameters, and all of latent_sample.
        HostTensor.ReadFloats(outputs[0], _latent.ElementType, 0, latent);
        System.Numerics.Tensors.TensorPrimitives.Multiply(latent, _scalingFactor, latent);
    }

    // Planar RGB in [-1, 1]: v / 255 · 2 − 1, diffusers' VaeImageProcessor. An image of another
    // size is resized (Mitchell cubic) to the asset's size first.
    private float[] Pixels(byte[] encodedImage, int width, int height)
    {
        var image = _imaging.Decode(encodedImage);
        var rgba = image.Pixels;
        if (image.Width != width || image.Height != height)
        {
            var source = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            using var bitmap = new SKBitmap(source);
            System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
            using var resized = bitmap.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), new SKSamplingOptions(SKCubicResampler.Mitchell))
                ?? throw new PluginException(DiagnosticCode.UnreadableImage, "The init image could not be resized.");
            rgba = resized.Bytes;
        }

        var area = width * height;
        var planar = new float[3 * area];
        for (var i = 0; i < area; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                planar[(c * area) + i] = (rgba[(4 * i) + c] / 255f * 2f) - 1f;
            }
        }

        return planar;
    }
}

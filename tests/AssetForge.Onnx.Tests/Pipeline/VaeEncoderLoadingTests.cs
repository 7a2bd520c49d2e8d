namespace AssetForge.Onnx.Tests.Pipeline;

using AssetForge.Abstractions.Models;
using AssetForge.Onnx.Pipeline;
using AssetForge.Onnx.Tests.Support;

/// <summary>The VAE encoder is only for img2img: txt2img never pays for loading it.</summary>
public sealed class VaeEncoderLoadingTests
{
    [Test]
    public async Task Txt2img_does_not_load_the_vae_encoder()
    {
        using var session = (StableDiffusionSession)new OnnxModelBackend().Open(new ModelSessionOptions(TinyModelFixture.Directory, "cpu"));
        await session.GenerateAsync([TinyModelFixture.Job()], null, CancellationToken.None);
        Assert.That(session.VaeEncoderLoaded, Is.False);
    }

    [Test]
    public async Task The_first_img2img_job_loads_the_vae_encoder()
    {
        using var session = (StableDiffusionSession)new OnnxModelBackend().Open(new ModelSessionOptions(TinyModelFixture.Directory, "cpu"));
        var init = (await session.GenerateAsync([TinyModelFixture.Job()], null, CancellationToken.None))[0].Png;
        await session.GenerateAsync([TinyModelFixture.Job() with { InitImage = init }], null, CancellationToken.None);
        Assert.That(session.VaeEncoderLoaded, Is.True);
    }
}

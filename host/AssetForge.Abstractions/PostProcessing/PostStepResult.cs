namespace AssetForge.Abstractions.PostProcessing;

/// <summary>What an <see cref="IExtraOutputPostStep"/> produces: the main image and its extra outputs.</summary>
/// <param name="Image">The encoded main image, passed on to the next stage of the chain.</param>
/// <param name="Extras">The encoded extra outputs by <see cref="PostStepExtraOutput.Name"/>.</param>
/// <remarks>Added in contract 1.3.</remarks>
public sealed record PostStepResult(byte[] Image, IReadOnlyDictionary<string, byte[]> Extras);

namespace AssetForge.Abstractions.Models;

/// <summary>
/// A model backend that can compile model sources other than its own runnable folders (e.g. a
/// diffusers folder of <c>.safetensors</c> weights) into a folder it opens like any other. The
/// compiled folder is a derived artefact: a pure function of the source's content and
/// <see cref="CompilerVersion"/>, written once into the cache and reused by every later build.
/// </summary>
/// <remarks>Added in contract 1.2. A backend implements it in addition to <see cref="IModelBackend"/>.</remarks>
public interface ICheckpointCompiler
{
    /// <summary>The graph builders' version; part of the compiled folder's identity.</summary>
    string CompilerVersion { get; }

    /// <summary>Whether <paramref name="path"/> (a folder or a file) is a source this compiler compiles, rather than a runnable folder.</summary>
    bool IsCheckpoint(string path);

    /// <summary>
    /// The files a source is made of (absolute paths): for a folder its files, for a single
    /// checkpoint file also the files beside it that change what is compiled. The host hashes
    /// them (memoised by size and time) for the fingerprint passed to <see cref="EnsureCompiled(string, string, IReadOnlyList{CheckpointLora}, string, CancellationToken)"/>.
    /// </summary>
    IReadOnlyList<string> SourceFiles(string path);

    /// <summary>
    /// Returns the compiled folder for <paramref name="source"/> with <paramref name="loras"/>
    /// merged in (in order) under <paramref name="directory"/>, compiling it first unless a
    /// complete copy for <paramref name="sourceFingerprint"/> (the host's content hash of the
    /// source's files and of each LoRA's file and scale) is already there. Writing is atomic: a concurrent or
    /// interrupted call never leaves a half-written folder behind.
    /// </summary>
    /// <exception cref="Plugins.PluginException">The source is malformed or uses an unsupported architecture.</exception>
    string EnsureCompiled(string source, string sourceFingerprint, IReadOnlyList<CheckpointLora> loras, string directory, CancellationToken cancellationToken);

    /// <summary>
    /// The scheduler configuration (<c>scheduler/scheduler_config.json</c>'s text) the compiled folder of
    /// <paramref name="source"/> will carry, read without compiling (a diffusers folder's own file, a
    /// single file's original config): the host keys and runs generations with it before the model
    /// is compiled, since compiling is a node of the build graph that runs only when some image must
    /// be generated. Null when the source has none.
    /// </summary>
    /// <remarks>Added in contract 1.5; for a compiler built against 1.2 to 1.4 the host reads
    /// <c>scheduler/scheduler_config.json</c> in the source folder, if any.</remarks>
    string? SchedulerConfigJson(string source)
    {
        var path = Path.Combine(source, "scheduler", "scheduler_config.json");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    /// <summary>The ONNX opset the compiled graphs use; part of the compiled model's key.</summary>
    /// <remarks>Added in contract 1.5; null (a compiler built against 1.2 to 1.4): its <see cref="CompilerVersion"/> covers it.</remarks>
    long? Opset => null;

    /// <summary>The precisions <see cref="EnsureCompiled(string, string, IReadOnlyList{CheckpointLora}, string, string, CancellationToken)"/> compiles in (a model entry's <c>precision:</c>): <c>fp32</c>, and <c>fp16</c> where supported.</summary>
    /// <remarks>Added in contract 1.4; a compiler built against 1.2 or 1.3 compiles fp32 only.</remarks>
    IReadOnlyList<string> Precisions => ["fp32"];

    /// <summary>
    /// <see cref="EnsureCompiled(string, string, IReadOnlyList{CheckpointLora}, string, CancellationToken)"/>
    /// in <paramref name="precision"/>, one of <see cref="Precisions"/>; the precision is part of the
    /// compiled folder's identity. Whatever the precision, the compiled model takes and gives float32
    /// tensors, so the same pipeline runs it.
    /// </summary>
    /// <remarks>Added in contract 1.4.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="precision"/> is not one of <see cref="Precisions"/>.</exception>
    string EnsureCompiled(string source, string sourceFingerprint, IReadOnlyList<CheckpointLora> loras, string precision, string directory, CancellationToken cancellationToken) =>
        precision == "fp32"
            ? EnsureCompiled(source, sourceFingerprint, loras, directory, cancellationToken)
            : throw new ArgumentOutOfRangeException(nameof(precision), precision, "This compiler compiles fp32 only.");
}

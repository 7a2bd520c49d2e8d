namespace AssetForge.Abstractions.Models;

/// <summary>An opened model, able to generate images. Not thread-safe: one generation at a time.</summary>
public interface IModelSession : IDisposable
{
    /// <summary>What the model and the chosen execution provider can do.</summary>
    ModelSessionInfo Info { get; }

    /// <summary>
    /// Generates one image per job. Jobs with the same size and guidance may be run as one batch
    /// when the model's batch dimension is dynamic; each job's pixels depend only on that job (its
    /// own scheduler and noise source), never on its batch neighbours.
    /// </summary>
    /// <param name="jobs">The images to generate.</param>
    /// <param name="progress">Receives a report after every denoising step.</param>
    /// <param name="cancellationToken">Stops between steps.</param>
    Task<IReadOnlyList<GeneratedImage>> GenerateAsync(
        IReadOnlyList<ImageJob> jobs,
        IProgress<GenerationProgress>? progress,
        CancellationToken cancellationToken);
}

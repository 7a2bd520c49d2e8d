namespace AssetForge.Abstractions.Models;

/// <summary>Progress of one <see cref="IModelSession.GenerateAsync"/> call.</summary>
/// <param name="JobIndex">The first job of the batch in progress.</param>
/// <param name="JobCount">How many jobs that batch holds.</param>
/// <param name="Step">Denoising evaluations done for that batch.</param>
/// <param name="TotalSteps">Denoising evaluations that batch needs.</param>
public readonly record struct GenerationProgress(int JobIndex, int JobCount, int Step, int TotalSteps);

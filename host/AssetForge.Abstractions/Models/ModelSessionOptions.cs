namespace AssetForge.Abstractions.Models;

/// <summary>How to open a model.</summary>
/// <param name="ModelDirectory">The model folder (absolute).</param>
/// <param name="ExecutionProvider"><c>auto</c>, <c>cpu</c>, <c>dml</c> or <c>cuda</c>.</param>
/// <param name="IntraOpThreads">Threads per inference call; 0 lets the runtime decide.</param>
public sealed record ModelSessionOptions(string ModelDirectory, string ExecutionProvider = "auto", int IntraOpThreads = 0);

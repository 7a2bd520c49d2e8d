namespace AssetForge.Pipeline.Benchmarks;

using Microsoft.ML.OnnxRuntime;

/// <summary>The session options AssetForge's pipeline uses (StableDiffusionSession.Open), for the baseline arms.</summary>
internal static class BenchmarkSessionOptions
{
    public static SessionOptions Create(string provider)
    {
        var options = new SessionOptions
        {
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            EnableMemoryPattern = false,
        };
        if (provider == "cuda")
        {
            options.AppendExecutionProvider_CUDA(0);
        }

        return options;
    }
}

namespace AssetForge.Core.NoOp;

/// <summary>A target that was current when the no-op state was written: its id and its output file (absolute) as written.</summary>
public sealed record NoOpTarget(string Id, string OutputPath, FileStamp Output);

namespace AssetForge.Core.NoOp;

/// <summary>A path and its stamp when the no-op state was written.</summary>
public sealed record StampedPath(string Path, FileStamp Stamp);

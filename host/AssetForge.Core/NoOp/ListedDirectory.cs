namespace AssetForge.Core.NoOp;

/// <summary>A folder the spec search walked, and its listing when the no-op state was written.</summary>
public sealed record ListedDirectory(string Path, DirectoryListing Listing);

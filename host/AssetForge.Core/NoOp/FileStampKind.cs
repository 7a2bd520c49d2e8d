namespace AssetForge.Core.NoOp;

/// <summary>What a path was when it was stamped.</summary>
public enum FileStampKind
{
    /// <summary>Nothing there.</summary>
    Missing = 0,

    /// <summary>A file (or anything that is not a folder).</summary>
    File = 1,

    /// <summary>A folder.</summary>
    Directory = 2,

    /// <summary>stat failed for another reason than absence: such a stamp never proves anything.</summary>
    Unknown = 3,
}

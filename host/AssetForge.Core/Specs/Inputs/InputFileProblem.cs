namespace AssetForge.Core.Specs.Inputs;

/// <summary>Why a file a project names could not be read.</summary>
public enum InputFileProblem
{
    /// <summary>Read in full.</summary>
    None,

    /// <summary>Missing, a folder, permission denied, or an I/O error.</summary>
    Unreadable,

    /// <summary>A pipe, a device or another file that is not a regular file (reading it could block or never end).</summary>
    NotRegularFile,

    /// <summary>Larger than the limit for its kind; refused from its size alone.</summary>
    TooLarge,
}

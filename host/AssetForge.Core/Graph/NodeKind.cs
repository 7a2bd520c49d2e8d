namespace AssetForge.Core.Graph;

/// <summary>What a node of the action graph produces, and so which runner produces it.</summary>
internal enum NodeKind
{
    /// <summary>An image the model generates (a plain asset, a variant or a sweep cell): the only kind that needs a model.</summary>
    Generation,

    /// <summary>One step of a <c>post:</c> chain applied to its input image.</summary>
    PostStage,

    /// <summary>A sweep's contact sheet, drawn from its cells.</summary>
    ContactSheet,

    /// <summary>A sprite sheet, packed from its members: two outputs, the atlas and its map.</summary>
    SpriteSheet,

    /// <summary>
    /// A checkpoint compiled into the folder its backend opens (one per model source, LoRA set and
    /// precision); the generations that use it take it as their input. Its output is a folder, kept
    /// in the store as blobs (<see cref="Caching.StoredFolder"/>).
    /// </summary>
    CompileModel,
}

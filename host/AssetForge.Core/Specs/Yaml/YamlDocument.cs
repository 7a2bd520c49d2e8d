namespace AssetForge.Core.Specs.Yaml;

using AssetForge.Core.Diagnostics;

/// <summary>
/// A read YAML file: a tree (null when the file holds no document) and the problems found in it,
/// or a fatal error (unreadable, too large, not text, not YAML) and no tree.
/// </summary>
internal sealed class YamlDocument
{
    private YamlDocument(SpecNode? root, IReadOnlyList<YamlProblem> problems, Diagnostic? fatal)
    {
        Root = root;
        Problems = problems;
        FatalError = fatal;
    }

    /// <summary>The root node; null for an empty document or after a fatal error.</summary>
    public SpecNode? Root { get; }

    /// <summary>Non-fatal problems, each tied to a top-level item.</summary>
    public IReadOnlyList<YamlProblem> Problems { get; }

    /// <summary>The error that made the file unreadable, if any.</summary>
    public Diagnostic? FatalError { get; }

    public static YamlDocument Read(SpecNode? root, IReadOnlyList<YamlProblem> problems) => new(root, problems, null);

    public static YamlDocument Fatal(Diagnostic error) => new(null, [], error);
}

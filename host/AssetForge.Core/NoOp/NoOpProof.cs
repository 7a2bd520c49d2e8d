namespace AssetForge.Core.NoOp;

/// <summary>
/// Proves that nothing changed since the last complete, clean build of a project, from its
/// <see cref="NoOpState"/> alone: the same engine and environment, every input with the same
/// stamp, every spec folder with the same listing, every output as written. No config, spec,
/// plugin or model is read; whatever cannot be proven is left to the full build.
/// </summary>
public static class NoOpProof
{
    /// <summary>
    /// The state when it proves every target current, else null with <paramref name="reason"/>
    /// saying what differs (for <c>-v detailed</c> and tests).
    /// </summary>
    /// <param name="projectDirectory">The project folder (absolute).</param>
    /// <param name="specList">The explicit spec list the build is given (<c>--specs-from</c>), one path per line; null for the config's globs.</param>
    /// <param name="reason">Why nothing is proven; empty when proven.</param>
    public static NoOpState? TryProve(string projectDirectory, string? specList, out string reason)
    {
        ArgumentNullException.ThrowIfNull(projectDirectory);
        if (NoOpStateFile.TryRead(projectDirectory) is not { } state)
        {
            reason = "no no-op state";
            return null;
        }

        if (!string.Equals(state.Tool, NoOpToolIdentity.Current, StringComparison.Ordinal))
        {
            reason = "another engine build wrote the state";
            return null;
        }

        if (!string.Equals(state.Environment, NoOpToolIdentity.Environment(), StringComparison.Ordinal))
        {
            reason = "ASSETFORGE_* environment changed";
            return null;
        }

        if (!string.Equals(state.SpecList, specList, StringComparison.Ordinal))
        {
            reason = "another spec list";
            return null;
        }

        foreach (var input in state.Inputs)
        {
            if (!input.Stamp.IsProof || FileStamp.Of(input.Path) != input.Stamp)
            {
                reason = "input changed: " + input.Path;
                return null;
            }
        }

        foreach (var listed in state.Listings)
        {
            if (DirectoryListing.Of(listed.Path) != listed.Listing)
            {
                reason = "folder listing changed: " + listed.Path;
                return null;
            }
        }

        foreach (var target in state.Targets)
        {
            if (FileStamp.Of(target.OutputPath) != target.Output)
            {
                reason = "output changed: " + target.OutputPath;
                return null;
            }
        }

        reason = string.Empty;
        return state;
    }
}

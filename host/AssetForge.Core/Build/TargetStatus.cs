namespace AssetForge.Core.Build;

using AssetForge.Core.Graph;
using AssetForge.Core.Hashing;
using AssetForge.Core.Specs;

/// <summary>One target's state for <c>status</c> and <c>explain</c>: against the build state, else (a fresh clone) against the committed lock file.</summary>
internal static class TargetStatus
{
    private const string LockFileNoEntry = "not in " + LockFile.FileName;

    private const string LockFileDiffers = LockFile.FileName;

    public static async Task<StatusEntry> OfAsync(ProjectConfig config, BuildTarget target, BuildState state, LockFile lockFile, CancellationToken cancellationToken)
    {
        var output = new FileInfo(target.OutputPath);
        var id = target.Id;
        var key = target.Source.Node.Hex;
        var relative = BuildEngine.RelativeToProject(config, target.OutputPath);
        if (state.Assets.TryGetValue(id, out var record) && record.Output == relative)
        {
            if (!output.Exists)
            {
                return new StatusEntry(id, AssetState.Missing, [], target.OutputPath);
            }

            if (record.Key != key)
            {
                var changed = ActionKeyInputs.ChangedFields(record.Fields, target.Fields);
                return new StatusEntry(id, AssetState.Stale, changed.Count > 0 ? changed : [ActionKeyInputs.SchemaField], target.OutputPath);
            }

            if (BuildEngine.RecordMatchesFile(record, output) ||
                (output.Length == record.Size && (await ContentHash.OfFileAsync(output.FullName, cancellationToken).ConfigureAwait(false)).Sha256 == record.Sha256))
            {
                return AgainstLockFile(lockFile, target, record.Sha256);
            }

            return new StatusEntry(id, AssetState.Stale, ["output"], target.OutputPath);
        }

        // No local state (a fresh clone): the committed lock file says what the output should be.
        if (lockFile.Entries.TryGetValue(id, out var locked) && output.Exists)
        {
            if (locked.Key != key)
            {
                return new StatusEntry(id, AssetState.Stale, [], target.OutputPath);
            }

            var (sha, _) = await ContentHash.OfFileAsync(output.FullName, cancellationToken).ConfigureAwait(false);
            return new StatusEntry(id, sha == locked.Sha256 ? AssetState.Current : AssetState.Stale, sha == locked.Sha256 ? [] : ["output"], target.OutputPath);
        }

        return new StatusEntry(id, AssetState.Missing, [], target.OutputPath);
    }

    // The local output is current; CI gates on the committed lock file, so it must agree too
    // (a lock file left behind by a commit that changed a spec but not the lock).
    private static StatusEntry AgainstLockFile(LockFile lockFile, BuildTarget target, string outputSha256)
    {
        if (!lockFile.Entries.TryGetValue(target.Id, out var locked))
        {
            return new StatusEntry(target.Id, AssetState.Stale, [LockFileNoEntry], target.OutputPath);
        }

        return locked.Key == target.Source.Node.Hex && locked.Sha256 == outputSha256
            ? new StatusEntry(target.Id, AssetState.Current, [], target.OutputPath)
            : new StatusEntry(target.Id, AssetState.Stale, [LockFileDiffers], target.OutputPath);
    }
}

namespace AssetForge.Core.Build;

using AssetForge.Abstractions.Plugins;
using AssetForge.Abstractions.PostProcessing;
using AssetForge.Core.Caching;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Hashing;
using AssetForge.Core.Plugins;
using AssetForge.Core.Specs;

/// <summary>Plans an asset's <c>post:</c> chain: one cached stage per step, each keyed over the previous stage's key.</summary>
internal static class PostChainPlanner
{
    /// <summary>The field under which an asset's post chain is recorded (for <c>status</c>'s "what changed").</summary>
    public const string PostField = "post";

    // Each stage's key covers its input's key, so the chain's last key covers everything before it.
    public static (PlannedAsset? Asset, Diagnostic? Error) Plan(PluginCatalog catalog, PlannedAsset asset)
    {
        var spec = asset.Spec;
        var stages = new List<PostStagePlan>(spec.Post.Count);
        var described = new List<string>(spec.Post.Count);
        var previous = asset.Key;
        var format = "png";
        var extraNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var written in spec.Post)
        {
            var step = catalog.FindPostStep(written.Name);
            if (step is null)
            {
                var ids = catalog.PostSteps.Select(s => s.Id).ToList();
                var hint = SpellingSuggestion.Closest(written.Name, ids) is { } close
                    ? $" Did you mean '{close}'?"
                    : $" The loaded plugins provide: {(ids.Count == 0 ? "none" : string.Join(", ", ids))}.";
                return (null, Diagnostic.Error(EngineCodes.UnknownPostStep, $"Unknown post step '{written.Name}'.{hint}", written.Location));
            }

            PostStepParameters parameters;
            try
            {
                parameters = step.Validate(PostStepFiles.WithContents(step, PostStepTiling.WithTiling(step, RawParameters(step, written), spec.Tiling), written.Location.Path));
            }
            catch (PostStepParameterException e)
            {
                var location = written.ParameterLocations.TryGetValue(e.ParameterName, out var at) ? at
                    : written.Shorthand is not null && written.ParameterLocations.TryGetValue(string.Empty, out var shorthand) ? shorthand
                    : written.Location;
                return (null, Diagnostic.Error(e.Code, $"Post step '{step.Id}': {e.Message}", location));
            }
            catch (PluginException e)
            {
                return (null, Diagnostic.Error(e.Code, $"Post step '{step.Id}': {e.Message}", written.Location));
            }
            catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
            {
                return (null, Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{catalog.PluginNameOf(step)}' failed validating post step '{step.Id}': {e.GetType().Name}: {e.Message}", written.Location));
            }

            var stepFields = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["kind"] = CanonicalJson.String("post"),
                ["input"] = CanonicalJson.String(previous.Hex),
                ["step"] = CanonicalJson.String(step.Id),
                ["version"] = CanonicalJson.String(step.Version),
                ["params"] = CanonicalJson.Object(parameters.Values.Select(p => new KeyValuePair<string, string>(p.Key, CanonicalJson.String(p.Value)))),
            };
            var key = ActionKeyInputs.ComputeKey(stepFields);
            var (extras, passesThrough, extrasError) = ExtrasOf(catalog, step, parameters, written, extraNames);
            if (extrasError is not null)
            {
                return (null, extrasError);
            }

            stages.Add(new PostStagePlan(step, parameters, previous, key, written.Location) { Extras = extras, PassesImageThrough = passesThrough });
            described.Add(CanonicalJson.Object(
            [
                new("step", CanonicalJson.String(step.Id)),
                new("version", CanonicalJson.String(step.Version)),
                new("params", stepFields["params"]),
            ]));
            previous = key;
            if (!passesThrough)
            {
                format = step.OutputFormat(parameters);
            }
        }

        if (!ExtensionMatches(spec.Output, format))
        {
            return (null, Diagnostic.Error(
                EngineCodes.OutputFormatMismatch,
                $"The post steps end in {format}, but the output '{spec.Output}' has the extension '{Path.GetExtension(spec.Output)}'; name the output {Path.ChangeExtension(Path.GetFileName(spec.Output), format == "jpeg" ? ".jpg" : "." + format)} (or change the format step).",
                spec.LocationOf(AssetFields.Output)));
        }

        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in asset.Fields)
        {
            fields[name] = value;
        }

        fields[PostField] = CanonicalJson.Array(described);
        return (asset with { Key = previous, Fields = fields, GenerationFields = asset.Fields, PostStages = stages }, null);
    }

    // The extras' names become target ids and their suffixes file names, so what a plugin declares
    // is checked here, before anything is lowered; a chain writing one extra name twice would give
    // two targets one id.
    private static (IReadOnlyList<PostStepExtraOutput> Extras, bool PassesThrough, Diagnostic? Error) ExtrasOf(
        PluginCatalog catalog, IPostStep step, PostStepParameters parameters, PostStepSpec written, HashSet<string> namesSoFar)
    {
        if (step is not IExtraOutputPostStep extraStep)
        {
            return ([], false, null);
        }

        IReadOnlyList<PostStepExtraOutput> extras;
        bool passesThrough;
        try
        {
            extras = extraStep.ExtraOutputs(parameters);
            passesThrough = extraStep.PassesImageThrough(parameters);
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
        {
            return ([], false, Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{catalog.PluginNameOf(step)}' failed listing the extra outputs of post step '{step.Id}': {e.GetType().Name}: {e.Message}", written.Location));
        }

        var own = new HashSet<string>(StringComparer.Ordinal);
        foreach (var extra in extras)
        {
            if (!IsExtraName(extra.Name) || !own.Add(extra.Name) || !IsSuffix(extra.Suffix) || extra.Format is not ("png" or "webp" or "jpeg"))
            {
                return ([], false, Diagnostic.Error(EngineCodes.PluginCrashed, $"Plugin '{catalog.PluginNameOf(step)}' declares an invalid extra output of post step '{step.Id}': name '{extra.Name}', suffix '{extra.Suffix}', format '{extra.Format}' (names are unique lower-case identifiers other than 'image', suffixes letters, digits, '_', '-' or '.').", written.Location));
            }

            if (!namesSoFar.Add(extra.Name))
            {
                return ([], false, Diagnostic.Error(DiagnosticCodes.DuplicateOutput, $"Post step '{step.Id}' writes the extra output '{extra.Name}', which an earlier step of this chain already writes; keep one of them (or give one its own asset).", written.Location));
            }
        }

        return (extras, passesThrough, null);
    }

    private static bool IsExtraName(string name)
    {
        if (name.Length == 0 || name == ActionRecord.ImageOutput || name[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSuffix(string suffix)
    {
        if (suffix.Length == 0)
        {
            return false;
        }

        foreach (var c in suffix)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static PostStepParameters RawParameters(IPostStep step, PostStepSpec written)
    {
        if (written.Shorthand is null)
        {
            return new PostStepParameters(written.Parameters);
        }

        if (step.ShorthandParameter is not { } name)
        {
            throw new PostStepParameterException(string.Empty, "this step has no short form; write its parameters as a mapping, e.g. { " + step.Id + ": { name: value } }.");
        }

        return new PostStepParameters([new(name, written.Shorthand)]);
    }

    private static bool ExtensionMatches(string output, string format)
    {
        var extension = Path.GetExtension(output).ToLowerInvariant();
        return format switch
        {
            "jpeg" => extension is ".jpg" or ".jpeg",
            _ => extension == "." + format,
        };
    }
}

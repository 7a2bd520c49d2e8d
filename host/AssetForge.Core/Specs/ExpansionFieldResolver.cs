namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.NoOp;
using AssetForge.Core.Specs.Inputs;

/// <summary>
/// Resolves what the expansion and img2img fields of one asset mean once the rest is known: the
/// init image's path, strength's default, <c>variants: { count: N }</c>'s seeds, and the
/// combinations that are refused.
/// </summary>
internal static class ExpansionFieldResolver
{
    /// <summary>diffusers' img2img default.</summary>
    public const double DefaultStrength = 0.8;

    public static (string? InitImage, double Strength, IReadOnlyList<ulong>? Variants) Resolve(
        AssetFieldValues values, string specFile, string projectDirectory, ulong? seed, List<Diagnostic> diagnostics)
    {
        string? initImage = null;
        if (values.InitImage is { } written)
        {
            // Next to the spec first (a sketch kept beside its spec), then from the project root.
            var candidates = new[]
            {
                Path.GetFullPath(written, Path.GetDirectoryName(Path.GetFullPath(specFile))!),
                Path.GetFullPath(written, projectDirectory),
            };
            var location = values.Locations[AssetFields.InitImage];
            candidates = Array.FindAll(candidates, candidate => ProjectPath.IsInside(candidate, projectDirectory));
            foreach (var candidate in candidates)
            {
                // The first that exists wins: one appearing before it would change the key.
                InputFileLog.NoteFile(candidate);
            }

            if (candidates.Length == 0)
            {
                diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.PathOutsideProject,
                    $"The init_image '{written}' is outside the project folder {projectDirectory}; spec paths must stay inside it (copy the image into the project).",
                    location));
            }
            else if ((initImage = Array.Find(candidates, File.Exists)) is null)
            {
                diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.InitImageNotFound,
                    $"The init_image '{written}' does not exist (looked for {string.Join(" and ", candidates.Distinct(StringComparer.Ordinal))}).",
                    location));
            }
            else if (InitImageCheck.ProblemWith(initImage) is { } problem)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidInitImage, $"The init_image '{written}' cannot be used: {problem}.", location));
                initImage = null;
            }
        }

        var strength = 1.0;
        if (values.Strength is { } s)
        {
            if (values.InitImage is null && !values.Locations.ContainsKey(AssetFields.InitImage))
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.InvalidStrength, "'strength' only applies to img2img; add 'init_image:' or remove 'strength'.", values.Locations[AssetFields.Strength]));
            }

            strength = s;
        }
        else if (values.InitImage is not null)
        {
            strength = DefaultStrength;
        }

        IReadOnlyList<ulong>? variants = values.Variants;
        if (values.VariantCount is { } count && seed is { } first)
        {
            var largestFirst = ulong.MaxValue - (ulong)(count - 1);
            if (first > largestFirst)
            {
                // Fewer images than asked for, with exit 0, would be silent truncation: refuse at the seed.
                var at = values.Locations.TryGetValue(AssetFields.Seed, out var seedLocation) ? seedLocation : values.Locations[AssetFields.Variants];
                diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.OutOfRange,
                    $"'seed' {first} with 'variants: {{ count: {count} }}' would need seeds past 2^64-1 (18446744073709551615); use a seed of at most {largestFirst}, or list the seeds with 'variants: {{ seeds: [...] }}'.",
                    at));
            }
            else
            {
                var seeds = new List<ulong>(count);
                for (var i = 0; i < count; i++)
                {
                    seeds.Add(first + (ulong)i);
                }

                variants = seeds;
            }
        }

        if (variants is not null && values.Sweep is not null)
        {
            diagnostics.Add(Diagnostic.Error(
                DiagnosticCodes.InvalidVariants,
                "'variants:' and 'sweep:' cannot be combined; to sweep over seeds, add 'seed: [..]' to the sweep.",
                values.Locations[AssetFields.Variants]));
        }

        return (initImage, strength, variants);
    }
}

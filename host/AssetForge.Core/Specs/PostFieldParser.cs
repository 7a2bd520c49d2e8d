namespace AssetForge.Core.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Yaml;

/// <summary>Reads <c>post:</c>: a list of one-key mappings, step name → scalar (short form) or mapping of scalars (long form).</summary>
internal static class PostFieldParser
{
    public static IReadOnlyList<PostStepSpec>? Read(SpecNode node, List<Diagnostic> diagnostics)
    {
        if (node is not SpecSequence sequence)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"'post' must be a list of steps, e.g. post: [ {{ resize: 256x256 }}, {{ pad: pow2 }} ]; got {node.Describe()}.", node.Location));
            return null;
        }

        var before = diagnostics.Count;
        var steps = new List<PostStepSpec>(sequence.Items.Count);
        foreach (var item in sequence.Items)
        {
            if (item is not SpecMapping { Entries.Count: 1 } mapping)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"Each post step must be a mapping with one key, the step's name, e.g. {{ resize: 256x256 }}; got {item.Describe()}.", item.Location));
                continue;
            }

            var (name, value) = mapping.Entries[0];
            switch (value)
            {
                case SpecScalar scalar:
                    steps.Add(new PostStepSpec(name.Value, scalar.Value, [], name.Location, new Dictionary<string, SourceLocation>(StringComparer.Ordinal) { [string.Empty] = scalar.Location }));
                    break;
                case SpecMapping parameters:
                    var list = new List<KeyValuePair<string, string>>(parameters.Entries.Count);
                    var locations = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
                    foreach (var (key, parameter) in parameters.Entries)
                    {
                        if (parameter is not SpecScalar text)
                        {
                            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"The parameter '{key.Value}' of post step '{name.Value}' must be a single value; got {parameter.Describe()}.", parameter.Location));
                            continue;
                        }

                        list.Add(new(key.Value, text.Value));
                        locations[key.Value] = text.Location;
                    }

                    steps.Add(new PostStepSpec(name.Value, null, list, name.Location, locations));
                    break;
                default:
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.WrongType, $"The post step '{name.Value}' takes a value (short form) or a mapping of parameters; got {value.Describe()}.", value.Location));
                    break;
            }
        }

        return diagnostics.Count == before ? steps : null;
    }
}

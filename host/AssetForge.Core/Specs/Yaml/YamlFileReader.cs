namespace AssetForge.Core.Specs.Yaml;

using System.Buffers;
using System.Text;
using System.Text.Unicode;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs.Inputs;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

/// <summary>
/// Reads one YAML file into a <see cref="SpecNode"/> tree with positions, defensively: the size is
/// checked before anything is read, the bytes must be UTF-8 text, anchors and aliases are refused
/// (so an alias bomb is an error at its first anchor, never an expansion), nesting is capped, and
/// every failure becomes a diagnostic, never an exception. Uses YamlDotNet's event parser rather
/// than its representation model so that duplicate keys, tags and anchors can be seen.
/// </summary>
internal static class YamlFileReader
{
    /// <summary>Deeper than any spec or config needs; refuses pathological nesting cheaply.</summary>
    public const int MaxDepth = 32;

    private const string StringTag = "tag:yaml.org,2002:str";

    /// <summary>Reads <paramref name="path"/>; files over <paramref name="maxBytes"/> are refused from their size alone.</summary>
    public static YamlDocument ReadFile(string path, long maxBytes)
    {
        var content = RegularFile.Read(path, maxBytes);
        switch (content.Problem)
        {
            case InputFileProblem.TooLarge:
                return YamlDocument.Fatal(Diagnostic.Error(
                    DiagnosticCodes.FileTooLarge,
                    $"The file is {content.Length:N0} bytes; YAML files over {maxBytes:N0} bytes are refused. A spec should be a few lines: split it, or check that this is the file you meant.",
                    new SourceLocation(path, 1, 1)));
            case InputFileProblem.NotRegularFile:
                return YamlDocument.Fatal(Diagnostic.Error(
                    DiagnosticCodes.NotARegularFile, $"The file is not read: {content.Message}. Only regular files are read.", SourceLocation.FileOnly(path)));
            case InputFileProblem.Unreadable:
                return YamlDocument.Fatal(Diagnostic.Error(
                    DiagnosticCodes.FileUnreadable, $"The file could not be read: {content.Message}", SourceLocation.FileOnly(path)));
        }

        var bytes = content.Bytes;
        return Parse(path, bytes);
    }

    /// <summary>Parses UTF-8 <paramref name="bytes"/> as if read from <paramref name="path"/>.</summary>
    public static YamlDocument Parse(string path, ReadOnlySpan<byte> bytes)
    {
        if (!TryDecode(path, bytes, out var text, out var encodingError))
        {
            return YamlDocument.Fatal(encodingError);
        }

        var builder = new TreeBuilder(path, text);
        return builder.Build();
    }

    private static bool TryDecode(string path, ReadOnlySpan<byte> bytes, out string text, out Diagnostic error)
    {
        text = string.Empty;
        error = null!;
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        // UTF-16 needs at most one char per UTF-8 byte.
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                var (line, column) = Position(chars.AsSpan(0, written), written);
                var hint = bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF))
                    ? " It looks like UTF-16: save the file as UTF-8."
                    : " Save the file as UTF-8, or check that it is a text file.";
                error = Diagnostic.Error(
                    DiagnosticCodes.NotText,
                    $"The file is not valid UTF-8 text: byte 0x{bytes[bytesRead]:X2} at offset {bytesRead} cannot be decoded.{hint}",
                    new SourceLocation(path, line, column));
                return false;
            }

            var span = chars.AsSpan(0, written);
            var bad = IndexOfNonPrintable(span);
            if (bad >= 0)
            {
                var (line, column) = Position(span, bad);
                var what = span[bad] == '\0'
                    ? "a NUL character: it looks like binary data, not a YAML text file"
                    : $"the control character U+{(int)span[bad]:X4}, which YAML does not allow";
                error = Diagnostic.Error(DiagnosticCodes.NotText, $"The file contains {what}.", new SourceLocation(path, line, column));
                return false;
            }

            text = new string(span);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    // YAML 1.2 printable set: TAB, LF, CR, x20-x7E, x85, xA0-xD7FF, xE000-xFFFD and (as surrogate
    // pairs, which a valid decode guarantees are paired) the supplementary planes.
    private static int IndexOfNonPrintable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x20 && c < 0x7F)
            {
                continue;
            }

            if (c is '\t' or '\n' or '\r' or '\u0085' || (c >= 0xA0 && c <= 0xFFFD))
            {
                continue;
            }

            return i;
        }

        return -1;
    }

    private static (int Line, int Column) Position(ReadOnlySpan<char> text, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    /// <summary>Builds the tree from parser events, recording problems against top-level items.</summary>
    private sealed class TreeBuilder
    {
        private readonly string _path;
        private readonly string _text;
        private readonly Scanner _scanner;
        private readonly Parser _parser;
        private readonly List<YamlProblem> _problems = [];
        private readonly Stack<(char Bracket, Mark Start)> _openFlows = new();
        private int _rootItem = -1;

        public TreeBuilder(string path, string text)
        {
            _path = path;
            _text = text;
            _scanner = new Scanner(new StringReader(text), skipComments: true);
            _parser = new Parser(_scanner);
        }

        public YamlDocument Build()
        {
            try
            {
                Expect<StreamStart>();
                Next();
                if (_parser.Current is StreamEnd)
                {
                    return YamlDocument.Read(null, _problems);
                }

                Next(); // past DocumentStart
                var root = ReadNode(depth: 0, isRoot: true);
                if (root is null)
                {
                    return YamlDocument.Fatal(TooDeep());
                }

                // _parser.Current is DocumentEnd.
                Next();
                if (_parser.Current is DocumentStart second)
                {
                    return YamlDocument.Fatal(Diagnostic.Error(
                        DiagnosticCodes.MultipleDocuments,
                        "A second YAML document ('---') starts here; a file holds one document. To define several assets in one file, write a list of them ('- id: ...').",
                        At(second.Start)));
                }

                return YamlDocument.Read(root, _problems);
            }
            catch (YamlException e)
            {
                // An error past the last character of content with a '[' or '{' still open is an
                // unclosed bracket: point at the bracket, which is where the fix goes.
                if (_openFlows.TryPeek(out var open) && e.Start.Index > LastContentIndex())
                {
                    return YamlDocument.Fatal(Unclosed(open));
                }

                return YamlDocument.Fatal(SyntaxError(e.Message, e.Start, e.End));
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                // YamlDotNet throws these for some malformed input (e.g. an unclosed '[' at the end).
                if (_openFlows.TryPeek(out var open))
                {
                    return YamlDocument.Fatal(Unclosed(open));
                }

                var position = _scanner.CurrentPosition;
                return YamlDocument.Fatal(SyntaxError("the document could not be parsed here.", position, position));
            }
        }

        private Diagnostic Unclosed((char Bracket, Mark Start) open)
        {
            var closing = open.Bracket == '[' ? ']' : '}';
            return SyntaxError($"this '{open.Bracket}' is never closed; add the matching '{closing}'.", open.Start, _scanner.CurrentPosition);
        }

        private int LastContentIndex()
        {
            var i = _text.Length - 1;
            while (i >= 0 && char.IsWhiteSpace(_text[i]))
            {
                i--;
            }

            return i;
        }

        // Returns null only when nesting exceeds MaxDepth (fatal).
        private SpecNode? ReadNode(int depth, bool isRoot = false)
        {
            if (depth > MaxDepth)
            {
                return null;
            }

            var current = _parser.Current!;
            if (current is AnchorAlias alias)
            {
                Problem(DiagnosticCodes.AnchorsNotSupported, $"YAML aliases ('*{alias.Value}') are not supported in AssetForge files: write the value out, or put shared values under 'defaults:' in assetforge.yaml.", alias.Start);
                Next();
                return new SpecScalar(At(alias.Start), string.Empty, ScalarKind.Null, quoted: false);
            }

            var node = (NodeEvent)current;
            if (!node.Anchor.IsEmpty)
            {
                Problem(DiagnosticCodes.AnchorsNotSupported, $"YAML anchors ('&{node.Anchor.Value}') are not supported in AssetForge files: write values out, or put shared values under 'defaults:' in assetforge.yaml.", node.Start);
            }

            switch (current)
            {
                case Scalar scalar:
                    return ReadScalar(scalar);
                case SequenceStart sequenceStart:
                    CheckCollectionTag(sequenceStart);
                    return ReadSequence(sequenceStart, depth, isRoot);
                case MappingStart mappingStart:
                    CheckCollectionTag(mappingStart);
                    return ReadMapping(mappingStart, depth);
                default:
                    throw new YamlException(current.Start, current.End, $"Unexpected {current.GetType().Name}.");
            }
        }

        private SpecScalar ReadScalar(Scalar scalar)
        {
            Next();
            var quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted;
            ScalarKind kind;
            if (!scalar.Tag.IsEmpty)
            {
                // '!' (non-specific) and '!!str' both mean "a string"; other tags are refused.
                if (!scalar.Tag.IsNonSpecific && scalar.Tag.Value != StringTag)
                {
                    Problem(DiagnosticCodes.TagNotSupported, $"The YAML tag '{scalar.Tag.Value}' is not supported; only '!!str' is. Remove the tag.", scalar.Start);
                }

                kind = ScalarKind.String;
            }
            else
            {
                kind = scalar.Style == ScalarStyle.Plain ? CoreSchema.ResolvePlain(scalar.Value) : ScalarKind.String;
            }

            return new SpecScalar(At(scalar.Start), scalar.Value, kind, quoted);
        }

        private SpecSequence? ReadSequence(SequenceStart start, int depth, bool isRoot)
        {
            TrackFlow(start.Style == SequenceStyle.Flow, '[', start.Start);
            Next();
            var items = new List<SpecNode>();
            while (_parser.Current is not SequenceEnd)
            {
                if (isRoot)
                {
                    _rootItem = items.Count;
                }

                var item = ReadNode(depth + 1);
                if (item is null)
                {
                    return null;
                }

                items.Add(item);
            }

            if (isRoot)
            {
                _rootItem = -1;
            }

            UntrackFlow(start.Style == SequenceStyle.Flow);
            Next();
            return new SpecSequence(At(start.Start), items);
        }

        private SpecMapping? ReadMapping(MappingStart start, int depth)
        {
            TrackFlow(start.Style == MappingStyle.Flow, '{', start.Start);
            Next();
            var entries = new List<KeyValuePair<SpecScalar, SpecNode>>();
            Dictionary<string, SpecScalar>? seen = null;
            while (_parser.Current is not MappingEnd)
            {
                var keyNode = ReadNode(depth + 1);
                if (keyNode is null)
                {
                    return null;
                }

                var value = ReadNode(depth + 1);
                if (value is null)
                {
                    return null;
                }

                if (keyNode is not SpecScalar key || key.Kind == ScalarKind.Null || key.Value.Length == 0)
                {
                    var what = keyNode is SpecScalar ? "an empty key" : $"{keyNode.Describe()} as a key";
                    Problem(DiagnosticCodes.InvalidKey, $"Found {what}; keys must be plain names such as 'prompt'.", keyNode.Location);
                    continue;
                }

                if (key.Value == "<<" && !key.IsQuoted)
                {
                    Problem(DiagnosticCodes.AnchorsNotSupported, "YAML merge keys ('<<') are not supported in AssetForge files: write the fields out, or put shared values under 'defaults:' in assetforge.yaml.", key.Location);
                    continue;
                }

                // Small mappings are the norm: a linear scan beats a dictionary up to a dozen keys.
                if (entries.Count < 16 && seen is null)
                {
                    var duplicate = false;
                    foreach (var (existing, _) in entries)
                    {
                        if (existing.Value == key.Value)
                        {
                            ReportDuplicate(key, existing);
                            duplicate = true;
                            break;
                        }
                    }

                    if (duplicate)
                    {
                        continue;
                    }
                }
                else
                {
                    if (seen is null)
                    {
                        seen = new Dictionary<string, SpecScalar>(StringComparer.Ordinal);
                        foreach (var (earlier, _) in entries)
                        {
                            seen[earlier.Value] = earlier;
                        }
                    }

                    if (seen.TryGetValue(key.Value, out var existing))
                    {
                        ReportDuplicate(key, existing);
                        continue;
                    }

                    seen[key.Value] = key;
                }

                entries.Add(new KeyValuePair<SpecScalar, SpecNode>(key, value));
            }

            UntrackFlow(start.Style == MappingStyle.Flow);
            Next();
            return new SpecMapping(At(start.Start), entries);
        }

        private void ReportDuplicate(SpecScalar key, SpecScalar first) =>
            _problems.Add(new YamlProblem(_rootItem, Diagnostic.Error(
                DiagnosticCodes.DuplicateKey,
                $"The key '{key.Value}' appears twice in the same mapping (first at line {first.Location.Line}, column {first.Location.Column}); remove one.",
                key.Location)));

        private void CheckCollectionTag(NodeEvent node)
        {
            if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific)
            {
                Problem(DiagnosticCodes.TagNotSupported, $"The YAML tag '{node.Tag.Value}' is not supported here. Remove the tag.", node.Start);
            }
        }

        private void TrackFlow(bool isFlow, char bracket, Mark start)
        {
            if (isFlow)
            {
                _openFlows.Push((bracket, start));
            }
        }

        private void UntrackFlow(bool isFlow)
        {
            if (isFlow)
            {
                _openFlows.Pop();
            }
        }

        private void Problem(string code, string message, Mark at) =>
            _problems.Add(new YamlProblem(_rootItem, Diagnostic.Error(code, message, At(at))));

        private void Problem(string code, string message, SourceLocation at) =>
            _problems.Add(new YamlProblem(_rootItem, Diagnostic.Error(code, message, at)));

        private Diagnostic TooDeep() => Diagnostic.Error(
            DiagnosticCodes.NestingTooDeep,
            $"Values are nested more than {MaxDepth} levels deep; no AssetForge file needs that. Check the brackets and indentation.",
            _parser.Current is { } current ? At(current.Start) : new SourceLocation(_path, 1, 1));

        private Diagnostic SyntaxError(string message, Mark start, Mark end)
        {
            // YamlDotNet reports a tab in indentation at the token before it (sometimes at the start
            // of the enclosing mapping); look up to where the scanner stopped and point at the tab.
            var furthest = Math.Max(Math.Max(start.Line, end.Line), _scanner.CurrentPosition.Line);
            var lastLine = (int)Math.Min(furthest + 1, int.MaxValue);
            if (FindIndentationTab(lastLine) is { } tab)
            {
                return Diagnostic.Error(
                    DiagnosticCodes.TabIndentation,
                    "A tab is used for indentation; YAML allows only spaces there. Replace the tab with spaces.",
                    tab);
            }

            var text = message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : "invalid syntax.";
            if (!text.EndsWith('.'))
            {
                text += ".";
            }

            return Diagnostic.Error(DiagnosticCodes.YamlSyntax, $"Invalid YAML: {text}", At(start));
        }

        // The first tab in the indentation of a line that has content (blank and comment-only
        // lines may hold tabs), up to lastLine.
        private SourceLocation? FindIndentationTab(int lastLine)
        {
            var line = 1;
            var column = 1;
            var inIndentation = true;
            SourceLocation? pendingTab = null;
            foreach (var c in _text)
            {
                if (line > lastLine)
                {
                    break;
                }

                if (c == '\n')
                {
                    line++;
                    column = 1;
                    inIndentation = true;
                    pendingTab = null;
                    continue;
                }

                if (inIndentation)
                {
                    if (c == '\t')
                    {
                        pendingTab ??= new SourceLocation(_path, line, column);
                    }
                    else if (c is not (' ' or '\r'))
                    {
                        if (pendingTab is not null && c != '#')
                        {
                            return pendingTab;
                        }

                        inIndentation = false;
                    }
                }

                column++;
            }

            return null;
        }

        private void Expect<T>()
            where T : ParsingEvent
        {
            Next();
            if (_parser.Current is not T)
            {
                throw new YamlException($"Expected {typeof(T).Name}.");
            }
        }

        private void Next()
        {
            if (!_parser.MoveNext())
            {
                throw new YamlException("Unexpected end of the document.");
            }
        }

        private SourceLocation At(Mark mark) => new(_path, (int)mark.Line, (int)mark.Column);
    }
}

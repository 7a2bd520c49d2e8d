namespace AssetForge.Core.Tests.Specs;

using System.Text;
using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;

/// <summary>
/// One bad spec per case, next to a good one: each must give its own code at its own line and
/// column, yield no asset, and leave the good spec loading.
/// </summary>
public sealed class BadSpecTests
{
    private const string Ok = "prompt: red potion\nseed: 1\n";

    private static IEnumerable<TestCaseData> Cases()
    {
        // Reading the file.
        yield return Case("unclosed_quote", "prompt: \"red potion\nseed: 1\n", DiagnosticCodes.YamlSyntax, 1, 9, "quoted scalar");
        yield return Case("unclosed_bracket", "prompt: [red, potion\nseed: 1\n", DiagnosticCodes.YamlSyntax, 1, 9, "'[' is never closed");
        yield return Case("mapping_inside_plain_scalar", "prompt: red\n  seed: 1\n", DiagnosticCodes.YamlSyntax, 2, 7, "Invalid YAML");
        yield return Case("tab_indentation", Ok + "scheduler_options:\n\ttimestep_spacing: trailing\n", DiagnosticCodes.TabIndentation, 4, 1, "tab");
        yield return Case("invalid_utf8", Bytes("prompt: caf", [0xC3, 0x28], "\nseed: 1\n"), DiagnosticCodes.NotText, 1, 12, "not valid UTF-8");
        yield return Case("nul_byte", "prompt: a\0b\nseed: 1\n", DiagnosticCodes.NotText, 1, 10, "NUL");
        yield return Case("binary_garbage", Bytes(string.Empty, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF], string.Empty), DiagnosticCodes.NotText, 1, 1, "not valid UTF-8");
        yield return Case("utf16_text", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Ok)).ToArray(), DiagnosticCodes.NotText, 1, 1, "UTF-16");
        yield return Case("control_character", "prompt: a\u0007b\nseed: 1\n", DiagnosticCodes.NotText, 1, 10, "U+0007");
        yield return Case("over_size_limit", Ok + new string('#', (int)SpecLoader.MaxFileBytes), DiagnosticCodes.FileTooLarge, 1, 1, "bytes");
        yield return Case("empty_file", string.Empty, DiagnosticCodes.EmptyFile, 1, 1, "empty");
        yield return Case("comments_only", "# to do\n", DiagnosticCodes.EmptyFile, 1, 1, "empty");
        yield return Case("null_document", "~\n", DiagnosticCodes.EmptyFile, 1, 1, "empty");
        yield return Case("empty_list", "[]\n", DiagnosticCodes.EmptyFile, 1, 1, "empty list");
        yield return Case("anchor_and_alias", "prompt: &p red\nnegative_prompt: *p\nseed: 1\n", DiagnosticCodes.AnchorsNotSupported, 1, 9, "anchors ('&p')");
        yield return Case("alias_bomb", AliasBomb(), DiagnosticCodes.AnchorsNotSupported, 1, 4, "anchors");
        yield return Case("merge_key", "<<: { seed: 1 }\nprompt: red\n", DiagnosticCodes.AnchorsNotSupported, 1, 1, "merge keys");
        yield return Case("explicit_tag", "prompt: red\nseed: !!int 5\n", DiagnosticCodes.TagNotSupported, 2, 7, "'tag:yaml.org,2002:int'");
        yield return Case("two_documents", Ok + "---\nprompt: blue\nseed: 2\n", DiagnosticCodes.MultipleDocuments, 3, 1, "second YAML document");
        yield return Case("nested_too_deep", Ok + "scheduler_options: { a: " + new string('[', 40) + new string(']', 40) + " }\n", DiagnosticCodes.NestingTooDeep, 3, 56, "nested more than");
        yield return Case("duplicate_key", Ok + "prompt: blue\n", DiagnosticCodes.DuplicateKey, 3, 1, "first at line 1, column 1");
        yield return Case("list_as_key", Ok + "? [a, b]\n: 1\n", DiagnosticCodes.InvalidKey, 3, 3, "a list as a key");
        yield return Case("top_level_scalar", "a red potion\n", DiagnosticCodes.NotAMapping, 1, 1, "holds the text 'a red potion'");
        yield return Case("list_of_scalars", "- a red potion\n", DiagnosticCodes.NotAMapping, 1, 3, "Item 1 of the list");

        // Fields.
        yield return Case("misspelled_key", "promt: red\nseed: 1\n", DiagnosticCodes.UnknownKey, 1, 1, "Did you mean 'prompt'?");
        yield return Case("unrelated_key", Ok + "colour: red\n", DiagnosticCodes.UnknownKey, 3, 1, "The fields are: id, output");
        yield return Case("sheet_with_a_prompt", Ok + "sheet: { members: [icons/a] }\n", DiagnosticCodes.UnknownKey, 1, 9, "'prompt' does not apply to a sprite sheet");
        yield return Case("sheet_misspelled_key", "sheet: { membrs: [icons/a] }\n", DiagnosticCodes.UnknownKey, 1, 10, "Did you mean 'members'?");
        yield return Case("sheet_without_members", "sheet: { padding: 2 }\n", DiagnosticCodes.MissingField, 1, 8, "'sheet' needs 'members'");
        yield return Case("original_size_a_number", Ok + "original_size: 1024\n", DiagnosticCodes.WrongType, 3, 16, "'original_size' must be WIDTHxHEIGHT");
        yield return Case("original_size_zero_wide", Ok + "original_size: 0x1024\n", DiagnosticCodes.OutOfRange, 3, 16, "but is 0x1024");
        yield return Case("crop_top_left_one_number", Ok + "crop_top_left: [4]\n", DiagnosticCodes.WrongType, 3, 16, "'crop_top_left' must be [top, left]");
        yield return Case("crop_top_left_negative", Ok + "crop_top_left: [4, -2]\n", DiagnosticCodes.OutOfRange, 3, 16, "each a whole number from 0");
        yield return Case("prompt_2_empty", Ok + "prompt_2: \"\"\n", DiagnosticCodes.EmptyValue, 3, 11, "'prompt_2' is empty");
        yield return Case("post_not_a_list", Ok + "post: resize\n", DiagnosticCodes.WrongType, 3, 7, "'post' must be a list of steps");
        yield return Case("post_step_with_two_names", Ok + "post: [ { resize: 8x8, pad: pow2 } ]\n", DiagnosticCodes.WrongType, 3, 9, "a mapping with one key");
        yield return Case("post_parameter_not_a_value", Ok + "post: [ { resize: { size: [8, 8] } } ]\n", DiagnosticCodes.WrongType, 3, 27, "must be a single value");
        yield return Case("tiling_word", Ok + "tiling: both\n", DiagnosticCodes.InvalidTiling, 3, 9, "'tiling' must be true");
        yield return Case("tiling_number", Ok + "tiling: 1\n", DiagnosticCodes.InvalidTiling, 3, 9, "'tiling' must be true");
        yield return Case("init_image_missing", Ok + "init_image: refs/potion.png\n", DiagnosticCodes.InitImageNotFound, 3, 13, "'refs/potion.png' does not exist");
        yield return Case("init_image_not_an_image", Ok + "init_image: good.yaml\n", DiagnosticCodes.InvalidInitImage, 3, 13, "not a PNG, JPEG or WebP");
        yield return Case("init_image_absolute_outside", Ok + "init_image: /etc/passwd\n", DiagnosticCodes.PathOutsideProject, 3, 13, "outside the project folder");
        yield return Case("init_image_parent_outside", Ok + "init_image: ../../../x.png\n", DiagnosticCodes.PathOutsideProject, 3, 13, "outside the project folder");
        yield return Case("init_image_a_folder", Ok + "init_image: models\n", DiagnosticCodes.InitImageNotFound, 3, 13, "does not exist");
        yield return Case("variants_count_past_the_largest_seed", "prompt: red\nseed: 18446744073709551614\nvariants: { count: 4 }\n", DiagnosticCodes.OutOfRange, 2, 7, "past 2^64-1");
        yield return Case("variants_count_zero", Ok + "variants: { count: 0 }\n", DiagnosticCodes.OutOfRange, 3, 20, "'variants.count' must be");
        yield return Case("steps_as_word", Ok + "steps: twenty\n", DiagnosticCodes.WrongType, 3, 8, "whole number from 1 to 1000, but is the text 'twenty'");
        yield return Case("prompt_as_list", "prompt: [red, potion]\nseed: 1\n", DiagnosticCodes.WrongType, 1, 9, "'prompt' must be text, but is a list");
        yield return Case("quoted_steps", Ok + "steps: \"20\"\n", DiagnosticCodes.WrongType, 3, 8, "Remove the quotes");
        yield return Case("fractional_steps", Ok + "steps: 20.5\n", DiagnosticCodes.WrongType, 3, 8, "but is the number 20.5");
        yield return Case("scheduler_options_scalar", Ok + "scheduler_options: fast\n", DiagnosticCodes.WrongType, 3, 20, "must be a mapping");
        yield return Case("missing_prompt", "seed: 1\n", DiagnosticCodes.MissingField, 1, 1, "has no prompt");
        yield return Case("missing_seed", "prompt: red\n", DiagnosticCodes.MissingField, 1, 1, "has no seed");
        yield return Case("empty_prompt", "prompt: \"\"\nseed: 1\n", DiagnosticCodes.EmptyValue, 1, 9, "'prompt' is empty");
        yield return Case("blank_prompt", "prompt: \"   \"\nseed: 1\n", DiagnosticCodes.EmptyValue, 1, 9, "'prompt' is empty");
        yield return Case("valueless_prompt", "prompt:\nseed: 1\n", DiagnosticCodes.EmptyValue, 1, 8, "'prompt' has no value");
        yield return Case("steps_zero", Ok + "steps: 0\n", DiagnosticCodes.OutOfRange, 3, 8, "from 1 to 1000, but is 0");
        yield return Case("steps_100000", Ok + "steps: 100000\n", DiagnosticCodes.OutOfRange, 3, 8, "but is 100000");
        yield return Case("steps_beyond_64_bits", Ok + "steps: 99999999999999999999999\n", DiagnosticCodes.OutOfRange, 3, 8, "from 1 to 1000");
        yield return Case("cfg_nan", Ok + "cfg: .nan\n", DiagnosticCodes.NotFinite, 3, 6, "but is .nan");
        yield return Case("cfg_infinite", Ok + "cfg: -.inf\n", DiagnosticCodes.NotFinite, 3, 6, "but is -.inf");
        yield return Case("cfg_negative", Ok + "cfg: -1.5\n", DiagnosticCodes.OutOfRange, 3, 6, "from 0 to 50, but is -1.5");
        yield return Case("cfg_too_large", Ok + "cfg: 51\n", DiagnosticCodes.OutOfRange, 3, 6, "but is 51");
        yield return Case("width_not_multiple_of_8", Ok + "width: 513\n", DiagnosticCodes.NotMultipleOf8, 3, 8, "use 512 or 520");
        yield return Case("width_zero", Ok + "width: 0\n", DiagnosticCodes.OutOfRange, 3, 8, "from 8 to 4096");
        yield return Case("height_too_large", Ok + "height: 8192\n", DiagnosticCodes.OutOfRange, 3, 9, "from 8 to 4096, but is 8192");
        yield return Case("seed_negative", "prompt: red\nseed: -1\n", DiagnosticCodes.OutOfRange, 2, 7, "-1 to mean a random seed");
        yield return Case("seed_fraction", "prompt: red\nseed: 1.5\n", DiagnosticCodes.WrongType, 2, 7, "'seed' must be a whole number");
        yield return Case("seed_beyond_64_bits", "prompt: red\nseed: 18446744073709551616\n", DiagnosticCodes.OutOfRange, 2, 7, "18446744073709551616 is larger");
        yield return Case("seed_random", "prompt: red\nseed: random\n", DiagnosticCodes.RandomSeed, 2, 7, "'seed: random' is refused");
        yield return Case("unknown_model", Ok + "model: sd51\n", DiagnosticCodes.UnknownModel, 3, 8, "Did you mean 'sd15'?");
        yield return Case("model_folder_missing", Ok + "model: ghost\n", DiagnosticCodes.ModelFolderMissing, 3, 8, "does not exist");
        yield return Case("unknown_scheduler", Ok + "scheduler: eular\n", DiagnosticCodes.UnknownScheduler, 3, 12, "Did you mean 'euler'?");
        yield return Case("unknown_scheduler_far_from_any", Ok + "scheduler: zzzzzzzzzzzz\n", DiagnosticCodes.UnknownScheduler, 3, 12, "'assetforge schedulers' lists all");
        yield return Case("unknown_rng", Ok + "rng: torhc\n", DiagnosticCodes.UnknownRng, 3, 6, "Did you mean 'torch'?");
        yield return Case("output_with_parent", Ok + "output: ../escape.png\n", DiagnosticCodes.OutputEscapesRoot, 3, 9, "contains '..'");
        yield return Case("output_absolute", Ok + "output: /etc/potion.png\n", DiagnosticCodes.OutputEscapesRoot, 3, 9, "absolute path");
        yield return Case("output_drive_letter", Ok + "output: 'C:\\art\\potion.png'\n", DiagnosticCodes.OutputEscapesRoot, 3, 9, "drive letter");
        yield return Case("output_backslash_parent", Ok + "output: 'icons\\..\\..\\potion.png'\n", DiagnosticCodes.OutputEscapesRoot, 3, 9, "contains '..'");
        yield return Case("output_not_png", Ok + "output: icons/potion.jpg\n", DiagnosticCodes.OutputNotPng, 3, 9, "must name a .png file");
        yield return Case("output_colon", Ok + "output: 'icons/po:tion.png'\n", DiagnosticCodes.InvalidOutputPath, 3, 9, "contains ':'");
        yield return Case("output_reserved_name", Ok + "output: icons/con.png\n", DiagnosticCodes.InvalidOutputPath, 3, 9, "reserved device name");
        yield return Case("id_with_spaces_around", Ok + "id: ' potion'\n", DiagnosticCodes.InvalidId, 3, 5, "starts or ends with whitespace");
        yield return Case("scheduler_option_infinite", Ok + "scheduler_options: { eta: .inf }\n", DiagnosticCodes.InvalidSchedulerOption, 3, 27, "finite numbers");

        // The project as a whole.
        yield return Case("duplicate_output_in_list", "- { id: a, prompt: red, seed: 1, output: x.png }\n- { id: b, prompt: red, seed: 1, output: X.PNG }\n", DiagnosticCodes.DuplicateOutput, 1, 42, "also written by the asset at");
        yield return Case("duplicate_id_in_list", "- { id: a, prompt: red, seed: 1, output: a.png }\n- { id: a, prompt: red, seed: 2, output: b.png }\n", DiagnosticCodes.DuplicateId, 1, 9, "The id 'a' is also used");
        yield return Case("list_item_without_id", "- prompt: red\n  seed: 1\n", DiagnosticCodes.ListItemWithoutId, 1, 3, "needs an 'id'");
    }

    [TestCaseSource(nameof(Cases))]
    public void A_bad_spec_reports_its_error_and_fails_alone(byte[] content, string code, int line, int column, string fragment)
    {
        using var project = NewProject();
        var bad = project.Write("bad.yaml", content);

        var result = project.LoadAll();

        var first = result.Diagnostics.FirstOrDefault(d => d.Location?.Path == bad);
        Assert.That(first, Is.Not.Null, () => "no diagnostic for bad.yaml; got: " + string.Join(Environment.NewLine, result.Diagnostics));
        Assert.Multiple(() =>
        {
            Assert.That(first!.Code, Is.EqualTo(code), first.ToString);
            Assert.That(first.Severity, Is.EqualTo(DiagnosticSeverity.Error));
            Assert.That((first.Location!.Value.Line, first.Location.Value.Column), Is.EqualTo((line, column)), first.ToString);
            Assert.That(first.Message, Does.Contain(fragment));
            Assert.That(first.ToString(), Does.StartWith($"{bad}({line},{column}): error {code}: "));
            Assert.That(result.Assets.Where(a => a.Location.Path == bad), Is.Empty);
            Assert.That(result.Assets.Select(a => a.Id), Is.EqualTo(new[] { "good" }));
            Assert.That(result.FailedAssetCount, Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public void An_unknown_scheduler_among_many_names_the_nearest_few_in_a_short_line()
    {
        using var project = NewProject();
        var bad = project.Write("bad.yaml", Ok + "scheduler: zzzzzzzzzzzz\n");
        var many = Enumerable.Range(0, 60).Select(i => $"scheduler_number_{i}").Append("euler").ToList();

        var error = project.LoadAll(new KnownNames(many, TempProject.Known.Models)).Diagnostics.Single(d => d.Location?.Path == bad);

        Assert.That(error.Message, Has.Length.LessThan(200).And.Contain("lists all 61 names"));
    }

    [Test]
    public void There_are_at_least_sixty_distinct_bad_inputs() =>
        Assert.That(Cases().Select(c => c.TestName).Distinct().Count(), Is.GreaterThanOrEqualTo(60));

    internal static TempProject NewProject()
    {
        var project = new TempProject();
        project.CreateFolder("models/sd15");
        project.Write(ProjectConfigLoader.FileName, "models:\n  sd15: models/sd15\n  ghost: models/ghost\n");
        project.Write("good.yaml", Ok);
        return project;
    }

    private static TestCaseData Case(string name, string text, string code, int line, int column, string fragment) =>
        Case(name, Encoding.UTF8.GetBytes(text), code, line, column, fragment);

    private static TestCaseData Case(string name, byte[] content, string code, int line, int column, string fragment) =>
        new TestCaseData(content, code, line, column, fragment).SetName($"{code} {name}");

    private static byte[] Bytes(string before, byte[] middle, string after) =>
        [.. Encoding.UTF8.GetBytes(before), .. middle, .. Encoding.UTF8.GetBytes(after)];

    // The "billion laughs": nine levels of nine aliases each would expand to 9^9 strings.
    private static string AliasBomb()
    {
        var text = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            text.Append($"{level}: &{level} [");
            text.AppendJoin(",", Enumerable.Repeat("*" + previous, 9));
            text.Append("]\n");
        }

        text.Append("prompt: *i\nseed: 1\n");
        return text.ToString();
    }
}

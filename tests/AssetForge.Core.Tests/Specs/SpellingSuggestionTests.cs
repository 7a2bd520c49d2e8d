namespace AssetForge.Core.Tests.Specs;

using AssetForge.Core.Diagnostics;
using AssetForge.Core.Specs;

public sealed class SpellingSuggestionTests
{
    [TestCase("", "", 0)]
    [TestCase("abc", "", 3)]
    [TestCase("kitten", "sitting", 3)]
    [TestCase("promt", "prompt", 1)]
    [TestCase("sd51", "sd15", 1)]
    [TestCase("ca", "abc", 3)] // optimal string alignment: no edit of a transposed pair
    [TestCase("width", "height", 4)]
    public void Edit_distance_counts_insertions_deletions_substitutions_and_transpositions(string a, string b, int expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(EditDistance.Between(a, b), Is.EqualTo(expected));
            Assert.That(EditDistance.Between(b, a), Is.EqualTo(expected));
        });
    }

    [Test]
    public void Edit_distance_can_ignore_case() =>
        Assert.That((EditDistance.Between("EULER", "euler", ignoreCase: true), EditDistance.Between("EULER", "euler")), Is.EqualTo((0, 5)));

    [Test]
    public void Long_names_do_not_overflow_the_stack_buffer() =>
        Assert.That(EditDistance.Between(new string('a', 500), new string('a', 499) + "b"), Is.EqualTo(1));

    [TestCase("promt", "prompt")]
    [TestCase("negative-prompt", "negative_prompt")]
    [TestCase("negativeprompt", "negative_prompt")]
    [TestCase("sheduler", "scheduler")]
    [TestCase("scheduler_option", "scheduler_options")]
    [TestCase("hieght", "height")]
    [TestCase("sed", "seed")]
    [TestCase("ouptut", "output")]
    public void A_close_typo_gets_the_field_it_meant(string typo, string meant) =>
        Assert.That(SpellingSuggestion.Closest(typo, AssetFields.All), Is.EqualTo(meant));

    [TestCase("colour")]
    [TestCase("x")]
    [TestCase("description")]
    [TestCase("q")]
    public void A_far_name_gets_no_suggestion(string name) =>
        Assert.That(SpellingSuggestion.Closest(name, AssetFields.All), Is.Null);

    [Test]
    public void Ties_go_to_the_first_candidate() =>
        Assert.That(SpellingSuggestion.Closest("ab", ["ac", "ad"]), Is.EqualTo("ac"));

    [Test]
    public void Did_you_mean_is_empty_when_nothing_is_close() =>
        Assert.That((SpellingSuggestion.DidYouMean("zzzzzz", ["euler"]), SpellingSuggestion.DidYouMean("eulr", ["euler"])), Is.EqualTo((string.Empty, " Did you mean 'euler'?")));
}

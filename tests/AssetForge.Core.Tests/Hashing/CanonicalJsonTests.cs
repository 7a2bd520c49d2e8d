namespace AssetForge.Core.Tests.Hashing;

using System.Text.Json;
using AssetForge.Core.Hashing;

public sealed class CanonicalJsonTests
{
    [Test]
    public void Object_keys_are_sorted_ordinally_whatever_their_order()
    {
        var a = CanonicalJson.Element(JsonDocument.Parse("""{ "b": 1, "a": {"z": true, "Z": null}, "_": "x" }""").RootElement);
        var b = CanonicalJson.Element(JsonDocument.Parse("""{"_":"x","a":{"Z":null,"z":true},"b":1}""").RootElement);

        Assert.That(a, Is.EqualTo("""{"_":"x","a":{"Z":null,"z":true},"b":1}"""));
        Assert.That(b, Is.EqualTo(a));
    }

    [TestCase("1000")]
    [TestCase("1000.0")]
    [TestCase("1e3")]
    [TestCase("1.000E+3")]
    public void Spellings_of_one_number_encode_alike(string json) =>
        Assert.That(CanonicalJson.Element(JsonDocument.Parse(json).RootElement), Is.EqualTo("1000"));

    [Test]
    public void Integral_doubles_encode_as_integers() =>
        Assert.That(CanonicalJson.Number(7.0), Is.EqualTo(CanonicalJson.Number(7L)));

    [Test]
    public void Negative_zero_encodes_as_zero() =>
        Assert.That(CanonicalJson.Number(-0.0), Is.EqualTo("0"));

    [TestCase(0.1, "0.1")]
    [TestCase(7.5, "7.5")]
    [TestCase(0.00085, "0.00085")]
    [TestCase(-2.5e-10, "-2.5E-10")]
    [TestCase(1e300, "1E+300")]
    public void Other_doubles_use_the_shortest_round_trip_form(double value, string expected)
    {
        var text = CanonicalJson.Number(value);

        Assert.That(text, Is.EqualTo(expected));
        Assert.That(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(value));
    }

    [Test]
    public void Non_finite_numbers_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CanonicalJson.Number(double.NaN));

    [Test]
    public void Strings_escape_quotes_backslashes_and_control_characters_only() =>
        Assert.That(CanonicalJson.String("a\"b\\c\n\u0001é<"), Is.EqualTo("\"a\\\"b\\\\c\\u000a\\u0001é<\""));

    [Test]
    public void Strings_with_lone_surrogates_are_refused_when_encoded_to_utf8() =>
        Assert.That(() => CanonicalJson.ToUtf8(CanonicalJson.String("\ud800")), Throws.InstanceOf<System.Text.EncoderFallbackException>());

    [Test]
    public void A_name_given_twice_is_refused() =>
        Assert.Throws<ArgumentException>(() => CanonicalJson.Object([new("a", "1"), new("a", "2")]));
}

using AssetForge.Onnx.Text;

namespace AssetForge.Onnx.Tests.Text;

[TestFixture]
public sealed class ByteLevelAlphabetTests
{
    [Test]
    public void Every_byte_has_its_own_character()
    {
        var seen = new HashSet<char>();
        for (int b = 0; b < 256; b++)
        {
            seen.Add(ByteLevelAlphabet.CharFor((byte)b));
        }

        Assert.That(seen, Has.Count.EqualTo(256));
    }

    [TestCase((byte)'a', 'a')]
    [TestCase((byte)'!', '!')]
    [TestCase((byte)0xE9, '\u00E9')]
    [TestCase((byte)0x00, '\u0100')]
    [TestCase((byte)' ', '\u0120')]
    [TestCase((byte)'\n', '\u010A')]
    [TestCase((byte)0xAD, '\u0143')]
    public void Printable_bytes_stand_for_themselves_and_the_others_move_past_U_0100(byte value, char expected) =>
        Assert.That(ByteLevelAlphabet.CharFor(value), Is.EqualTo(expected));
}

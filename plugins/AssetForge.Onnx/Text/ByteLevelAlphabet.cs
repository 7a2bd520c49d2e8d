namespace AssetForge.Onnx.Text;

/// <summary>
/// GPT-2/CLIP's reversible byte-to-character table: every byte of UTF-8 text is shown as one
/// printable character, so BPE vocabularies can be stored as plain strings. Bytes that are already
/// printable Latin-1 (<c>!</c>..<c>~</c>, <c>¡</c>..<c>¬</c>, <c>®</c>..<c>ÿ</c>) stand for
/// themselves; the other 68 (controls, space, soft hyphen) are moved to U+0100 onwards in byte order.
/// </summary>
internal static class ByteLevelAlphabet
{
    /// <summary>The character that stands for <paramref name="value"/>.</summary>
    public static char CharFor(byte value)
    {
        if (StandsForItself(value))
        {
            return (char)value;
        }

        // Count the bytes below this one that also had to move.
        int moved = 0;
        for (int b = 0; b < value; b++)
        {
            if (!StandsForItself((byte)b))
            {
                moved++;
            }
        }

        return (char)(256 + moved);
    }

    private static bool StandsForItself(byte value) =>
        value is >= (byte)'!' and <= (byte)'~' or >= 0xA1 and <= 0xAC or >= 0xAE;
}

using AssetForge.Onnx.Text;

namespace AssetForge.Onnx.Tests.Text;

/// <summary>The merge loop of <see cref="BytePairEncoder"/> on a tiny hand-made vocabulary.</summary>
[TestFixture]
public sealed class BytePairEncoderTests
{
    // Ids: a byte b is b inside a word and 1000 + b at a word's end; merges give 2000 onwards.
    private const int A = 'a';
    private const int B = 'b';
    private const int AEnd = 1000 + 'a';

    private static BytePairEncoder Encoder(params BytePairEncoder.Merge[] merges)
    {
        var byteIds = new int[256];
        var lastByteIds = new int[256];
        for (int b = 0; b < 256; b++)
        {
            byteIds[b] = b;
            lastByteIds[b] = 1000 + b;
        }

        Dictionary<long, BytePairEncoder.Merge> table = BytePairEncoder.CreateMergeTable();
        foreach (BytePairEncoder.Merge merge in merges)
        {
            table.Add(BytePairEncoder.PairKey(merge.Left, merge.Right), merge);
        }

        return new BytePairEncoder(byteIds, lastByteIds, table);
    }

    [Test]
    public void Without_merges_each_byte_is_a_symbol_and_the_last_has_the_word_end() =>
        Assert.That(Encoder().EncodeWord("ab"u8), Is.EqualTo(new[] { A, 1000 + B }));

    [Test]
    public void A_pair_is_merged_left_to_right_without_overlap() =>
        Assert.That(
            Encoder(new BytePairEncoder.Merge(0, A, A, 2000)).EncodeWord("aaaa"u8),
            Is.EqualTo(new[] { 2000, A, AEnd }));

    [Test]
    public void The_lowest_rank_merges_first_wherever_it_is()
    {
        // "aba": (b,a</w>) ranks before (a,b), so the word becomes a + "ba</w>", not "ab" + a</w>.
        var encoder = Encoder(
            new BytePairEncoder.Merge(0, B, AEnd, 2001),
            new BytePairEncoder.Merge(1, A, B, 2000));

        Assert.That(encoder.EncodeWord("aba"u8), Is.EqualTo(new[] { A, 2001 }));
    }

    [Test]
    public void Merged_symbols_merge_again() =>
        Assert.That(
            Encoder(new BytePairEncoder.Merge(0, A, B, 2000), new BytePairEncoder.Merge(1, 2000, 2000, 2001)).EncodeWord("ababa"u8),
            Is.EqualTo(new[] { 2001, AEnd }));

    [Test]
    public void An_empty_word_has_no_ids() =>
        Assert.That(Encoder().EncodeWord([]), Is.Empty);
}

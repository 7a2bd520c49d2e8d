namespace AssetForge.Schedulers.DpmSolverSde;

using System.Globalization;
using System.Numerics;

/// <summary>
/// Python's <c>round(x, ndigits)</c> for a float: the exact binary value rounded to
/// <c>ndigits</c> decimals, ties to even, then read back as the nearest double. torchsde
/// quantises every time of its Brownian tree this way, and equality of the rounded times decides
/// the tree's shape, so an approximation (scaling by 10^n in floating point) is not enough.
/// </summary>
internal static class DecimalRounding
{
    public static double Round(double x, int digits)
    {
        if (x == 0 || !double.IsFinite(x))
        {
            return x;
        }

        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(x));
        var exponent = (int)((bits >> 52) & 0x7ff);
        var mantissa = bits & ((1L << 52) - 1);
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        // |x| = mantissa * 2^shift exactly.
        var shift = exponent - 1075;
        var numerator = new BigInteger(mantissa) * BigInteger.Pow(10, digits);
        BigInteger scaled;
        if (shift >= 0)
        {
            scaled = numerator << shift;
        }
        else
        {
            var denominator = BigInteger.One << -shift;
            scaled = BigInteger.DivRem(numerator, denominator, out var remainder);
            var twice = remainder << 1;
            if (twice > denominator || (twice == denominator && !scaled.IsEven))
            {
                scaled += 1;
            }
        }

        var result = double.Parse(scaled.ToString(CultureInfo.InvariantCulture) + "E-" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return x < 0 ? -result : result;
    }
}

namespace AssetForge.Schedulers.UniPc;

/// <summary>
/// Solves the tiny (at most 3×3) float32 systems UniPC sets up for its coefficients, as LAPACK's
/// sgesv does: LU with partial pivoting, multipliers formed with the pivot's reciprocal.
/// </summary>
internal static class SmallLinearSolver
{
    /// <summary>Solves <c>A x = b</c> in place: <paramref name="b"/> receives x; <paramref name="a"/> (row-major n×n) is overwritten.</summary>
    public static void Solve(Span<float> a, Span<float> b)
    {
        var n = b.Length;
        Span<int> pivots = stackalloc int[n];
        for (var k = 0; k < n; k++)
        {
            var pivot = k;
            for (var r = k + 1; r < n; r++)
            {
                if (Math.Abs(a[(r * n) + k]) > Math.Abs(a[(pivot * n) + k]))
                {
                    pivot = r;
                }
            }

            pivots[k] = pivot;
            if (pivot != k)
            {
                for (var c = 0; c < n; c++)
                {
                    (a[(k * n) + c], a[(pivot * n) + c]) = (a[(pivot * n) + c], a[(k * n) + c]);
                }
            }

            var reciprocal = 1f / a[(k * n) + k];
            for (var r = k + 1; r < n; r++)
            {
                a[(r * n) + k] *= reciprocal;
                for (var c = k + 1; c < n; c++)
                {
                    a[(r * n) + c] -= a[(r * n) + k] * a[(k * n) + c];
                }
            }
        }

        for (var k = 0; k < n; k++)
        {
            if (pivots[k] != k)
            {
                (b[k], b[pivots[k]]) = (b[pivots[k]], b[k]);
            }
        }

        for (var r = 1; r < n; r++)
        {
            for (var c = 0; c < r; c++)
            {
                b[r] -= a[(r * n) + c] * b[c];
            }
        }

        for (var r = n - 1; r >= 0; r--)
        {
            for (var c = r + 1; c < n; c++)
            {
                b[r] -= a[(r * n) + c] * b[c];
            }

            b[r] /= a[(r * n) + r];
        }
    }
}

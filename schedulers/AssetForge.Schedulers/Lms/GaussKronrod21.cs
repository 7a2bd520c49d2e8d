namespace AssetForge.Schedulers.Lms;

/// <summary>
/// QUADPACK's 21-point Gauss–Kronrod rule (<c>qk21</c>) on one interval, with its nodes, weights
/// and summation order. diffusers integrates the LMS coefficients with <c>scipy.integrate.quad</c>,
/// which accepts this first estimate for the low-degree polynomials involved; reproducing the
/// rule (rather than integrating exactly) keeps the coefficients equal to diffusers' to the bit.
/// </summary>
internal static class GaussKronrod21
{
    // Kronrod abscissae in descending order; the even-numbered ones (1-based) are the Gauss nodes.
    private static readonly double[] Nodes =
    [
        0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
        0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
        0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
        0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
        0.294392862701460198131126603103866, 0.148874338981631210884826001129720,
        0.0,
    ];

    private static readonly double[] KronrodWeights =
    [
        0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
        0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
        0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
        0.123491976262065851077208734927711, 0.134709217311473325928054001771707,
        0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
        0.149445554002916905664936468389821,
    ];

    /// <summary>The Kronrod estimate of the integral of <paramref name="f"/> from a to b.</summary>
    public static double Integrate<TFunction>(in TFunction f, double a, double b)
        where TFunction : struct, IIntegrand
    {
        var centre = 0.5 * (a + b);
        var halfLength = 0.5 * (b - a);
        var sum = KronrodWeights[10] * f.Evaluate(centre);

        // QUADPACK adds the Gauss-node pairs first, then the Kronrod-only pairs.
        for (var j = 1; j <= 5; j++)
        {
            sum += KronrodWeights[(2 * j) - 1] * Pair(f, centre, halfLength * Nodes[(2 * j) - 1]);
        }

        for (var j = 1; j <= 5; j++)
        {
            sum += KronrodWeights[(2 * j) - 2] * Pair(f, centre, halfLength * Nodes[(2 * j) - 2]);
        }

        return sum * halfLength;
    }

    private static double Pair<TFunction>(in TFunction f, double centre, double offset)
        where TFunction : struct, IIntegrand =>
        f.Evaluate(centre - offset) + f.Evaluate(centre + offset);

    /// <summary>A function of one variable, as a struct so the rule's calls are not virtual.</summary>
    internal interface IIntegrand
    {
        double Evaluate(double x);
    }
}

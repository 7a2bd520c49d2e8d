namespace AssetForge.Schedulers.DpmSolverSinglestep;

/// <summary>
/// The solver order of every step of a singlestep DPM-Solver schedule, as diffusers'
/// <c>DPMSolverSinglestepScheduler.get_order_list</c> computes it: steps are grouped into runs of
/// 1, 2, .. order (one model call each, the last one completing a higher-order step from the
/// sample at the start of the run), with shorter runs at the end.
/// </summary>
internal static class SinglestepOrders
{
    /// <param name="steps">The full schedule's number of steps.</param>
    /// <param name="solverOrder">1, 2 or 3.</param>
    /// <param name="lowerOrderFinal">
    /// The effective <c>lower_order_final</c>: diffusers turns it on when the steps are not a
    /// multiple of the order or the final sigma is zero, whatever the configuration says.
    /// </param>
    /// <param name="finalSigmaIsZero">Whether the last step ends at sigma 0, which makes it first order.</param>
    public static int[] For(int steps, int solverOrder, bool lowerOrderFinal, bool finalSigmaIsZero)
    {
        var orders = new List<int>(steps);
        if (solverOrder == 1)
        {
            Repeat(orders, steps, 1);
        }
        else if (!lowerOrderFinal)
        {
            Cycle(orders, steps / solverOrder, solverOrder);
        }
        else if (solverOrder == 3)
        {
            switch (steps % 3)
            {
                case 0:
                    Cycle(orders, (steps / 3) - 1, 3);
                    orders.AddRange([1, 2, 1]);
                    break;
                case 1:
                    Cycle(orders, steps / 3, 3);
                    orders.Add(1);
                    break;
                default:
                    Cycle(orders, steps / 3, 3);
                    orders.AddRange([1, 2]);
                    break;
            }
        }
        else if (steps % 2 == 0)
        {
            Cycle(orders, (steps / 2) - 1, 2);
            orders.AddRange([1, 1]);
        }
        else
        {
            Cycle(orders, steps / 2, 2);
            orders.Add(1);
        }

        if (finalSigmaIsZero)
        {
            orders[^1] = 1;
        }

        return [.. orders];
    }

    private static void Cycle(List<int> orders, int runs, int order)
    {
        for (var run = 0; run < runs; run++)
        {
            for (var k = 1; k <= order; k++)
            {
                orders.Add(k);
            }
        }
    }

    private static void Repeat(List<int> orders, int count, int value)
    {
        for (var i = 0; i < count; i++)
        {
            orders.Add(value);
        }
    }
}

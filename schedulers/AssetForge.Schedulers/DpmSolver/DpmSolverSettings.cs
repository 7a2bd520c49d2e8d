namespace AssetForge.Schedulers.DpmSolver;

using AssetForge.Abstractions.Scheduling;
using AssetForge.Schedulers.Configuration;

/// <summary>The DPM-Solver options read at each step.</summary>
internal sealed record DpmSolverSettings(
    int SolverOrder,
    string PredictionType,
    string SolverType,
    bool LowerOrderFinal,
    bool EulerAtFinal,
    bool FinalSigmaIsZero,
    bool Stochastic = false)
{
    /// <param name="resolved">The resolved configuration.</param>
    /// <param name="solverOrder">The solver order the scheduler's name implies.</param>
    /// <param name="stochastic">Whether the name implies <c>algorithm_type: sde-dpmsolver++</c>.</param>
    public static DpmSolverSettings From(SchedulerConfig resolved, int solverOrder, bool stochastic = false)
    {
        var options = new OptionReader(resolved);
        return new DpmSolverSettings(
            solverOrder,
            options.GetString("prediction_type"),
            options.GetString("solver_type"),
            options.GetBoolean("lower_order_final"),
            options.GetBoolean("euler_at_final"),
            options.GetString("final_sigmas_type") == "zero",
            stochastic);
    }
}

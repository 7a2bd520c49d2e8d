namespace AssetForge.Schedulers.Edm;

/// <summary>The EDM DPM-Solver options read at each step.</summary>
internal sealed record EdmDpmSolverSettings(
    int SolverOrder,
    bool Heun,
    bool LowerOrderFinal,
    bool EulerAtFinal,
    bool FinalSigmaIsZero,
    EdmPreconditioning Preconditioning);

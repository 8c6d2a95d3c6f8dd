using System.ComponentModel.DataAnnotations;
using Asd.Workflow.Core.Definitions;

namespace Asd.Workflow.Scoring.Activities.Guard;

/// <summary>
/// Options of the guard activity. Every constant is fixed here, in the workflow file; nothing is fitted on
/// test clips or labels.
/// </summary>
public sealed record GuardOptions
{
    /// <summary>
    /// Every mode acts only where the base score is in its train-normal tail, F_base ≥ q (<c>TrainTail</c>), else R = 0.
    /// ecdf: R = min(cap, max(0, F_base − F_aux − t)), on the train-normal empirical-tail scale (the seed's
    ///   "deterministic penalty on the train-normal empirical-tail scale"; t = 0 gives max(0, F_base − F_aux)).
    /// tail: R = min(cap, max(0, t − z_aux)), on the auxiliary's robust-z scale (the guard before issue #13).
    /// disagreement: R = min(cap, max(0, (max − min of the aux views' z) − t)).
    /// gate: the same formula as ecdf, under the name the global penalty of System D had before issue #13
    ///   (used with q = 0: every clip); kept so that penalty stays available beside the reliability gate.
    /// Every F is fold-safe: a train clip's own value is left out of its reference.
    /// </summary>
    [AllowedValues("tail", "disagreement", "ecdf", "gate")] public string Mode { get; init; } = "tail";

    /// <summary>The calibrated base branch (a stage in needs).</summary>
    [Name(Values = true)] public string Base { get; init; } = "";

    /// <summary>The calibrated auxiliary branch(es) (stages in needs); tail, ecdf and gate use their mean z.</summary>
    [Name(Values = true)] public IReadOnlyList<string> Aux { get; init; } = [];

    /// <summary>Train-normal CDF level of the base score from which the guard acts; default 0.95.</summary>
    [Range(0, 1)] public double Q { get; init; } = 0.95;

    /// <summary>Support threshold; default 0.</summary>
    [Range(-100, 100)] public double T { get; init; }

    /// <summary>Largest penalty; default 1.</summary>
    [Range(0, 100)] public double Cap { get; init; } = 1;
}

/// <summary>The guard's constants as applied, with the base score at which the tail starts (null when q = 0: every clip).</summary>
public sealed record GuardStats(string Mode, double Q, double T, double Cap, double? BaseTailThreshold, int TrainPenalised);

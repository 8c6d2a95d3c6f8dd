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
    /// tail: R = min(cap, max(0, t − z_aux)) where the base score's train-normal CDF ≥ q, else 0.
    /// disagreement: R = min(cap, max(0, (max − min of the aux views' z) − t)) where F_base ≥ q.
    /// gate: R = min(cap, max(0, F_base − F_aux − t)) where F_base ≥ q (q = 0 gates every clip).
    /// </summary>
    [AllowedValues("tail", "disagreement", "gate")] public string Mode { get; init; } = "tail";

    /// <summary>The calibrated base branch (a stage in needs).</summary>
    [Name(Values = true)] public string Base { get; init; } = "";

    /// <summary>The calibrated auxiliary branch(es) (stages in needs); tail and gate use their mean z.</summary>
    [Name(Values = true)] public IReadOnlyList<string> Aux { get; init; } = [];

    /// <summary>Train-normal CDF level of the base score from which the guard acts; default 0.95.</summary>
    [Range(0, 1)] public double Q { get; init; } = 0.95;

    /// <summary>Support threshold; default 0.</summary>
    [Range(-100, 100)] public double T { get; init; }

    /// <summary>Largest penalty; default 1.</summary>
    [Range(0, 100)] public double Cap { get; init; } = 1;
}

/// <summary>The guard's constants as applied, with the base score level at which the tail starts.</summary>
public sealed record GuardStats(string Mode, double Q, double T, double Cap, double BaseTailThreshold, int TrainPenalised);

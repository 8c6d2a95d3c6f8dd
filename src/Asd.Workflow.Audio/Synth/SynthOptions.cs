namespace Asd.Workflow.Audio.Synth;

/// <summary>Shape of a synthetic DCASE-2026-like dev set (defaults: the official sizes).</summary>
public sealed record SynthOptions
{
    public required string Out { get; init; }
    public int Seed { get; init; }
    /// <summary>Machine types, 1–7, taken in the order of <see cref="MachineModels.Names"/>.</summary>
    public int Machines { get; init; } = 7;
    public int TrainSource { get; init; } = 990;
    public int TrainTarget { get; init; } = 10;
    /// <summary>Test clips per (domain, label) cell.</summary>
    public int TestPerCell { get; init; } = 50;
    public double Seconds { get; init; } = 10;
    /// <summary>1 = mono (near only), 2 = stereo near/far.</summary>
    public int Channels { get; init; } = 2;
    public int SampleRate { get; init; } = 16000;
    /// <summary>Write the evaluation set (eval_data/, anonymous test names, ground truth apart) instead of the dev set.</summary>
    public bool Eval { get; init; }

    public IEnumerable<string> Problems()
    {
        if (Machines is < 1 or > 7) yield return $"--machines is {Machines}, allowed 1 to 7";
        if (TrainSource < 1) yield return $"--train-source is {TrainSource}, must be at least 1";
        if (TrainTarget < 1) yield return $"--train-target is {TrainTarget}, must be at least 1";
        if (TestPerCell < 1) yield return $"--test-per-cell is {TestPerCell}, must be at least 1";
        if (Seconds is < 0.2 or > 60) yield return $"--seconds is {Seconds}, allowed 0.2 to 60";
        if (Channels is not (1 or 2)) yield return $"--channels is {Channels}, allowed 1 or 2";
    }
}

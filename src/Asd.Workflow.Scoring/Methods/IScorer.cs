namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// A normality scorer fitted on a bank of train-normal embeddings: larger scores mean further from the bank.
/// Rows are clip-level vectors, or for frame-level scorers a clip's frames concatenated.
/// </summary>
public interface IScorer
{
    double Score(ReadOnlySpan<float> query);
}

/// <summary>Builds a scorer from the rows of a bank (each a clip's vector or frames).</summary>
public delegate IScorer ScorerFactory(IReadOnlyList<float[]> bank);

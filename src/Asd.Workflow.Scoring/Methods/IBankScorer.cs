namespace Asd.Workflow.Scoring.Methods;

/// <summary>
/// A scorer fitted once on a whole bank that also scores against the bank with some of its rows left out
/// (out-of-fold and leave-one-out train scores), by masking or downdating the one fit instead of refitting.
/// </summary>
public interface IBankScorer : IScorer
{
    /// <summary>Rows in the bank.</summary>
    int Count { get; }

    /// <summary>
    /// The scorer of the bank without <paramref name="rows"/> (positions in the bank, ascending, distinct, fewer
    /// than <see cref="Count"/>); its scores equal those of a scorer built on the remaining rows, within the
    /// tolerance the implementation states.
    /// </summary>
    IScorer Without(IReadOnlyList<int> rows);
}

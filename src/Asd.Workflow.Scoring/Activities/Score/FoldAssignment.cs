namespace Asd.Workflow.Scoring.Activities.Score;

/// <summary>
/// Deterministic fold assignment: the clips (in inventory order) are shuffled with a seeded Fisher–Yates and
/// dealt round-robin into k folds, per domain so each fold holds a share of the few target clips.
/// </summary>
public static class FoldAssignment
{
    public static int[] Assign(IReadOnlyList<string> domains, int folds, int seed)
    {
        var fold = new int[domains.Count];
        foreach (var group in Enumerable.Range(0, domains.Count).GroupBy(i => domains[i]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.ToArray();
            var rng = new Random(unchecked(seed * 31 + StableHash(group.Key)));
            for (var i = members.Length - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (members[i], members[j]) = (members[j], members[i]);
            }
            for (var i = 0; i < members.Length; i++) fold[members[i]] = i % folds;
        }
        return fold;
    }

    private static int StableHash(string text)
    {
        var h = 17;
        foreach (var ch in text) h = unchecked(h * 31 + ch);
        return h;
    }
}

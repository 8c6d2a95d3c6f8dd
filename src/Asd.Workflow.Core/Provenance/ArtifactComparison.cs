using System.Text;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Provenance;

/// <summary>
/// How a recomputed artifact compares with the frozen one: byte-identical, within the activity's declared
/// tolerance, or different — with the first differing row and, for numeric tables, the largest absolute
/// difference.
/// </summary>
public sealed record ArtifactComparison(string Port, string Frozen, string Recomputed, bool Matches, string Detail, double? MaxAbsDifference)
{
    public static ArtifactComparison Compare(string port, string mediaType, string frozenDigest, byte[] frozen, Digest freshDigest, byte[] fresh, Determinism determinism)
    {
        if (frozenDigest == freshDigest.ToString()) return new(port, frozenDigest, freshDigest.ToString(), true, "byte-identical", 0);
        double? maxDiff = null;
        string detail;
        if (mediaType == MediaTypes.Csv) (detail, maxDiff) = CompareScores(frozen, fresh);
        else if (mediaType == MediaTypes.Npy) (detail, maxDiff) = CompareNpy(frozen, fresh);
        else detail = FirstDifferentLine(frozen, fresh);
        var within = !determinism.IsExact && maxDiff is not null && maxDiff <= determinism.Tolerance;
        return new(port, frozenDigest, freshDigest.ToString(), within, within ? $"within tolerance {determinism.Tolerance:G3}: {detail}" : detail, maxDiff);
    }

    private static (string, double?) CompareScores(byte[] a, byte[] b)
    {
        var x = ScoreTable.FromCsv(a).Rows; var y = ScoreTable.FromCsv(b).Rows;
        if (x.Count != y.Count) return ($"row count {x.Count} became {y.Count}", null);
        double max = 0; var first = -1;
        for (var i = 0; i < x.Count; i++)
        {
            if (x[i].Clip != y[i].Clip) return ($"row {i + 1}: clip {x[i].Clip} became {y[i].Clip}", null);
            var d = Math.Abs(x[i].Score - y[i].Score);
            if ((d > 0 || x[i].Decision != y[i].Decision) && first < 0) first = i;
            max = Math.Max(max, d);
        }
        return first < 0 ? ("same values, different bytes", max)
            : ($"first differing row {first + 2} ({x[first].Clip}: {x[first].Score:R} vs {y[first].Score:R}); max |difference| {max:G6}", max);
    }

    private static (string, double?) CompareNpy(byte[] a, byte[] b)
    {
        var x = NpyArray.FromBytes(a); var y = NpyArray.FromBytes(b);
        if (!x.Shape.SequenceEqual(y.Shape)) return ($"shape ({string.Join(", ", x.Shape)}) became ({string.Join(", ", y.Shape)})", null);
        double max = 0; var first = -1;
        for (var i = 0; i < x.Data.Length; i++)
        {
            var d = Math.Abs((double)x.Data[i] - y.Data[i]);
            if (d > 0 && first < 0) first = i;
            max = Math.Max(max, d);
        }
        return ($"first differing row {(first < 0 ? 0 : first / Math.Max(1, x.Columns) + 1)}; max |difference| {max:G6}", max);
    }

    private static string FirstDifferentLine(byte[] a, byte[] b)
    {
        var x = Encoding.UTF8.GetString(a).Split('\n'); var y = Encoding.UTF8.GetString(b).Split('\n');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return $"first differing line {i + 1}: '{Clip(x[i])}' vs '{Clip(y[i])}'";
        return $"line count {x.Length} became {y.Length}";
    }

    private static string Clip(string s) => s.Length > 80 ? s[..80] + "…" : s;
}

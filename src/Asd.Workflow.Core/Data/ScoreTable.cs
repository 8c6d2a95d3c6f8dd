using System.Globalization;
using System.Text;

namespace Asd.Workflow.Core.Data;

/// <summary>One clip's score (larger = more anomalous), its domain and, once decided, its decision.</summary>
public sealed record ScoreRow(string Clip, string Domain, double Score, int? Decision = null);

/// <summary>
/// Scores of one split of one shard, as CSV with a header (clip,domain,score[,decision]); scores written
/// round-trip exact. Rows keep the inventory's (sorted) order.
/// </summary>
public sealed record ScoreTable(IReadOnlyList<ScoreRow> Rows)
{
    public byte[] ToCsv()
    {
        var withDecision = Rows.Count > 0 && Rows[0].Decision is not null;
        var text = new StringBuilder(withDecision ? "clip,domain,score,decision\n" : "clip,domain,score\n");
        foreach (var row in Rows)
        {
            if (!ClipNames.IsCsvSafe(row.Clip))
                throw Errors.AsdException.BadInput($"clip name '{row.Clip.ReplaceLineEndings(" ")}' holds a comma, quote or line break, which a score CSV row cannot carry; rename the clip and rerun");
            text.Append(row.Clip).Append(',').Append(row.Domain).Append(',').Append(row.Score.ToString("R", CultureInfo.InvariantCulture));
            if (withDecision) text.Append(',').Append(row.Decision!.Value);
            text.Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static ScoreTable FromCsv(byte[] csv)
    {
        var lines = Encoding.UTF8.GetString(csv).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var rows = new List<ScoreRow>(lines.Length);
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            rows.Add(new ScoreRow(f[0], f[1], double.Parse(f[2], CultureInfo.InvariantCulture),
                f.Length > 3 ? int.Parse(f[3], CultureInfo.InvariantCulture) : null));
        }
        return new ScoreTable(rows);
    }

    public double[] Scores => Rows.Select(r => r.Score).ToArray();

    /// <summary>The first row (0-based) where this table and <paramref name="other"/> name different clips, or −1 when they align.</summary>
    public int FirstClipMismatch(ScoreTable other)
    {
        var n = Math.Max(Rows.Count, other.Rows.Count);
        for (var i = 0; i < n; i++)
            if (i >= Rows.Count || i >= other.Rows.Count || Rows[i].Clip != other.Rows[i].Clip) return i;
        return -1;
    }
}

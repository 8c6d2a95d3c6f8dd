using System.Diagnostics;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Json;
using ActivityContext = Asd.Workflow.Core.Activities.ActivityContext;
using Asd.Workflow.Scoring.Activities.Score;
using Asd.Workflow.Scoring.Methods;
using Asd.Workflow.Scoring.Tests.Methods.Reference;

namespace Asd.Workflow.Bench;

/// <summary>
/// `bench score`: one full-size shard (990 source + 10 target train clips, 200 test clips) per scoring case,
/// the version-1 loop over the version-1 scorers (before) against the score activity (after). Slow "before"
/// cases score a sample of the clips and scale the time by the clip count (the cost is per clip); printed as such.
/// </summary>
internal static class ScoreBench
{
    private const int Train = 1000, Test = 200, Targets = 10;

    public static void Run(string only, bool afterOnly)
    {
        Console.WriteLine($"score bench: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; times per shard, wall / CPU");
        var cases = new (string Name, Func<List<float[]>> Data, int Dims, ScoreOptions Options, double Sample)[]
        {
            ("knn-128-kfold", () => Embeddings.Correlated(Train + Test, 128, 1), 128, new() { Method = "knn", TrainScores = "kfold" }, 1),
            ("knn-128-loo", () => Embeddings.Correlated(Train + Test, 128, 1), 128, new() { Method = "knn", TrainScores = "loo" }, 1),
            ("knn-768-kfold", () => Embeddings.Correlated(Train + Test, 768, 2), 768, new() { Method = "knn", Metric = "euclidean", TrainScores = "kfold" }, 1),
            ("maha-128-loo", () => Embeddings.Correlated(Train + Test, 128, 3), 128, new() { Method = "mahalanobis", TrainScores = "loo" }, 0.05),
            ("maha-128-kfold", () => Embeddings.Correlated(Train + Test, 128, 3), 128, new() { Method = "mahalanobis", TrainScores = "kfold" }, 1),
            ("localized-78x32-kfold", () => Embeddings.FrameClips(Train + Test, 78, 32, 4), 32, new() { Method = "localized", TrainScores = "kfold", TopFrames = 8 }, 0.01),
            ("localized-78x32-loo", () => Embeddings.FrameClips(Train + Test, 78, 32, 4), 32, new() { Method = "localized", TrainScores = "loo", TopFrames = 8 }, 0.01),
        };
        foreach (var c in cases.Where(c => only == "" || c.Name.StartsWith(only, StringComparison.Ordinal)))
        {
            var data = c.Data();
            var domains = Enumerable.Range(0, Train).Select(i => i < Train - Targets ? "source" : "target").ToList();
            var runs = afterOnly ? 0 : c.Sample < 1 ? 1 : 3;
            var before = Enumerable.Range(0, runs).Select(_ => Time(() => V1Shard(c.Options, data, domains, c.Dims, c.Sample))).ToList();
            var after = Enumerable.Range(0, 3).Select(_ => Time(() => Activity(c.Options, data, domains, c.Dims))).ToList();
            if (afterOnly)
            {
                Console.WriteLine($"{c.Name}: after {Median(after.Select(r => r.Wall)):0.000} s / {Median(after.Select(r => r.Cpu)):0.000} s CPU (median of 3)");
                continue;
            }
            var (reference, fast) = (before[0].Scores, after[0].Scores);
            var compared = reference.Keys.ToList();
            var identical = compared.All(k => BitConverter.DoubleToInt64Bits(reference[k]) == BitConverter.DoubleToInt64Bits(fast[k]));
            var maxRel = compared.Max(k => Math.Abs(reference[k] - fast[k]) / Math.Max(1e-300, Math.Abs(reference[k])));
            var scale = 1 / c.Sample;
            Console.WriteLine($"{c.Name}: before {Median(before.Select(r => r.Wall)) * scale:0.00} s / {Median(before.Select(r => r.Cpu)) * scale:0.00} s CPU" +
                (c.Sample < 1 ? $" (1 run of {c.Sample:P0} of the clips, scaled)" : " (median of 3)") +
                $"; after {Median(after.Select(r => r.Wall)):0.000} s / {Median(after.Select(r => r.Cpu)):0.000} s CPU (median of 3; runs {string.Join(", ", after.Select(r => r.Wall.ToString("0.000")))})" +
                $"; {compared.Count} scores compared: {(identical ? "bit-identical" : $"max relative difference {maxRel:E1}")}");
        }
    }

    private static double Median(IEnumerable<double> xs) { var s = xs.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2; }

    private static (double Wall, double Cpu, Dictionary<string, double> Scores) Time(Func<Dictionary<string, double>> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var scores = work();
        return (sw.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, scores);
    }

    private static IScorer V1Scorer(ScoreOptions o, List<float[]> bank, int dims) => o.Method switch
    {
        "knn" => new ReferenceKnnScorer(bank, o.K, o.Metric == "cosine"),
        "mahalanobis" => new ReferenceMahalanobisScorer(bank, o.Shrinkage),
        _ => new ReferenceLocalizedScorer(bank, dims, o.TopFrames),
    };

    /// <summary>The version-1 activity loop: per fold, refit every domain bank on the clips outside it; one thread.</summary>
    private static Dictionary<string, double> V1Shard(ScoreOptions o, List<float[]> data, List<string> domains, int dims, double sample)
    {
        var folds = o.TrainScores == "loo" ? Enumerable.Range(0, Train).ToArray() : FoldAssignment.Assign(domains, o.Folds, o.Seed);
        var foldCount = o.TrainScores == "loo" ? Train : o.Folds;
        var scores = new Dictionary<string, double>();
        IScorer[] Banks(Func<int, bool> keep) => Enumerable.Range(0, Train).Where(keep).GroupBy(i => domains[i]).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => V1Scorer(o, g.Select(i => data[i]).ToList(), dims)).ToArray();
        var perFold = (int)Math.Ceiling(Train / (double)foldCount * sample);
        for (var f = 0; f < (o.TrainScores == "loo" ? (int)(Train * sample) : foldCount); f++)
        {
            var banks = Banks(i => folds[i] != f);
            foreach (var i in Enumerable.Range(0, Train).Where(i => folds[i] == f).Take(perFold)) scores[$"tr{i:D4}.wav"] = banks.Min(b => b.Score(data[i]));
        }
        var full = Banks(_ => true);
        foreach (var i in Enumerable.Range(0, (int)Math.Ceiling(Test * sample))) scores[$"te{i:D4}.wav"] = full.Min(b => b.Score(data[Train + i]));
        return scores;
    }

    private static Dictionary<string, double> Activity(ScoreOptions o, List<float[]> data, List<string> domains, int dims)
    {
        var store = new InMemoryArtifactStore();
        InputArtifact Put(string port, byte[] bytes, string media) => new("emb", "m/00", port, store.Put(bytes), media);
        int[] Shape(int rows) => data[0].Length == dims ? [rows, dims] : [rows, data[0].Length / dims, dims];
        var train = new NpyArray(Shape(Train), data.Take(Train).SelectMany(r => r).ToArray());
        var test = new NpyArray(Shape(Test), data.Skip(Train).SelectMany(r => r).ToArray());
        var inputs = new List<InputArtifact>
        {
            Put("train", train.ToBytes(), "application/x-npy"), Put("test", test.ToBytes(), "application/x-npy"),
            Put("train_ids", CanonicalJson.Serialize(Enumerable.Range(0, Train).Select(i => new { name = $"tr{i:D4}.wav", domain = domains[i] })), "application/json"),
            Put("test_ids", CanonicalJson.Serialize(Enumerable.Range(0, Test).Select(i => new { name = $"te{i:D4}.wav", domain = "source" })), "application/json"),
        };
        var activity = new ScoreActivity();
        var outputs = activity.ExecuteAsync(new ActivityContext
        {
            Identity = Core.Engine.StageIdentity.Of(activity, o, []),
            StageName = "bench", Shard = new Shard("m", "00"), Options = o, Inputs = inputs, Store = store,
            Memo = new InMemoryClipMemo(), DatasetRoot = null, OnBadClip = BadClipPolicy.Fail,
        }, CancellationToken.None).Result.Outputs;
        return outputs.SelectMany(a => ScoreTable.FromCsv(store.ReadAll(a.Digest)).Rows).ToDictionary(r => r.Clip, r => r.Score);
    }
}

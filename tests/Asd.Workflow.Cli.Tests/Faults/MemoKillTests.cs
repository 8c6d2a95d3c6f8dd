using Asd.Workflow.Store.Index;
using Asd.Workflow.Store.Objects;
using Asd.Workflow.Testing;
using Xunit.Abstractions;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>
/// Fault (a) for per-clip memo values written through batched durability: a run whose time goes to one embed pass
/// (three log-mel peers; each group of clips' values written to <c>tmp/</c>, flushed together, renamed, and only
/// then memo entries, indexed when the shard ends) is SIGKILLed at seeded moments of the uninterrupted run's embed pass
/// (replayed on each attempt's own progress, <see cref="RunTimeline"/>) and rerun. After every attempt
/// the store must open clean, every object must hash to its name, and every memo entry of the index must name an
/// object that is present (and so, by the previous check, whole); a run that completes must give every stage the
/// uninterrupted run's key (the score stages' keys cover the embeddings' digests) and as many memo entries.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class MemoKillTests(ITestOutputHelper log)
{
    private const int Kills = 12;
    private const int Seed = 20261205;

    [Fact]
    public void EmbedMemoWrites_Sigkilled12TimesAtSeededMoments_NoMemoEntryNamesAMissingObjectAndRerunsMatch()
    {
        var data = RepoPaths.TempDir("memo-kill-data");
        var synth = AsdProcess.Run(data, "synth", "--out", data, "--machines", "1", "--train-source", "160", "--train-target", "4",
            "--test-per-cell", "10", "--seconds", "2", "--seed", "11");
        Assert.True(synth.ExitCode == 0, synth.Err);
        string[] Args(string folder) => ["run", AsdProcess.Workflow("embed-memo.yaml"), "--data", data, "--store", ReferenceRun.StoreOf(folder), "--json", "--jobs", "2"];
        var reference = RepoPaths.TempDir("memo-kill-reference");
        var (run, timeline) = KilledRun.Timed(reference, Args(reference));
        Assert.True(run.ExitCode == 0, run.Err);
        // Kills fall in the embed pass: from decode's stage event (the first) to the first embed shard's (the second).
        var pass = (Start: timeline.StageEvents[0], Length: timeline.StageEvents[1] - timeline.StageEvents[0]);
        var expected = Outputs(run, reference);
        var expectedMemo = MemoEntries(ReferenceRun.StoreOf(reference), "reference");

        var random = new Random(Seed);
        var folder = RepoPaths.TempDir("memo-kill");
        int kills = 0, completed = 0, staged = 0;
        while (kills < Kills)
        {
            Assert.True(kills + completed < 3 * Kills, $"only {kills} of {Kills} kills landed in {kills + completed} attempts");
            var point = timeline.PointAt(pass.Start + random.NextDouble() * pass.Length);
            var when = $"attempt {kills + completed + 1} (kill {point})";
            var finished = KilledRun.RunOrKill(folder, Args(folder), point).Finished;
            var store = ReferenceRun.StoreOf(folder);
            if (Directory.Exists(store))
            {
                if (finished is null && Directory.Exists(Path.Combine(store, "tmp")) && Directory.GetFiles(Path.Combine(store, "tmp")).Length > 0) staged++;
                StoreChecks.Opens(store, when);
                StoreChecks.ObjectsMatchTheirNames(store, when);
                MemoEntries(store, when);
            }
            if (finished is null) { kills++; continue; }

            Assert.True(finished.ExitCode == 0, $"{when}: rerun after kills failed: {finished.Err}");
            Outputs(finished, folder).AssertSameAs(expected, when);
            Assert.Equal(expectedMemo, MemoEntries(store, when));
            completed++;
            folder = RepoPaths.TempDir("memo-kill");
        }

        var final = AsdProcess.Run(folder, Args(folder));
        Assert.True(final.ExitCode == 0, $"final run: {final.Err}");
        Outputs(final, folder).AssertSameAs(expected, "final run");
        Assert.Equal(expectedMemo, MemoEntries(ReferenceRun.StoreOf(folder), "final run"));
        var objects = StoreChecks.ObjectsMatchTheirNames(ReferenceRun.StoreOf(folder), "final run");
        var verify = AsdProcess.Run(folder, "store", "verify", "--store", ReferenceRun.StoreOf(folder));
        Assert.True(verify.ExitCode == 0 && verify.Out.Contains($"{objects} intact, 0 corrupt", StringComparison.Ordinal), $"store verify after the kills: {verify.Out}{verify.Err}");
        Assert.True(staged > 0, $"no kill of {kills} landed while objects were staged in tmp/ (reference run {timeline.Duration.TotalSeconds:0.0} s)");
        log.WriteLine($"{kills} kills ({staged} with staged objects in tmp/) and {completed} completed reruns (reference run {timeline.Duration.TotalSeconds:0.0} s); {expectedMemo} memo entries");
    }

    /// <summary>Every stage's key; the workflow writes no --out files, so an empty folder stands for them.</summary>
    private static RunOutputs Outputs(AsdProcess.Result run, string folder) =>
        RunOutputs.Of(run, Directory.CreateDirectory(ReferenceRun.OutOf(folder)).FullName);

    /// <summary>Opens the index as left (after <see cref="StoreChecks.Opens"/>), checks that every memo entry names an object present in the store, and counts them.</summary>
    private static int MemoEntries(string store, string when)
    {
        using var index = LiteDbRunIndex.Open(Path.Combine(store, "index.db"));
        var entries = index.MemoEntries();
        foreach (var (key, value) in entries)
            Assert.True(File.Exists(FileSystemArtifactStore.ObjectPath(store, value)), $"{when}: memo entry {key} names {value}, which is not in the store");
        return entries.Count;
    }
}

using System.Diagnostics;
using Asd.Workflow.Testing;
using Xunit.Abstractions;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>
/// Fault (a): <c>asd run</c> SIGKILLed (Process.Kill: no signal handler, no finally, no flush) at seeded random
/// moments over the reference run's time line, and rerun after each kill. After every attempt the store must open,
/// keep no temporary file, and hold only objects that hash to their names; every run that completes must reproduce
/// the reference run's outputs byte for byte. A moment is replayed on each attempt's own progress (after as many
/// stage events as the reference had reported by then; see <see cref="RunTimeline"/>), so the kills land in every
/// phase — start-up, cached shards, executions, writing --out — however loaded the machine is now or was when the
/// reference ran. A kill counts when it found the run still going (exit 137); an attempt that ended before its point
/// (a rerun's cached shards are quick) completes instead, and too few kills in 3 × 20 attempts fail the test.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class KillNineTests(ReferenceRun reference, ITestOutputHelper log)
{
    private const int Kills = 20;
    private const int Seed = 20261202;

    [Fact]
    public void Run_Sigkilled20TimesAtSeededMoments_StoreStaysConsistentAndOutputsMatchAnUninterruptedRun()
    {
        var expectedStats = StoreChecks.Opens(ReferenceRun.StoreOf(reference.Folder), "reference");
        var random = new Random(Seed);
        var timeline = reference.Timeline;
        var watch = Stopwatch.StartNew();
        var folder = RepoPaths.TempDir("kill-b");
        int kills = 0, completed = 0;
        var landedAfter = new List<int>(); // stage events each killed run had reported
        while (kills < Kills)
        {
            Assert.True(kills + completed < 3 * Kills, $"only {kills} of {Kills} kills landed in {kills + completed} attempts");
            var point = timeline.PointAt(random.NextDouble() * timeline.Duration);
            var when = $"attempt {kills + completed + 1} (kill {point})";
            var attempt = KilledRun.RunOrKill(folder, reference.Args(folder), point);
            var store = ReferenceRun.StoreOf(folder);
            var stats = StoreChecks.Opens(store, when);
            StoreChecks.ObjectsMatchTheirNames(store, when);
            if (attempt.Finished is not { } finished) { kills++; landedAfter.Add(attempt.EventsSeen); continue; }

            // Finished before its kill moment: nothing is left to do in this store, so check it and start over in
            // a fresh one (rerunning a finished store would only exercise the no-op path).
            Assert.True(finished.ExitCode == 0, $"{when}: rerun after kills failed: {finished.Err}");
            Assert.True(finished.Err.Length == 0, $"{when}: rerun after kills said: {finished.Err}"); // e.g. an index repaired on open
            RunOutputs.Of(finished, ReferenceRun.OutOf(folder)).AssertSameAs(reference.Outputs, when);
            Assert.Equal(expectedStats["executions"], stats["executions"]);
            Assert.Equal(expectedStats["artifacts"], stats["artifacts"]); // an execution and its artifacts: one transaction
            completed++;
            folder = RepoPaths.TempDir("kill-b");
        }

        var final = AsdProcess.Run(folder, reference.Args(folder));
        Assert.True(final.ExitCode == 0, $"final run: {final.Err}");
        RunOutputs.Of(final, ReferenceRun.OutOf(folder)).AssertSameAs(reference.Outputs, "final run");
        var objects = StoreChecks.ObjectsMatchTheirNames(ReferenceRun.StoreOf(folder), "final run");
        var verify = AsdProcess.Run(folder, "store", "verify", "--store", ReferenceRun.StoreOf(folder));
        Assert.True(verify.ExitCode == 0 && verify.Out.Contains($"{objects} intact, 0 corrupt", StringComparison.Ordinal), $"store verify after the kills: {verify.Out}{verify.Err}");
        log.WriteLine($"{kills} kills and {completed} completed reruns in {watch.Elapsed.TotalSeconds:0} s " +
            $"(reference run {timeline.Duration.TotalSeconds:0.0} s); final store {objects} objects; " +
            $"stage events reported before each kill: {string.Join(' ', landedAfter)}");
    }
}

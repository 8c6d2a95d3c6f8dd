using System.Diagnostics;
using Asd.Workflow.Testing;
using Xunit.Abstractions;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>
/// Fault (a): <c>asd run</c> SIGKILLed (Process.Kill: no signal handler, no finally, no flush) at seeded random
/// moments over the reference run's duration, and rerun after each kill. After every attempt the store must
/// open, keep no temporary file, and hold only objects that hash to their names; every run that completes must
/// reproduce the reference run's outputs byte for byte. The moments are seeded; where they fall in the run
/// depends on the machine's speed, which is the point: over many runs they cover every phase.
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
        var watch = Stopwatch.StartNew();
        var folder = RepoPaths.TempDir("kill-b");
        int kills = 0, completed = 0;
        while (kills < Kills)
        {
            Assert.True(kills + completed < 3 * Kills, $"only {kills} of {Kills} kills landed in {kills + completed} attempts");
            var moment = TimeSpan.FromMilliseconds(random.NextDouble() * reference.Duration.TotalMilliseconds);
            var when = $"attempt {kills + completed + 1} (kill at {moment.TotalMilliseconds:0} ms)";
            var finished = KilledRun.RunOrKill(folder, reference.Args(folder), moment);
            var store = ReferenceRun.StoreOf(folder);
            var stats = StoreChecks.Opens(store, when);
            StoreChecks.ObjectsMatchTheirNames(store, when);
            if (finished is null) { kills++; continue; }

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
            $"(reference run {reference.Duration.TotalSeconds:0.0} s); final store {objects} objects");
    }
}

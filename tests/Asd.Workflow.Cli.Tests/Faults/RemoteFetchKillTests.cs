using System.Text.Json;
using Asd.Workflow.Testing;
using Xunit.Abstractions;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>
/// Fault (a) for batched durability: a second member's <c>asd run</c> that fetches everything from a warm team cache
/// (objects written to <c>tmp/</c>, fsynced together, renamed, then the index entry) is SIGKILLed at seeded moments
/// over a timed fetch's time line (replayed on each attempt's progress, see <see cref="RunTimeline"/>) and rerun after
/// each kill. After every attempt the store must open, keep no temporary file and hold only objects that hash to
/// their names; a rerun that completes executes nothing and reproduces the reference run's outputs byte for byte.
/// </summary>
[Collection(FaultCollection.Name)]
[Trait("Category", "Fault")]
public sealed class RemoteFetchKillTests(ReferenceRun reference, ITestOutputHelper log)
{
    private const int Kills = 8;
    private const int Seed = 20261203;

    [NginxFact]
    public void Fetch_Sigkilled8TimesAtSeededMoments_StoreStaysConsistentAndTheRerunFetchesTheSameOutputs()
    {
        var url = NginxCache.Instance.Fresh().AbsoluteUri;
        var member1 = RepoPaths.TempDir("kill-fetch-1");
        Assert.Equal(0, AsdProcess.Run(member1, [.. reference.Args(member1), "--remote-cache", url]).ExitCode);
        string[] Fetch(string folder) => [.. reference.Args(folder), "--remote-cache", url, "--remote-cache-upload=false"];
        var timing = RepoPaths.TempDir("kill-fetch-t");
        var (timed, timeline) = KilledRun.Timed(timing, Fetch(timing));
        Assert.Equal(0, timed.ExitCode);

        var random = new Random(Seed);
        var folder = RepoPaths.TempDir("kill-fetch");
        int kills = 0, completed = 0;
        while (kills < Kills)
        {
            Assert.True(kills + completed < 3 * Kills, $"only {kills} of {Kills} kills landed in {kills + completed} attempts");
            var point = timeline.PointAt(random.NextDouble() * timeline.Duration);
            var when = $"attempt {kills + completed + 1} (kill {point})";
            var finished = KilledRun.RunOrKill(folder, Fetch(folder), point).Finished;
            var store = ReferenceRun.StoreOf(folder);
            if (Directory.Exists(store))
            {
                StoreChecks.Opens(store, when);
                StoreChecks.ObjectsMatchTheirNames(store, when);
            }
            if (finished is null) { kills++; continue; }
            Assert.True(finished.ExitCode == 0, $"{when}: rerun after kills failed: {finished.Err}");
            RunOutputs.Of(finished, ReferenceRun.OutOf(folder)).AssertSameAs(reference.Outputs, when);
            completed++;
            folder = RepoPaths.TempDir("kill-fetch");
        }

        var final = AsdProcess.Run(folder, Fetch(folder));
        Assert.True(final.ExitCode == 0, $"final run: {final.Err}");
        RunOutputs.Of(final, ReferenceRun.OutOf(folder)).AssertSameAs(reference.Outputs, "final run");
        var summary = final.Lines.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("event").GetString() == "summary");
        Assert.Equal(0, summary.GetProperty("ran").GetInt32()); // what the kills left plus what the remote gives: nothing to execute
        var verify = AsdProcess.Run(folder, "store", "verify", "--store", ReferenceRun.StoreOf(folder));
        Assert.True(verify.ExitCode == 0, $"store verify after the kills: {verify.Out}{verify.Err}");
        log.WriteLine($"{kills} kills and {completed} completed fetches (fetch {timeline.Duration.TotalSeconds:0.0} s)");
    }
}

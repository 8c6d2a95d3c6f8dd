using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>
/// Store A: one uninterrupted <c>asd run</c> of tiny.yaml over the tiny data set, whose outputs every faulted run must
/// reproduce byte for byte, and whose time line the kill tests draw their moments on. Shared by the fault tests, which
/// run one after another.
/// </summary>
public sealed class ReferenceRun
{
    public ReferenceRun()
    {
        Data = new TinyDataSet();
        Folder = RepoPaths.TempDir("fault-reference");
        (var run, Timeline) = KilledRun.Timed(Folder, Args(Folder));
        if (run.ExitCode != 0) throw new InvalidOperationException("reference run failed: " + run.Err);
        Outputs = RunOutputs.Of(run, OutOf(Folder));
    }

    public TinyDataSet Data { get; }

    /// <summary>Holds <c>store/</c> and <c>out/</c> of the reference run.</summary>
    public string Folder { get; }

    /// <summary>When the reference run reported each stage event, and when it ended.</summary>
    internal RunTimeline Timeline { get; }

    internal RunOutputs Outputs { get; }

    public static string StoreOf(string folder) => Path.Combine(folder, "store");

    public static string OutOf(string folder) => Path.Combine(folder, "out");

    /// <summary><c>asd run tiny.yaml</c> into <paramref name="folder"/>/store with JSON events and --out (which also turns off the stamp shortcut).</summary>
    public string[] Args(string folder, string? store = null, string? output = null) =>
        ["run", AsdProcess.Workflow("tiny.yaml"), "--data", Data.Root, "--set", "bad=fail", "--store", store ?? StoreOf(folder),
            "--json", "--out", output ?? OutOf(folder)];
}

[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<ReferenceRun>
{
    /// <summary>Fault tests share the reference run and run one after another (kill moments are timed).</summary>
    public const string Name = "faults";
}

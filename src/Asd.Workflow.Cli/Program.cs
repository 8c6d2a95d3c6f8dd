using System.CommandLine;
using Asd.Workflow.Cli.Commands;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Cli;

/// <summary>The <c>asd</c> entry point: one top-level handler maps errors to exit codes (0 ok, 1 failed check, 2 bad input).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Output.PhaseTrace.Mark("start-up to Main");
        Configuration.AsdConfig config;
        try { config = Configuration.AsdConfigFile.Load(args); } // asd.yaml or --config: read once, here
        catch (AsdException ex) { Report(ex); return ex.ExitCode; }
        CommonOptions.Configured = config;
        if (FastNoOp.TryAnswer(args) is { } answered) return answered;
        MathNet.Numerics.Control.UseSingleThread();
        var root = new RootCommand("asd — a workflow engine with a content-addressed store for machine-sound anomaly detection")
        {
            RunCommand.Create(config), ExecShardCommand.Create(), StatusCommand.Create(), DagCommand.Create(), SynthCommand.Create(),
            EvaluateCommand.Create(), ValidateCommand.Create(),
            DemoCommand.Create(), StoreCommands.Gc(), StoreCommands.Store(),
            ProvenanceCommands.Freeze(), ProvenanceCommands.Verify(), ProvenanceCommands.Recompute(), ProvenanceCommands.Audit(),
        };
        root.Options.Add(new System.CommandLine.Option<string>(Configuration.AsdConfigFile.Option) { Description = "Configuration file (default: asd.yaml at the repository root)", Recursive = true });
        var parse = root.Parse(args);
        Output.PhaseTrace.Mark("command line");
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"asd: {error.Message} (see `asd {string.Join(' ', args.Take(1))} --help`)");
            return 2;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (AsdException ex)
        {
            Report(ex);
            return ex.ExitCode;
        }
        catch (AggregateException agg) when (agg.InnerException is AsdException ex)
        {
            Report(ex);
            return ex.ExitCode;
        }
        catch (Exception ex) when (DiskFull.Is(ex)) // from LiteDB, a stamp or an --out file: still one line
        {
            var full = DiskFull.Describe(ex);
            Report(full);
            return full.ExitCode;
        }
        catch (Exception ex) when (Store.Index.IndexDamage.IsDamage(ex.InnerException ?? ex) && Environment.GetEnvironmentVariable("ASD_DEBUG") is null)
        {
            // Damage found after the index opened cleanly (opening checks and repairs it).
            Report(Store.Index.IndexDamage.Error(StoreOf(args), ex.InnerException ?? ex));
            return AsdException.ExitCodeOf(ErrorCode.IndexDamaged);
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("ASD_DEBUG") is null)
        {
            Console.Error.WriteLine($"asd: internal error: {ex.GetType().Name}: {ex.Message} (rerun with ASD_DEBUG=1 for the stack trace, and please report it)");
            return 1;
        }
    }

    /// <summary>The index file of the store the command line names (--store, else $ASD_STORE, else ./store).</summary>
    private static string StoreOf(string[] args)
    {
        var at = Array.IndexOf(args, "--store");
        var store = at >= 0 && at + 1 < args.Length ? args[at + 1] : CommonOptions.DefaultStore();
        return Path.Combine(Path.GetFullPath(store), "index.db");
    }

    private static void Report(AsdException ex)
    {
        Console.Error.WriteLine($"asd: {ex.Message}");
        foreach (var detail in ex.Details) Console.Error.WriteLine($"  {detail}");
    }
}

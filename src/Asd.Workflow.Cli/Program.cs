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
        var given = args;
        CommonOptions.Configure(() => Configuration.AsdConfigFile.Load(given)); // asd.yaml or --config: read once, when first needed
        Configuration.AsdConfig config;
        try
        {
            if (FastNoOp.TryAnswer(args) is { } answered) return answered; // reads the file only when no --store or $ASD_STORE names the store
            config = CommonOptions.Configured;
        }
        catch (AsdException ex) { Report(ex); return ex.ExitCode; }
        MathNet.Numerics.Control.UseSingleThread();
        if (args.Length == 0) args = ["--help"]; // bare `asd` shows what it can do
        var root = CommandLine.Root(config);
        var parse = root.Parse(args);
        Output.PhaseTrace.Mark("command line");
        if (parse.Errors.Count > 0) return CommandLine.ReportParseErrors(parse, args);
        Output.OutputSettings.Set(parse.GetValue(CommandLine.Quiet), parse.GetValue(CommandLine.Verbose), Environment.GetEnvironmentVariable("ASD_PROGRESS_INTERVAL_MS"));
        var debug = Environment.GetEnvironmentVariable("ASD_DEBUG") is not null;
        using var interrupt = new Output.Interrupt();
        try
        {
            return parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null }, interrupt.Token)
                .GetAwaiter().GetResult(); // the entry point: the one place that blocks on async
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
        catch (Exception ex) when (Store.Index.IndexDamage.IsDamage(ex.InnerException ?? ex) && !debug)
        {
            // Damage found after the index opened cleanly (opening checks and repairs it).
            Report(Store.Index.IndexDamage.Error(StoreOf(args), ex.InnerException ?? ex));
            return AsdException.ExitCodeOf(ErrorCode.IndexDamaged);
        }
        catch (Exception ex) when (!debug)
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

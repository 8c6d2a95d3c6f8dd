using System.CommandLine;
using Asd.Workflow.Audio.Synth;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Cli.Commands;

/// <summary><c>asd synth --out DIR</c>: writes a synthetic DCASE-2026-shaped dev set.</summary>
internal static class SynthCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the data set to", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed (default 0)" };
        var machines = new Option<int>("--machines") { Description = "Machine types, 1–7", DefaultValueFactory = _ => 7 };
        var trainSource = new Option<int>("--train-source") { Description = "Source-domain train normals per machine", DefaultValueFactory = _ => 990 };
        var trainTarget = new Option<int>("--train-target") { Description = "Target-domain train normals per machine", DefaultValueFactory = _ => 10 };
        var testPerCell = new Option<int>("--test-per-cell") { Description = "Test clips per domain × label", DefaultValueFactory = _ => 50 };
        var seconds = new Option<double>("--seconds") { Description = "Clip length in seconds", DefaultValueFactory = _ => 10 };
        var channels = new Option<int>("--channels") { Description = "1 (mono) or 2 (near/far stereo)", DefaultValueFactory = _ => 2 };
        var command = new Command("synth", "Write a synthetic DCASE-2026-like dev set in the official layout\n\nExample: asd synth --out data/synth --machines 2 --seconds 3") { output, seed, machines, trainSource, trainTarget, testPerCell, seconds, channels };
        command.SetAction(result =>
        {
            var options = new SynthOptions
            {
                Out = result.GetValue(output)!, Seed = result.GetValue(seed), Machines = result.GetValue(machines),
                TrainSource = result.GetValue(trainSource), TrainTarget = result.GetValue(trainTarget), TestPerCell = result.GetValue(testPerCell),
                Seconds = result.GetValue(seconds), Channels = result.GetValue(channels),
            };
            var problems = options.Problems().ToList();
            if (problems.Count > 0) throw AsdException.BadInput("asd synth: bad options", problems);
            var summary = SyntheticDataset.Write(options);
            Console.WriteLine($"wrote {summary.Clips} clips ({summary.Bytes / 1e6:0.0} MB) for {string.Join(", ", summary.Machines)} under {Path.GetFullPath(options.Out)}");
            return 0;
        });
        return command;
    }
}

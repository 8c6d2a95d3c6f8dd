using Asd.Workflow.Cli.Output;
using System.CommandLine;
using System.Text.Json;
using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Evaluation.Validation;

namespace Asd.Workflow.Cli.Commands;

/// <summary><c>asd validate PACKAGE_DIR --data DATASET</c>: checks a submission package against the test set.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var package = new Argument<string>("PACKAGE_DIR") { Description = "Folder holding one sub-folder per system" };
        var data = new Option<string>("--data") { Description = "The data set whose test split the package must cover", Required = true };
        var json = CommonOptions.Json();
        var split = new Option<string>("--split") { Description = "Which half of a DCASE root holding dev_data/ and eval_data/ to check against: dev or eval", DefaultValueFactory = _ => "dev" };
        split.AcceptOnlyFromAmong("dev", "eval");
        var command = new Command("validate", "Check a submission package: files, names, format, values\n\nExample: asd validate out/demo/submission --data out/demo/data") { package, data, json, split };
        command.SetAction(result =>
        {
            var given = $"--data {result.GetValue(data)}" + (result.GetValue(split) is "dev" or null ? "" : $" --split {result.GetValue(split)}");
            var problems = Validate(result.GetValue(package)!, DataRoot.Resolve(result.GetValue(data)!, DataRoot.ParseSplit(result.GetValue(split)!)).Folder, given);
            if (result.GetValue(json)) Console.WriteLine(JsonLines.Serialize(new { ok = problems.Count == 0, problems = problems.Select(p => p.ToString()) }));
            else
            {
                foreach (var p in problems) Console.WriteLine(p);
                Console.WriteLine(problems.Count == 0 ? $"{result.GetValue(package)}: valid" : $"{problems.Count} problem(s)");
            }
            return problems.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <param name="asGiven">The data options as the user typed them, for the suggestion (default: <c>--data</c> with the resolved folder).</param>
    public static IReadOnlyList<PackageProblem> Validate(string package, string data, string? asGiven = null)
    {
        if (!Directory.Exists(package)) throw Core.Errors.AsdException.BadInput($"package folder {package} does not exist (give the folder holding one sub-folder per system)");
        if (Directory.GetDirectories(package).Length == 0 && Directory.EnumerateFiles(package, "*.csv").Any())
        {
            var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(package));
            throw Core.Errors.AsdException.BadInput($"{package} holds one system's CSV files, not a package of systems; validate its parent: asd validate {(string.IsNullOrEmpty(parent) ? "." : parent)} {asGiven ?? $"--data {data}"}");
        }
        var inventory = new DatasetReader(paths => paths.ToDictionary(p => p, _ => "", StringComparer.Ordinal)).Read(data);
        return PackageValidator.Validate(package, inventory.Shards.Select(s => s.Test).ToList());
    }
}

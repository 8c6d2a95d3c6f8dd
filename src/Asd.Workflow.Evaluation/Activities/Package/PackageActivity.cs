using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Definitions;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Evaluation.Activities.Package;

/// <summary>Options of the package activity.</summary>
public sealed record PackageOptions
{
    /// <summary>Folder name per system stage (e.g. the official Team_Institution_task2_1); default: the stage name.</summary>
    [Name(Keys = true, Values = true)] public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// Builds the submission package: per system (up to four needs) a folder with the anomaly-score and
/// decision-result CSV of every machine and section. The package is a tree artifact in the store;
/// <c>asd run --out</c> and <c>asd demo</c> materialise it.
/// </summary>
public sealed class PackageActivity : Activity<PackageOptions>
{
    public const int MaxSystems = 4;

    public override string Kind => "package";
    public override int Version => 1;
    public override ActivityScope Scope => ActivityScope.WholeSet;
    public override bool UsesStageNames => true;

    protected override IEnumerable<string> Validate(PackageOptions options, IReadOnlyList<string> needs)
    {
        if (needs.Count is 0 or > MaxSystems) yield return $"a package holds 1 to {MaxSystems} systems, this one needs {needs.Count}";
        foreach (var key in options.Names.Keys.Where(k => !needs.Contains(k))) yield return $"names '{key}', which is not one of its needs";
    }

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, PackageOptions options, CancellationToken ct)
    {
        var files = new List<TreeEntry>();
        foreach (var input in context.Inputs.Where(i => i.Port == ClipInventory.Test))
        {
            var folder = options.Names.GetValueOrDefault(input.Stage, input.Stage);
            var shard = Shard.Parse(input.Shard);
            var rows = ScoreTable.FromCsv(context.Read(input)).Rows;
            files.Add(new TreeEntry($"{folder}/{SubmissionFiles.ScoreFile(shard.Machine, shard.Section)}", context.Store.Put(SubmissionFiles.Scores(rows)).ToString()));
            files.Add(new TreeEntry($"{folder}/{SubmissionFiles.DecisionFile(shard.Machine, shard.Section)}", context.Store.Put(SubmissionFiles.Decisions(rows)).ToString()));
        }
        var tree = new TreeArtifact(files);
        var refs = context.Inputs.Where(i => i.Port == ClipInventory.Test).Select(i => i.Ref).ToList();
        return Task.FromResult(ActivityResult.Of(new OutputArtifact("package", tree.Store(context.Store), MediaTypes.Tree, refs)));
    }
}

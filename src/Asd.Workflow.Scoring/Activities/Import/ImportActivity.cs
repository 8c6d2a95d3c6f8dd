using System.Text.Json.Nodes;
using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Scoring.Activities.Import;

/// <summary>
/// Imports per-clip scores made outside asd (a Python model, another toolkit) as a branch: per (machine, section)
/// it reads the producer's test and train score files, checks them against the clip inventories
/// (<see cref="ImportedScoreFile"/>), and writes the same "train" and "test" score tables a score stage writes, so
/// calibrate, guard and fuse take it unchanged. The files' SHA256 digests are part of the stage identity
/// (<see cref="Describe"/>), so an edited file reruns its stage and nothing else; the files themselves are stored
/// (ports "imported_test", "imported_train") and frozen with their digests, and the declared train-score
/// protocol is stored with them (port "imported") for <c>asd audit</c>.
/// </summary>
public sealed class ImportActivity : Activity<ImportOptions>
{
    public override string Kind => "import";
    public override int Version => 1;

    protected override IEnumerable<string> Validate(ImportOptions options, IReadOnlyList<string> needs)
    {
        if (options.From.Length == 0) yield return "import needs 'from: FOLDER' (the folder with the anomaly_score_* files)";
        if (options.TrainScores.Length == 0) yield return "import needs 'train_scores: out_of_fold' or 'train_scores: in_sample' (how the producer scored the train clips)";
        if (needs.Any(n => n != Core.Definitions.WorkflowLoader.DatasetStage)) yield return "import reads the data set's clip inventories only (needs: [dataset] or no needs)";
    }

    /// <summary>The digest of every score file in the folder, by file name: an edited, added or removed file changes the identity.</summary>
    public override JsonObject Describe(object options)
    {
        var files = new JsonObject();
        foreach (var path in ScoreFiles((ImportOptions)options)) files[Path.GetFileName(path)] = Digest.Of(File.ReadAllBytes(path)).ToString();
        return new JsonObject { ["files"] = files };
    }

    public override IReadOnlyList<string> DependencyFiles(object options) => ScoreFiles((ImportOptions)options);

    protected override Task<ActivityResult> ExecuteAsync(ActivityContext context, ImportOptions options, CancellationToken ct)
    {
        if (!Directory.Exists(options.From))
            throw AsdException.BadInput($"stage '{context.StageName}': import folder '{options.From}' does not exist; set 'from' to the folder with the anomaly_score_* files");
        var outputs = new List<OutputArtifact>();
        var digests = new Dictionary<string, (string File, Digest Digest)>();
        foreach (var split in new[] { ClipInventory.Test, ClipInventory.Train })
        {
            var inventoryInput = context.Input(split);
            var inventory = JsonDefaults.Deserialize<ClipInventory>(context.Read(inventoryInput));
            var path = Path.Combine(options.From, ImportedScoreFile.FileName(context.Shard.Machine, context.Shard.Section, split));
            if (!File.Exists(path))
                throw AsdException.Failed($"{path}: missing; an import needs a test and a train score file for every machine and section ({inventory.Clips.Count} {split} clip(s) here)");
            var bytes = File.ReadAllBytes(path);
            var stored = context.Store.Put(bytes);
            var known = context.Identity.Configuration("files")?[Path.GetFileName(path)]?.GetValue<string>(); // its digest when the run began
            if (known != stored.ToString())
                throw AsdException.Failed($"{path}: changed during the run (expected {known ?? "no file"}, read {stored}); rerun");
            var table = ImportedScoreFile.Read(path, bytes, inventory);
            digests[split] = (path, stored);
            outputs.Add(new OutputArtifact("imported_" + split, stored, MediaTypes.Csv, []));
            outputs.Add(new OutputArtifact(split, context.Store.Put(table.ToCsv()), MediaTypes.Csv, [inventoryInput.Ref]));
        }
        var declaration = new ImportedFiles(options.TrainScores, Path.GetFileName(digests[ClipInventory.Test].File), digests[ClipInventory.Test].Digest.ToString(),
            Path.GetFileName(digests[ClipInventory.Train].File), digests[ClipInventory.Train].Digest.ToString());
        outputs.Add(new OutputArtifact("imported", context.Store.Put(CanonicalJson.Serialize(declaration)), MediaTypes.Json, []));
        return Task.FromResult(new ActivityResult(outputs, []));
    }

    private static List<string> ScoreFiles(ImportOptions options) =>
        options.From.Length > 0 && Directory.Exists(options.From)
            ? Directory.GetFiles(options.From, ImportedScoreFile.Prefix + "*.csv").Order(StringComparer.Ordinal).ToList()
            : [];
}

using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Audio.Dataset;

/// <summary>A scanned data set: per (machine, section) the train and test inventories and the ground truth.</summary>
public sealed record DatasetInventory(string Root, IReadOnlyList<ShardInventory> Shards);

/// <summary>A folder of clips of one machine and split.</summary>
public sealed record ClipFolder(string Machine, string Split, string Dir);

public sealed record ShardInventory(ClipInventory Train, ClipInventory Test, GroundTruth Truth)
{
    public string Machine => Train.Machine;
    public string Section => Train.Section;
}

/// <summary>
/// Reads a DCASE Task 2 data set laid out as <c>ROOT/{dev_data,eval_data}/raw/&lt;machine&gt;/{train,test}/</c>,
/// <c>ROOT/&lt;machine&gt;/{train,test}/</c> or <c>ROOT/{train,test}/</c> (machine = ROOT's name). Labels of
/// anonymous test names come from <c>ground_truth_data/ground_truth_&lt;machine&gt;_section_SS_test.csv</c> and
/// domains from <c>ground_truth_domain/</c>, searched from ROOT upwards.
/// </summary>
/// <param name="blindTest">
/// Read the test split as an evaluation set is shipped: no label and no domain for any test clip (domain
/// "unknown", an empty ground truth), whatever its name says and whatever ground-truth files lie nearby; none
/// is opened. Train clips keep the domain their names give.
/// </param>
public sealed class DatasetReader(Func<IReadOnlyList<string>, IReadOnlyDictionary<string, string>> hashFiles, bool blindTest = false)
{
    public DatasetInventory Read(string root)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw AsdException.BadInput($"data set {root} does not exist (pass --data DIR, or run `asd synth --out DIR` first)");
        var machines = MachineDirectories(root);
        if (machines.Count == 0)
            throw AsdException.BadInput($"data set {root}: no <machine>/train or <machine>/test folder found (expected the DCASE layout dev_data/raw/<machine>/{{train,test}}/)");

        var files = ClipFiles(machines);
        var hashes = hashFiles(files.Select(f => f.Path).Order(StringComparer.Ordinal).ToList());
        var truth = new GroundTruthFiles(root);
        var shards = new List<ShardInventory>();
        var problems = new List<string>();
        foreach (var group in files.GroupBy(f => f.Machine).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var parsed = new List<(string Split, string Section, ClipEntry Clip, int? Label)>();
            foreach (var (machine, split, path) in group)
            {
                var name = Path.GetFileName(path);
                if (!ClipNames.IsCsvSafe(name)) { problems.Add($"{path.Replace("\n", "\\n").Replace("\r", "\\r")}: file name contains a comma, quote or line break, which the score and submission CSV files cannot carry; rename the file"); continue; }
                var meta = DcaseFileName.TryParse(name);
                if (meta is null) { problems.Add($"{path}: file name does not follow the DCASE pattern section_SS_[domain_][split_][label_]NNNN[_attributes].wav; rename or remove it"); continue; }
                var blind = blindTest && split == ClipInventory.Test;
                var label = blind ? null : meta.Label ?? (split == ClipInventory.Test ? truth.Label(machine, meta.Section, name) : 0);
                var domain = blind ? Unknown : meta.Domain ?? truth.Domain(machine, meta.Section, name) ?? Unknown;
                var attributes = meta.Attributes is null ? null : new Dictionary<string, string> { ["raw"] = meta.Attributes };
                var relative = Path.GetRelativePath(root, path).Replace('\\', '/');
                parsed.Add((split, meta.Section, new ClipEntry(name, relative, hashes[path], split, domain, attributes), label));
            }
            foreach (var section in parsed.GroupBy(p => p.Section).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                ClipInventory Inventory(string split) => new(group.Key, section.Key, split,
                    section.Where(p => p.Split == split).Select(p => p.Clip).OrderBy(c => c.Name, StringComparer.Ordinal).ToList());
                var gt = new GroundTruth(group.Key, section.Key, section.Where(p => p.Split == ClipInventory.Test && p.Label is not null)
                    .Select(p => new TruthEntry(p.Clip.Name, p.Label!.Value, p.Clip.Domain)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList());
                shards.Add(new ShardInventory(Inventory(ClipInventory.Train), Inventory(ClipInventory.Test), gt));
            }
        }
        if (problems.Count > 0) throw AsdException.BadInput($"data set {root}: {problems.Count} clip(s) cannot be read", problems);
        return new DatasetInventory(root, shards);
    }

    /// <summary>The domain of a clip whose domain is not known (an anonymous evaluation test clip).</summary>
    public const string Unknown = "unknown";

    /// <summary>The folders holding clips: (machine, split, folder), in a fixed order.</summary>
    public static IReadOnlyList<ClipFolder> ClipDirectories(string root) =>
        SplitDirectories(MachineDirectories(Path.GetFullPath(root)));

    private static List<ClipFolder> SplitDirectories(List<(string Machine, string Dir)> machines)
    {
        var folders = new List<ClipFolder>();
        foreach (var (machine, dir) in machines)
            foreach (var split in new[] { ClipInventory.Train, ClipInventory.Test })
                if (Directory.Exists(Path.Combine(dir, split))) folders.Add(new ClipFolder(machine, split, Path.Combine(dir, split)));
        return folders;
    }

    private static List<(string Machine, string Split, string Path)> ClipFiles(List<(string Machine, string Dir)> machines) =>
        SplitDirectories(machines).SelectMany(d => Directory.EnumerateFiles(d.Dir, "*.wav", WavFiles).Order(StringComparer.Ordinal).Select(f => (d.Machine, d.Split, f))).ToList();

    // .wav in any letter case (recorders write .WAV); hidden files too, so that a stray ._x.wav is reported, not skipped.
    private static readonly EnumerationOptions WavFiles = new() { MatchCasing = MatchCasing.CaseInsensitive, AttributesToSkip = 0 };

    private static List<(string Machine, string Dir)> MachineDirectories(string root)
    {
        foreach (var sub in new[] { "dev_data/raw", "eval_data/raw", "raw" })
        {
            var dir = Path.Combine(root, sub);
            if (Directory.Exists(dir)) return ChildMachines(dir);
        }
        if (Directory.Exists(Path.Combine(root, "train")) || Directory.Exists(Path.Combine(root, "test")))
            return [(Path.GetFileName(root), root)];
        return ChildMachines(root);
    }

    // Plain loops and an ordinal string sort: this runs on every `asd run`, before anything is cached.
    private static List<(string, string)> ChildMachines(string dir)
    {
        var names = new List<string>();
        foreach (var d in Directory.EnumerateDirectories(dir))
            if (Directory.Exists(Path.Combine(d, "train")) || Directory.Exists(Path.Combine(d, "test"))) names.Add(Path.GetFileName(d));
        names.Sort(StringComparer.Ordinal);
        var machines = new List<(string, string)>(names.Count);
        foreach (var name in names) machines.Add((name, Path.Combine(dir, name)));
        return machines;
    }
}

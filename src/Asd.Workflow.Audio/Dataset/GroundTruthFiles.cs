using Asd.Workflow.Core.Data;

namespace Asd.Workflow.Audio.Dataset;

/// <summary>
/// The official ground-truth CSVs for anonymous (eval) names: <c>ground_truth_data/</c> (name,label) and
/// <c>ground_truth_domain/</c> (name,domain as 0 = source / 1 = target or the word), no header; bad rows are errors with file:line
/// (<see cref="GroundTruthCsv"/>).
/// </summary>
internal sealed class GroundTruthFiles(string root)
{
    private readonly Dictionary<string, Dictionary<string, int>?> _labels = new();
    private readonly Dictionary<string, Dictionary<string, string>?> _domains = new();

    public int? Label(string machine, string section, string name) =>
        Table(_labels, "ground_truth_data", machine, section, GroundTruthCsv.Labels) is { } table && table.TryGetValue(name, out var label) ? label : null;

    public string? Domain(string machine, string section, string name) =>
        Table(_domains, "ground_truth_domain", machine, section, GroundTruthCsv.Domains) is { } table && table.TryGetValue(name, out var domain) ? domain : null;

    private Dictionary<string, T>? Table<T>(Dictionary<string, Dictionary<string, T>?> cache, string folder, string machine, string section,
        Func<string, IEnumerable<string>, Dictionary<string, T>> parse)
    {
        var file = $"ground_truth_{machine}_section_{section}_test.csv";
        if (!cache.TryGetValue(file, out var table))
            cache[file] = table = Find(folder, file) is { } path ? parse(path, File.ReadLines(path)) : null;
        return table;
    }

    private string? Find(string folder, string file)
    {
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, folder, file);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}

using System.Globalization;

namespace Asd.Workflow.Audio.Dataset;

/// <summary>
/// The official ground-truth CSVs for anonymous (eval) names: <c>ground_truth_data/</c> (name,label) and
/// <c>ground_truth_domain/</c> (name,domain as 0 = source / 1 = target or the word), no header.
/// </summary>
internal sealed class GroundTruthFiles(string root)
{
    private readonly Dictionary<string, Dictionary<string, string>?> _cache = new();

    public int? Label(string machine, string section, string name) =>
        Lookup("ground_truth_data", machine, section, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : null;

    public string? Domain(string machine, string section, string name) =>
        Lookup("ground_truth_domain", machine, section, name) switch
        {
            null => null,
            "0" => "source",
            "1" => "target",
            var word => word,
        };

    private string? Lookup(string folder, string machine, string section, string name)
    {
        var file = $"ground_truth_{machine}_section_{section}_test.csv";
        var key = $"{folder}/{file}";
        if (!_cache.TryGetValue(key, out var table))
        {
            table = Find(folder, file) is { } path
                ? File.ReadLines(path).Select(l => l.Trim().TrimStart('\uFEFF')).Where(l => l.Length > 0)
                    .Select(l => l.Split(',')).Where(f => f.Length >= 2)
                    .ToDictionary(f => f[0].Trim(), f => f[1].Trim(), StringComparer.Ordinal)
                : null;
            _cache[key] = table;
        }
        return table is not null && table.TryGetValue(name, out var value) ? value : null;
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

using System.Text.Json;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Cli.Commands;

/// <summary>
/// One demo's folder (--out): its data set (synthetic, under it), report, package and manifest. A marker records
/// which data set and store the folder belongs to, so a demo of another data set or store is refused there
/// instead of mixing its outputs with this one's (each demo keeps its own manifest and outputs).
/// </summary>
internal sealed record DemoFolder(string Out, string? Data, string Store)
{
    public const string MarkerName = ".asd-demo.json";
    public const string ManifestFile = "manifest.json";

    /// <summary>out/demo for the synthetic set; out/demo-NAME for --data .../NAME.</summary>
    public static string Default(string? data) =>
        data is null ? Path.Combine("out", "demo") : Path.Combine("out", $"demo-{Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(data)))}");

    private sealed record Owner(string Data, string Store);

    private Owner Wanted => new(Data is null ? "(synthetic)" : Path.GetFullPath(Data), Path.GetFullPath(Store));

    private string Marker => Path.Combine(Out, MarkerName);

    /// <summary>Refuses (exit 2) a folder that holds another demo: another data set or another store.</summary>
    public void CheckBelongs()
    {
        if (!File.Exists(Marker)) return;
        var owner = JsonSerializer.Deserialize<Owner>(File.ReadAllText(Marker));
        if (owner is null || owner == Wanted) return;
        var what = owner.Data != Wanted.Data ? $"the demo of {owner.Data}" : $"the demo kept in the store {owner.Store}";
        throw AsdException.BadInput($"{Out} holds {what}; choose another --out for this one (or remove {Out})");
    }

    /// <summary>Marks the folder as asd's (<see cref="Core.Paths.OwnedFolder"/>) and as this demo's.</summary>
    public void Claim()
    {
        Core.Paths.OwnedFolder.Claim(Out, "--out");
        File.WriteAllText(Marker, JsonSerializer.Serialize(Wanted));
    }
}

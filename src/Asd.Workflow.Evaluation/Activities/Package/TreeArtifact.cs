using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Paths;

namespace Asd.Workflow.Evaluation.Activities.Package;

/// <summary>A folder as an artifact: relative paths (sorted) to object digests.</summary>
public sealed record TreeArtifact(IReadOnlyList<TreeEntry> Files)
{
    public Digest Store(IArtifactStore store) => store.Put(CanonicalJson.Serialize(this with { Files = Files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList() }));

    public static TreeArtifact Load(IArtifactStore store, Digest digest) => JsonDefaults.Deserialize<TreeArtifact>(store.ReadAll(digest));

    /// <summary>Writes the files under <paramref name="directory"/> (replacing files of the same name); an entry that would leave it is refused.</summary>
    public void Materialize(IArtifactStore store, string directory)
    {
        foreach (var file in Files)
        {
            var path = ConfinedPath.Resolve(directory, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, store.ReadAll(Digest.Parse(file.Digest)));
        }
    }
}

public sealed record TreeEntry(string Path, string Digest);

using System.Text;
using System.Text.RegularExpressions;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// Objects named ("sha256:…") inside JSON objects: the files of a package tree, the outputs of an execution
/// record. gc keeps what they reach; the cache check after a quarantine requires them.
/// </summary>
public static partial class ObjectReferences
{
    /// <summary>
    /// The digests named inside an object when it is JSON (first byte '{' or '['), otherwise none. A JSON object
    /// is read to its end, so a verifying store checks it; other objects are only peeked at (one byte).
    /// </summary>
    public static IReadOnlyList<Digest> Named(IArtifactStore store, Digest digest)
    {
        using var stream = store.Open(digest);
        return Named(stream);
    }

    /// <summary>The digests named inside an object's stream (see <see cref="Named(IArtifactStore, Digest)"/>).</summary>
    public static IReadOnlyList<Digest> Named(Stream stream)
    {
        var first = stream.ReadByte();
        if (first is not ('{' or '[')) return [];
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = (char)first + reader.ReadToEnd();
        return DigestPattern().Matches(text).Select(m => Digest.Parse(m.Value)).ToList();
    }

    /// <summary>Roots plus every object named inside a reachable JSON object (missing objects are listed, not followed).</summary>
    public static HashSet<Digest> Reachable(IArtifactStore store, IEnumerable<Digest> roots)
    {
        var live = new HashSet<Digest>();
        var queue = new Queue<Digest>(roots);
        while (queue.Count > 0)
        {
            var d = queue.Dequeue();
            if (!live.Add(d) || !store.Exists(d)) continue;
            foreach (var named in Named(store, d)) queue.Enqueue(named);
        }
        return live;
    }

    [GeneratedRegex("sha256:[0-9a-f]{64}")]
    private static partial Regex DigestPattern();
}

using Asd.Workflow.Core.Activities;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;
using Asd.Workflow.Core.Paths;

namespace Asd.Workflow.Slurm.Worker;

/// <summary>
/// The per-clip memo hits of one shard, resolved by the coordinator before it submits the shard: each key the
/// activity looks up (<see cref="IActivity.MemoKeys"/>, from the stage identity), looked up through the run's
/// memo (the index, then the team cache when one is set), kept when its value object is in the store. Written
/// atomically beside the request and named there with its SHA256; the job refuses a file that reads otherwise.
/// The values stay object digests that the activity reads verified, exactly as a local run reads its memo.
/// </summary>
internal static class MemoSnapshot
{
    /// <summary>Resolves the shard's hits and writes them to <paramref name="path"/>; null when there is none.</summary>
    public static MemoFile? Write(string path, IActivity activity, ActivityContext context)
    {
        var hits = new List<MemoEntry>();
        foreach (var key in activity.MemoKeys(context).Distinct())
            if (context.Memo.TryGet(key, out var value) && context.Store.Exists(value))
                hits.Add(new MemoEntry(key.ToString(), value.ToString()));
        if (hits.Count == 0) return null;
        var bytes = CanonicalJson.Serialize(hits.OrderBy(e => e.Key, StringComparer.Ordinal).ToList());
        AtomicFile.Write(path, bytes);
        return new MemoFile(path, Digest.Of(bytes).ToString());
    }

    /// <summary>The hits a request names (none when it names no file), after checking the file's digest.</summary>
    public static IReadOnlyDictionary<Digest, Digest> Read(MemoFile? file)
    {
        if (file is null) return new Dictionary<Digest, Digest>();
        var bytes = File.ReadAllBytes(file.Path);
        var actual = Digest.Of(bytes);
        if (actual.ToString() != file.Digest)
            throw AsdException.Failed($"memo snapshot {file.Path} reads as {actual}, not {file.Digest}");
        return JsonDefaults.Deserialize<List<MemoEntry>>(bytes).ToDictionary(e => Digest.Parse(e.Key), e => Digest.Parse(e.Value));
    }
}

/// <summary>A memo snapshot file and the SHA256 of its bytes.</summary>
public sealed record MemoFile(string Path, string Digest);

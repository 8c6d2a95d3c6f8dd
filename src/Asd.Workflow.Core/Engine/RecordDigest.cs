using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Core.Json;

namespace Asd.Workflow.Core.Engine;

/// <summary>
/// The one rule for an execution's record object: its bytes are the record's canonical JSON, and it is named by their
/// digest. A run stores it (<see cref="Bytes"/>), a fetch from the team cache stores it, a manifest names it and a gc
/// root keeps it (<see cref="Of"/>); changing the rule renames every record in every store and manifest.
/// </summary>
public static class RecordDigest
{
    /// <summary>The record object's bytes, as stored.</summary>
    public static byte[] Bytes(ExecutionRecord record) => CanonicalJson.Serialize(record);

    /// <summary>The record object's name: the digest of <see cref="Bytes"/> (what storing them returns).</summary>
    public static Digest Of(ExecutionRecord record) => Digest.Of(Bytes(record));
}

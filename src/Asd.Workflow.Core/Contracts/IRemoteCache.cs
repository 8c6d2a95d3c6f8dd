using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// A team cache shared by several stores (Bazel's HTTP remote-cache protocol: <c>cas/&lt;sha256&gt;</c> for objects,
/// <c>ac/&lt;key&gt;</c> for execution records and per-clip memo entries, keyed by <see cref="StageIdentity"/>).
/// The runner asks it only after a local miss. Nothing fetched is used before it is verified and stored
/// locally; a remote that is down, slow or wrong is a miss, never a failure of the run.
/// </summary>
public interface IRemoteCache
{
    /// <summary>Whether executions and memo entries made here are uploaded (false for read-only members).</summary>
    bool Uploads { get; }

    /// <summary>
    /// The execution recorded remotely under <paramref name="key"/>, with every object its outputs reach already
    /// downloaded, verified against its digest and stored in the local store; null on a miss (absent, corrupt,
    /// truncated, not for this key, or the remote unreachable).
    /// </summary>
    Task<ExecutionRecord?> FetchExecutionAsync(Digest key, CancellationToken cancellationToken);

    /// <summary>
    /// A per-clip memo entry recorded remotely under <paramref name="key"/>, its value object downloaded, verified
    /// and stored locally; false on a miss. Synchronous: activities ask their memo clip by clip.
    /// </summary>
    bool TryFetchMemo(Digest key, out Digest value);

    /// <summary>
    /// Uploads every object the execution's outputs reach and each memo entry's value, then the memo entries, then
    /// the record (a record is never visible before its outputs). Failures end in one notice, never an exception.
    /// </summary>
    Task UploadAsync(ExecutionRecord record, IReadOnlyCollection<KeyValuePair<Digest, Digest>> memo, CancellationToken cancellationToken);

    /// <summary>
    /// A shard found in the local cache: uploaded as by <see cref="UploadAsync"/> (outputs before record) when the
    /// remote does not have its record yet, so a member with a warm local store seeds an empty remote. Asks first,
    /// so a record the remote has is not sent again.
    /// </summary>
    Task ShareCachedAsync(ExecutionRecord record, CancellationToken cancellationToken);
}

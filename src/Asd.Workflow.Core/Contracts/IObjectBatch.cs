using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// Puts whose durability is paid once for all of them (<see cref="IArtifactStore.BeginBatch"/>): each object is
/// hashed while it is written and readable through the batch at once, but visible in the store only after
/// <see cref="CommitAsync"/> has made every object of the batch durable. Disposing an uncommitted batch discards
/// its objects. Puts and opens may come from several threads at once; commit once they are done.
/// </summary>
public interface IObjectBatch : IDisposable
{
    /// <summary>Stores a stream's content while hashing it; returns the digest its bytes have.</summary>
    Digest Put(Stream content);

    /// <summary>Stores bytes in memory (a per-clip memo value); returns their digest.</summary>
    Digest Put(ReadOnlySpan<byte> content);

    /// <summary>Opens an object put in this batch, or else one of the store (verified as the store's reads are).</summary>
    Stream Open(Digest digest);

    /// <summary>Makes the batch's objects durable, then visible under their names; a failure leaves none of them half-written.</summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>The batch of a store without batched durability: each put is a plain, immediately durable <see cref="IArtifactStore.Put(Stream)"/>.</summary>
internal sealed class ImmediateBatch(IArtifactStore store) : IObjectBatch
{
    public Digest Put(Stream content) => store.Put(content);

    public Digest Put(ReadOnlySpan<byte> content) => store.Put(content);

    public Stream Open(Digest digest) => store.Open(digest);

    public Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() { }
}

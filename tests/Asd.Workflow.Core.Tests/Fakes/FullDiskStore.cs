using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Tests.Fakes;

/// <summary>
/// An injected I/O failure for machines where no tmpfs can be mounted: every Put fails with what a full disk
/// raises (the store's NoSpace error, or LiteDB's raw ENOSPC IOException) until <see cref="Free"/> is called.
/// </summary>
public sealed class FullDiskStore(IArtifactStore inner, Func<Exception> error) : IArtifactStore
{
    private volatile bool _full = true;

    public int FailedPuts;

    public void Free() => _full = false;

    public Digest Put(ReadOnlySpan<byte> content) => _full ? throw Fail() : inner.Put(content);
    public Digest Put(Stream content) => _full ? throw Fail() : inner.Put(content);
    public bool Exists(Digest digest) => inner.Exists(digest);
    public Stream Open(Digest digest) => inner.Open(digest);
    public byte[] ReadAll(Digest digest) => inner.ReadAll(digest);
    public long Size(Digest digest) => inner.Size(digest);
    public IEnumerable<Digest> List() => inner.List();
    public void Delete(Digest digest) => inner.Delete(digest);

    private Exception Fail()
    {
        Interlocked.Increment(ref FailedPuts);
        return error();
    }
}

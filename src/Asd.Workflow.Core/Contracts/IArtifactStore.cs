using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// Content-addressed object storage: the backend behind the store (local files today, a remote cache later).
/// An object is visible only once complete and verified.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Stores bytes and returns their SHA256; storing existing content is a no-op.</summary>
    Digest Put(ReadOnlySpan<byte> content);

    /// <summary>Stores a stream's content while hashing it.</summary>
    Digest Put(Stream content);

    bool Exists(Digest digest);

    /// <summary>Opens an object for reading; throws a BadInput AsdException when it is missing.</summary>
    Stream Open(Digest digest);

    byte[] ReadAll(Digest digest);

    long Size(Digest digest);

    /// <summary>Every object digest in the store, in no particular order.</summary>
    IEnumerable<Digest> List();

    void Delete(Digest digest);
}

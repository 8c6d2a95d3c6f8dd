using System.Collections.Concurrent;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>An in-memory store for tests of activities and of the engine.</summary>
public sealed class InMemoryArtifactStore : IArtifactStore
{
    private readonly ConcurrentDictionary<Digest, byte[]> _objects = new();

    public Digest Put(ReadOnlySpan<byte> content)
    {
        var digest = Digest.Of(content);
        _objects.TryAdd(digest, content.ToArray());
        return digest;
    }

    public Digest Put(Stream content)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        return Put(buffer.ToArray());
    }

    public bool Exists(Digest digest) => _objects.ContainsKey(digest);

    public Stream Open(Digest digest) => new MemoryStream(ReadAll(digest), writable: false);

    public byte[] ReadAll(Digest digest) => _objects.TryGetValue(digest, out var bytes)
        ? bytes
        : throw AsdException.BadInput($"object {digest} is not in the store");

    public long Size(Digest digest) => ReadAll(digest).LongLength;

    public IEnumerable<Digest> List() => _objects.Keys;

    public void Delete(Digest digest) => _objects.TryRemove(digest, out _);
}

using System.Collections.Concurrent;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Contracts;

/// <summary>
/// An in-memory store for tests of activities and of the engine. Reads are verified like the file store's: an
/// object whose bytes (see <see cref="Overwrite"/>) do not match its name is removed and the read throws CorruptObject.
/// </summary>
public sealed class InMemoryArtifactStore : IArtifactStore
{
    private readonly ConcurrentDictionary<Digest, byte[]> _objects = new();

    public Digest Put(ReadOnlySpan<byte> content)
    {
        var digest = Digest.Of(content);
        var bytes = content.ToArray();
        _objects.AddOrUpdate(digest, bytes, (_, present) => Digest.Of(present) == digest ? present : bytes);
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

    public byte[] ReadAll(Digest digest)
    {
        if (!_objects.TryGetValue(digest, out var bytes)) throw AsdException.BadInput($"object {digest} is not in the store");
        var actual = Digest.Of(bytes);
        if (actual == digest) return bytes;
        _objects.TryRemove(digest, out _);
        throw new AsdException(ErrorCode.CorruptObject, $"object {digest} is corrupt (its bytes hash to {actual}); quarantined; its producer re-executes");
    }

    /// <summary>Replaces an object's bytes under its old name: fault injection for tests.</summary>
    public void Overwrite(Digest digest, byte[] bytes) => _objects[digest] = bytes;

    public long Size(Digest digest) => _objects.TryGetValue(digest, out var bytes) ? bytes.LongLength : ReadAll(digest).LongLength;

    public IEnumerable<Digest> List() => _objects.Keys;

    public void Delete(Digest digest) => _objects.TryRemove(digest, out _);
}

using System.Security.Cryptography;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Store.Objects;

/// <summary>
/// A read-only object stream that hashes the bytes as they pass and checks them against the object's name
/// when the end is reached (the first read that returns 0). Only a read to the end is verified: a reader that
/// stops early (a header peek) has checked nothing, so readers whose result must be trusted read to the end.
/// </summary>
internal sealed class VerifyingReadStream(FileStream inner, Digest expected, Func<Digest, Digest, Exception> corrupt) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;
    private bool _checked;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("an object stream is read once, front to back, so that it can be verified");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        return Hashed(buffer[..read], buffer.Length);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Hashed(buffer.Span[..read], buffer.Length);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Hashed(ReadOnlySpan<byte> read, int asked)
    {
        if (read.Length > 0)
        {
            _hash.AppendData(read);
            _position += read.Length;
        }
        else if (asked > 0 && !_checked)
        {
            _checked = true;
            var actual = Digest.FromHash(_hash.GetHashAndReset());
            if (actual != expected) throw corrupt(expected, actual);
        }
        return read.Length;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("an object stream cannot seek");
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hash.Dispose();
        }
        base.Dispose(disposing);
    }
}

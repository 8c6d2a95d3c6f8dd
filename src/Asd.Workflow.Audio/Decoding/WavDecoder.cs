using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using Asd.Workflow.Core.Errors;
using NAudio.Wave;

namespace Asd.Workflow.Audio.Decoding;

/// <summary>Decoded audio: one float array per channel, samples in [-1, 1].</summary>
public sealed record DecodedAudio(int SampleRate, float[][] Channels)
{
    public int Frames => Channels.Length == 0 ? 0 : Channels[0].Length;
}

/// <summary>A file's bytes in a buffer rented from <see cref="ArrayPool{T}.Shared"/>: the first <see cref="Length"/> bytes of <see cref="Buffer"/>; disposing returns it.</summary>
public sealed class ClipBytes(byte[] buffer, int length) : IDisposable
{
    private byte[]? _buffer = buffer;

    public byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(ClipBytes));
    public int Length { get; } = length;
    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } rented) ArrayPool<byte>.Shared.Return(rented);
    }
}

/// <summary>What a WAV file holds, from its header and data size: rate, channel count, frames.</summary>
public sealed record WavInfo(int SampleRate, int Channels, int Frames);

/// <summary>
/// Decodes WAV files: PCM 16/24/32-bit integer and 32-bit float, plain or WAVE_FORMAT_EXTENSIBLE headers,
/// any channel count. NAudio parses the RIFF structure; the sample conversion is ours (a tight loop per
/// format). Every failure is one line naming the file and the reason.
/// </summary>
public static class WavDecoder
{
    /// <summary>Reads and decodes a file; the file's bytes go through a pooled buffer, only the samples are kept.</summary>
    public static DecodedAudio Decode(string path)
    {
        ClipBytes bytes;
        try
        {
            using var handle = File.OpenHandle(path);
            bytes = Rent(handle, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw Bad(path, $"cannot be read ({ex.Message})"); }
        using (bytes) return Decode(bytes.Buffer, bytes.Length, path);
    }

    public static DecodedAudio Decode(byte[] bytes, string path) => Decode(bytes, bytes.Length, path);

    /// <summary>The largest file decoded: the largest array .NET allocates (a RIFF size field would allow 4 GiB).</summary>
    public const long MaxBytes = int.MaxValue;

    /// <summary>
    /// Reads a clip's bytes into a pooled buffer (dispose the result to return it): a missing, unreadable or too
    /// large file is a bad clip. Pooled because an embed pass reads every clip once per shard: a fresh
    /// 640 KB array per 10-s stereo clip lands on the large-object heap and comes back as page faults.
    /// </summary>
    public static ClipBytes ReadClip(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path);
            return Rent(handle, path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException || (ex is UnauthorizedAccessException && Directory.Exists(path))) // a folder is no clip file either
        {
            throw AsdException.Failed($"{path}: clip listed in the inventory is missing; rerun to rescan the data set");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw Bad(path, $"cannot be read ({ex.Message})"); }
    }

    /// <summary>The whole file behind <paramref name="handle"/> in a buffer from <see cref="ArrayPool{T}.Shared"/> (fewer bytes when it shrank meanwhile).</summary>
    private static ClipBytes Rent(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string path)
    {
        var size = RandomAccess.GetLength(handle);
        if (size > MaxBytes) throw TooLarge(path, size);
        var buffer = ArrayPool<byte>.Shared.Rent((int)size);
        try
        {
            int length = 0, n;
            while (length < size && (n = RandomAccess.Read(handle, buffer.AsSpan(length, (int)size - length), length)) > 0) length += n;
            return new ClipBytes(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static AsdException TooLarge(string path, long size) =>
        Bad(path, $"is {size} bytes, larger than the {MaxBytes}-byte limit of a decodable WAV file");

    /// <summary>
    /// Decodes the first <paramref name="count"/> bytes of <paramref name="bytes"/>; each channel's array comes from
    /// <paramref name="buffers"/> when given (every sample of it is written), else is new.
    /// </summary>
    public static DecodedAudio Decode(byte[] bytes, int count, string path, SampleBuffers? buffers = null)
    {
        var (info, offset, width, isFloat) = Locate(bytes, count, path);
        var data = new ReadOnlySpan<byte>(bytes, offset, info.Frames * info.Channels * width);
        return new DecodedAudio(info.SampleRate, Convert(data, info.Channels, width, isFloat, buffers));
    }

    /// <summary>
    /// Every check <see cref="Decode(byte[], string)"/> makes, without converting a sample: a file this accepts
    /// decodes, and to <see cref="WavInfo.Frames"/> frames of <see cref="WavInfo.Channels"/> channels.
    /// </summary>
    public static WavInfo Inspect(byte[] bytes, string path) => Inspect(bytes, bytes.Length, path);

    /// <summary><see cref="Inspect(byte[], string)"/> of the first <paramref name="count"/> bytes.</summary>
    public static WavInfo Inspect(byte[] bytes, int count, string path) => Locate(bytes, count, path).Info;

    private static (WavInfo Info, int Offset, int Width, bool IsFloat) Locate(byte[] bytes, int count, string path)
    {
        if (count == 0) throw Bad(path, "is empty (0 bytes)");
        if (count < 12 || bytes[0] != 'R' || bytes[1] != 'I' || bytes[2] != 'F' || bytes[3] != 'F' || bytes[8] != 'W' || bytes[9] != 'A')
            throw Bad(path, "is not a WAV file (no RIFF/WAVE header)");
        // The header is checked before NAudio or the converter read anything by it: a 0-channel or 0-block-align
        // header would divide by zero, an absurd sample rate would ask the resampler for enormous buffers.
        var header = WavHeader.Read(bytes.AsSpan(0, count)) ?? throw Bad(path, "has no readable fmt chunk before its audio data");
        var isFloat = header.FormatTag == (int)WaveFormatEncoding.IeeeFloat || (header.FormatTag == (int)WaveFormatEncoding.Extensible && header.SubFormat == 3);
        var isPcm = header.FormatTag == (int)WaveFormatEncoding.Pcm || (header.FormatTag == (int)WaveFormatEncoding.Extensible && header.SubFormat == 1);
        if (!isFloat && !isPcm) throw Bad(path, $"uses encoding {(WaveFormatEncoding)header.FormatTag}, not supported (PCM integer or IEEE float only)");
        if (isFloat && header.BitsPerSample != 32) throw Bad(path, $"is {header.BitsPerSample}-bit float, not supported (32-bit float only)");
        if (isPcm && header.BitsPerSample is not (16 or 24 or 32)) throw Bad(path, $"is {header.BitsPerSample}-bit PCM, not supported (16, 24 or 32 bits)");
        if (header.Problem() is { } problem) throw Bad(path, problem);
        int offset, length;
        try
        {
            // NAudio parses the RIFF structure and leaves the stream at the first byte of the data chunk; the
            // samples are then converted straight from the file's bytes (no second copy of the audio).
            var stream = new MemoryStream(bytes, 0, count, writable: false);
            using var reader = new WaveFileReader(stream);
            offset = (int)stream.Position;
            var declared = reader.Length;
            length = (int)Math.Min(declared, count - offset);
            if (length < declared)
                throw Bad(path, $"is truncated: its header declares {declared} bytes of audio, the file holds {length}");
        }
        catch (AsdException) { throw; }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or EndOfStreamException or ArgumentException or IOException or ArithmeticException)
        {
            throw Bad(path, $"is not a readable WAV file ({ex.Message})");
        }
        var data = new ReadOnlySpan<byte>(bytes, offset, length);
        if (header.DataDeclared > data.Length)
            throw Bad(path, $"is truncated: its header declares {header.DataDeclared} bytes of audio, the file holds {data.Length}");
        if (data.Length < header.BlockAlign) throw Bad(path, "holds no audio samples");
        var width = header.BitsPerSample / 8;
        return (new WavInfo(header.SampleRate, header.Channels, data.Length / (header.Channels * width)), offset, width, isFloat);
    }

    private static float[][] Convert(ReadOnlySpan<byte> data, int channels, int width, bool isFloat, SampleBuffers? buffers)
    {
        var frames = data.Length / (channels * width);
        var result = new float[channels][];
        for (var c = 0; c < channels; c++) result[c] = buffers?.Take(frames) ?? GC.AllocateUninitializedArray<float>(frames);
        if (width == 2 && !isFloat)
        {
            // The common case (all DCASE data): a tight loop without per-sample dispatch; mono and stereo
            // eight frames per instruction.
            var samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(data[..(frames * channels * 2)]);
            var done = channels switch
            {
                1 => Mono16(samples, result[0]),
                2 => Stereo16(System.Runtime.InteropServices.MemoryMarshal.Cast<short, int>(samples), result[0], result[1]),
                _ => 0,
            };
            for (var c = 0; c < channels; c++)
            {
                var channel = result[c];
                for (int i = done, k = done * channels + c; i < frames; i++, k += channels) channel[i] = samples[k] * Scale16;
            }
            return result;
        }
        var span = data;
        var offset = 0;
        for (var i = 0; i < frames; i++)
            for (var c = 0; c < channels; c++, offset += width)
                result[c][i] = (width, isFloat) switch
                {
                    (2, _) => BinaryPrimitives.ReadInt16LittleEndian(span[offset..]) / 32768f,
                    (3, _) => ((span[offset] | (span[offset + 1] << 8) | ((sbyte)span[offset + 2] << 16))) / 8388608f,
                    (4, true) => BinaryPrimitives.ReadSingleLittleEndian(span[offset..]),
                    _ => (float)(BinaryPrimitives.ReadInt32LittleEndian(span[offset..]) / 2147483648.0),
                };
        return result;
    }

    private const float Scale16 = 1f / 32768f;

    // Returns how many frames were converted (a multiple of the vector width); the caller finishes the rest.
    private static int Mono16(ReadOnlySpan<short> samples, float[] channel)
    {
        var i = 0;
        if (!Vector256.IsHardwareAccelerated) return 0;
        for (; i + Vector256<short>.Count <= channel.Length; i += Vector256<short>.Count)
        {
            var (low, high) = Vector256.Widen(Vector256.Create(samples[i..]));
            (Vector256.ConvertToSingle(low) * Scale16).CopyTo(channel.AsSpan(i));
            (Vector256.ConvertToSingle(high) * Scale16).CopyTo(channel.AsSpan(i + Vector256<int>.Count));
        }
        return i;
    }

    // One int per stereo frame: the low half is channel 0, the high half channel 1 (little-endian).
    private static int Stereo16(ReadOnlySpan<int> frames, float[] left, float[] right)
    {
        var i = 0;
        if (!Vector256.IsHardwareAccelerated) return 0;
        for (; i + Vector256<int>.Count <= left.Length; i += Vector256<int>.Count)
        {
            var v = Vector256.Create(frames[i..]);
            (Vector256.ConvertToSingle(Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(v, 16), 16)) * Scale16).CopyTo(left.AsSpan(i));
            (Vector256.ConvertToSingle(Vector256.ShiftRightArithmetic(v, 16)) * Scale16).CopyTo(right.AsSpan(i));
        }
        return i;
    }

    private static AsdException Bad(string path, string reason) => AsdException.BadClip(path, reason);
}

using System.Buffers.Binary;
using Asd.Workflow.Core.Errors;
using NAudio.Wave;

namespace Asd.Workflow.Audio.Decoding;

/// <summary>Decoded audio: one float array per channel, samples in [-1, 1].</summary>
public sealed record DecodedAudio(int SampleRate, float[][] Channels)
{
    public int Frames => Channels.Length == 0 ? 0 : Channels[0].Length;
}

/// <summary>
/// Decodes WAV files: PCM 16/24/32-bit integer and 32-bit float, plain or WAVE_FORMAT_EXTENSIBLE headers,
/// any channel count. NAudio parses the RIFF structure; the sample conversion is ours (a tight loop per
/// format). Every failure is one line naming the file and the reason.
/// </summary>
public static class WavDecoder
{
    public static DecodedAudio Decode(string path)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException ex) { throw Bad(path, $"cannot be read ({ex.Message})"); }
        return Decode(bytes, path);
    }

    public static DecodedAudio Decode(byte[] bytes, string path)
    {
        if (bytes.Length == 0) throw Bad(path, "is empty (0 bytes)");
        if (bytes.Length < 12 || bytes[0] != 'R' || bytes[1] != 'I' || bytes[2] != 'F' || bytes[3] != 'F' || bytes[8] != 'W' || bytes[9] != 'A')
            throw Bad(path, "is not a WAV file (no RIFF/WAVE header)");
        WaveFormat format;
        byte[] data;
        long declared;
        try
        {
            using var reader = new WaveFileReader(new MemoryStream(bytes, writable: false));
            format = reader.WaveFormat;
            declared = reader.Length;
            data = new byte[declared];
            var read = 0;
            int n;
            while (read < data.Length && (n = reader.Read(data, read, data.Length - read)) > 0) read += n;
            if (read < declared)
                throw Bad(path, $"is truncated: its header declares {declared} bytes of audio, the file holds {read}");
        }
        catch (AsdException) { throw; }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or EndOfStreamException or ArgumentException or IOException)
        {
            throw Bad(path, $"is not a readable WAV file ({ex.Message})");
        }
        var (subFormat, dataDeclared) = Chunks(bytes);
        if (dataDeclared > data.Length)
            throw Bad(path, $"is truncated: its header declares {dataDeclared} bytes of audio, the file holds {data.Length}");
        var isFloat = format.Encoding == WaveFormatEncoding.IeeeFloat || (format.Encoding == WaveFormatEncoding.Extensible && subFormat == 3);
        var isPcm = format.Encoding == WaveFormatEncoding.Pcm || (format.Encoding == WaveFormatEncoding.Extensible && subFormat == 1);
        if (!isFloat && !isPcm) throw Bad(path, $"uses encoding {format.Encoding}, not supported (PCM integer or IEEE float only)");
        if (isFloat && format.BitsPerSample != 32) throw Bad(path, $"is {format.BitsPerSample}-bit float, not supported (32-bit float only)");
        if (isPcm && format.BitsPerSample is not (16 or 24 or 32)) throw Bad(path, $"is {format.BitsPerSample}-bit PCM, not supported (16, 24 or 32 bits)");
        if (format.Channels < 1) throw Bad(path, "declares no channels");
        if (data.Length == 0) throw Bad(path, "holds no audio samples");
        return new DecodedAudio(format.SampleRate, Convert(data, format.Channels, format.BitsPerSample / 8, isFloat));
    }

    /// <summary>
    /// Walks the RIFF chunks: the WAVE_FORMAT_EXTENSIBLE sub-format tag (first two bytes of the SubFormat GUID:
    /// 1 = PCM, 3 = IEEE float; 0 when absent) and the data chunk's declared size.
    /// </summary>
    private static (int SubFormat, long DataDeclared) Chunks(byte[] bytes)
    {
        int subFormat = 0; long declared = 0;
        for (var offset = 12; offset + 8 <= bytes.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 4));
            if (id == "fmt " && size >= 40 && offset + 8 + 26 <= bytes.Length) subFormat = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 8 + 24));
            if (id == "data") { declared = size; break; }
            offset += 8 + (int)Math.Min(size + (size & 1), int.MaxValue - offset - 8);
        }
        return (subFormat, declared);
    }

    private static float[][] Convert(byte[] data, int channels, int width, bool isFloat)
    {
        var frames = data.Length / (channels * width);
        var result = new float[channels][];
        for (var c = 0; c < channels; c++) result[c] = new float[frames];
        if (width == 2 && !isFloat)
        {
            // The common case (all DCASE data): a tight loop without per-sample dispatch.
            var samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(data.AsSpan(0, frames * channels * 2));
            for (var c = 0; c < channels; c++)
            {
                var channel = result[c];
                for (int i = 0, k = c; i < frames; i++, k += channels) channel[i] = samples[k] * (1f / 32768f);
            }
            return result;
        }
        var span = data.AsSpan();
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

    private static AsdException Bad(string path, string reason) =>
        AsdException.Failed($"{path}: {reason}; replace or remove the clip, or set on_bad_clip: skip in the workflow");
}

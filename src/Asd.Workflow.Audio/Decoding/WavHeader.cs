using System.Buffers.Binary;

namespace Asd.Workflow.Audio.Decoding;

/// <summary>
/// The fields of a WAV file's RIFF chunks that decoding depends on, read straight from the bytes so that a
/// header is checked before anything parses or allocates by it (NAudio divides by the block align, the
/// resampler multiplies by the sample rate).
/// </summary>
/// <param name="SubFormat">WAVE_FORMAT_EXTENSIBLE sub-format tag (first two bytes of the GUID: 1 = PCM, 3 = IEEE float); 0 when absent.</param>
/// <param name="DataDeclared">The data chunk's declared size in bytes; −1 when there is no data chunk.</param>
internal sealed record WavHeader(int FormatTag, int Channels, int SampleRate, int BlockAlign, int BitsPerSample, int SubFormat, long DataDeclared)
{
    /// <summary>Sample rates accepted: from telephone-band recordings to 768 kHz studio files.</summary>
    public const int MinSampleRate = 1_000, MaxSampleRate = 768_000;

    /// <summary>At most this many channels (microphone arrays such as MIMII have 8).</summary>
    public const int MaxChannels = 64;

    /// <summary>Walks the chunks after "RIFF....WAVE"; null when no "fmt " chunk of at least 16 bytes precedes the data.</summary>
    public static WavHeader? Read(ReadOnlySpan<byte> bytes)
    {
        WavHeader? header = null;
        for (long offset = 12; offset + 8 <= bytes.Length;)
        {
            var at = (int)offset;
            var id = System.Text.Encoding.ASCII.GetString(bytes.Slice(at, 4));
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 4)..]);
            var body = bytes[(at + 8)..];
            if (id == "fmt ")
            {
                if (size < 16 || body.Length < 16) return null;
                var subFormat = size >= 40 && body.Length >= 26 ? BinaryPrimitives.ReadUInt16LittleEndian(body[24..]) : 0;
                header = new WavHeader(BinaryPrimitives.ReadUInt16LittleEndian(body), BinaryPrimitives.ReadUInt16LittleEndian(body[2..]),
                    (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(body[4..]), int.MaxValue), BinaryPrimitives.ReadUInt16LittleEndian(body[12..]),
                    BinaryPrimitives.ReadUInt16LittleEndian(body[14..]), subFormat, -1);
            }
            if (id == "data") return header is null ? null : header with { DataDeclared = size };
            offset += 8L + size + (size & 1);
        }
        return header;
    }

    /// <summary>Why this header cannot be decoded, or null when it can.</summary>
    public string? Problem()
    {
        if (Channels < 1) return "declares 0 channels";
        if (Channels > MaxChannels) return $"declares {Channels} channels, more than {MaxChannels}";
        if (SampleRate is < MinSampleRate or > MaxSampleRate)
            return $"declares a sample rate of {SampleRate} Hz, outside {MinSampleRate}–{MaxSampleRate} Hz";
        if (BitsPerSample == 0 || BitsPerSample % 8 != 0) return $"declares {BitsPerSample} bits per sample";
        if (BlockAlign != Channels * (BitsPerSample / 8))
            return $"declares block_align {BlockAlign}, expected {Channels * (BitsPerSample / 8)} ({Channels} channel(s) × {BitsPerSample / 8} bytes)";
        if (DataDeclared < 0) return "has no data chunk";
        return null;
    }
}

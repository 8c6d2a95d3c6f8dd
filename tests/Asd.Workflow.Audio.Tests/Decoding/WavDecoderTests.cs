using Asd.Workflow.Audio.Decoding;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Testing;
using NAudio.Wave;

namespace Asd.Workflow.Audio.Tests.Decoding;

public sealed class WavDecoderTests
{
    [Fact]
    public void Decode_RealDcase2023MonoClip_Gives16kHzMonoWithExactSamples()
    {
        var audio = WavDecoder.Decode(RepoPaths.SharedData("dcase2023-mixed/ToyCar_test_section_00_source_test_normal_0028_car_C2_spd_34V_mic_1.wav"));
        Assert.Equal(16000, audio.SampleRate);
        Assert.Single(audio.Channels);
        Assert.Equal(192000, audio.Frames);
        Assert.Equal(1615 / 32768f, audio.Channels[0][5000]);
    }

    [Fact]
    public void Decode_RealMimiiEightChannelExtensibleClip_GivesEightChannels()
    {
        var audio = WavDecoder.Decode(RepoPaths.SharedData("mimii-fan-8ch/fan/id_00/normal/00000000.wav"));
        Assert.Equal(8, audio.Channels.Length);
        Assert.Equal(160000, audio.Frames);
        short[] expected = [-362, -384, -338, -242, -317, -290, -344, -410];
        for (var c = 0; c < 8; c++) Assert.Equal(expected[c] / 32768f, audio.Channels[c][1000]);
    }

    [Theory]
    [InlineData(24, false)]
    [InlineData(32, false)]
    [InlineData(32, true)]
    public void Decode_WiderFormatsAndExtensibleHeaders_RoundTripTheSamples(int bits, bool isFloat)
    {
        var samples = new[] { 0.5f, -0.25f, 0.125f, -1f, 0.999f, 0f };
        var path = Path.Combine(RepoPaths.TempDir("wav"), "x.wav");
        var format = isFloat ? WaveFormat.CreateIeeeFloatWaveFormat(16000, 2) : new WaveFormatExtensible(16000, bits, 2);
        using (var writer = new WaveFileWriter(path, format))
            foreach (var s in samples) { writer.WriteSample(s); writer.WriteSample(-s / 2); }
        var audio = WavDecoder.Decode(path);
        Assert.Equal(2, audio.Channels.Length);
        var tolerance = isFloat ? 0 : Math.Pow(2, -(bits - 1));
        for (var i = 0; i < samples.Length; i++)
        {
            Assert.Equal(samples[i], audio.Channels[0][i], tolerance);
            Assert.Equal(-samples[i] / 2, audio.Channels[1][i], tolerance);
        }
    }

    [Theory]
    [InlineData(1, 37)]
    [InlineData(2, 37)]
    [InlineData(2, 8)]
    [InlineData(3, 21)]
    public void Decode_16BitPcm_EverySampleExactInEveryChannel(int channels, int frames)
    {
        // Frame counts that are not multiples of the vector width: the vector loop and the tail both run.
        var rng = new Random(channels * 100 + frames);
        var values = Enumerable.Range(0, channels * frames).Select(_ => (short)rng.Next(short.MinValue, short.MaxValue + 1)).ToArray();
        values[0] = short.MinValue; values[^1] = short.MaxValue;
        var path = Path.Combine(RepoPaths.TempDir("pcm16"), $"c{channels}_{frames}.wav");
        using (var writer = new WaveFileWriter(path, new WaveFormat(16000, 16, channels)))
            writer.WriteSamples(values, 0, values.Length);
        var audio = WavDecoder.Decode(path);
        Assert.Equal(channels, audio.Channels.Length);
        Assert.Equal(frames, audio.Frames);
        for (var i = 0; i < frames; i++)
            for (var c = 0; c < channels; c++)
                Assert.Equal(values[i * channels + c] / 32768f, audio.Channels[c][i]);
    }

    [Theory]
    [InlineData("empty", "is empty (0 bytes)")]
    [InlineData("text", "is not a WAV file (no RIFF/WAVE header)")]
    [InlineData("truncated", "is truncated: its header declares")]
    [InlineData("8bit", "is 8-bit PCM, not supported (16, 24 or 32 bits)")]
    public void Decode_BadFile_FailsWithOneLineNamingTheFileAndReason(string kind, string reason)
    {
        var path = Path.Combine(RepoPaths.TempDir("bad"), $"{kind}.wav");
        switch (kind)
        {
            case "empty": File.WriteAllBytes(path, []); break;
            case "text": File.WriteAllText(path, "this is not audio at all, just text"); break;
            case "truncated":
                using (var w = new WaveFileWriter(path, new WaveFormat(16000, 16, 1))) w.Write(new byte[20000], 0, 20000);
                var bytes = File.ReadAllBytes(path);
                File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
                break;
            case "8bit":
                using (var w = new WaveFileWriter(path, new WaveFormat(16000, 8, 1))) w.Write(new byte[100], 0, 100);
                break;
        }
        var error = Assert.Throws<AsdException>(() => WavDecoder.Decode(path));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.StartsWith($"{path}: {reason}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    // A valid 16-bit stereo 16 kHz file with one header field overwritten (offsets of the canonical 44-byte header).
    [Theory]
    [InlineData("channels", 22, 0, "declares 0 channels")]
    [InlineData("block_align", 32, 0, "declares block_align 0, expected 4 (2 channel(s) × 2 bytes)")]
    [InlineData("block_align", 32, 3, "declares block_align 3, expected 4")]
    [InlineData("sample_rate", 24, 0, "declares a sample rate of 0 Hz, outside 1000–768000 Hz")]
    [InlineData("sample_rate", 24, 1, "declares a sample rate of 1 Hz, outside 1000–768000 Hz")]
    [InlineData("sample_rate", 24, 100_000_000, "declares a sample rate of 100000000 Hz")]
    [InlineData("channels", 22, 65535, "declares 65535 channels, more than 64")]
    [InlineData("encoding", 20, 2, "uses encoding Adpcm, not supported (PCM integer or IEEE float only)")]
    [InlineData("fmt_size", 16, 4, "has no readable fmt chunk before its audio data")]
    public void Decode_BadHeaderField_FailsBeforeAllocatingWithTheClipPath(string field, int offset, int value, string reason)
    {
        using var memory = new MemoryStream();
        using (var writer = new WaveFileWriter(memory, new WaveFormat(16000, 16, 2))) writer.Write(new byte[400], 0, 400);
        var bytes = memory.ToArray();
        if (field == "sample_rate" || field == "fmt_size") System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
        else System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)value);
        var error = Assert.Throws<AsdException>(() => WavDecoder.Decode(bytes, "clips/x.wav"));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.StartsWith($"clips/x.wav: {reason}", error.Message);
        Assert.EndsWith("set on_bad_clip: skip in the workflow", error.Message);
    }

    [Fact]
    public void ReadClip_FileOver2GiB_FailsWithTheSizeBeforeReading()
    {
        var path = Path.Combine(RepoPaths.TempDir("huge"), "huge.wav");
        using (var file = File.Create(path)) file.SetLength(WavDecoder.MaxBytes + 1); // sparse: no disk space used
        var error = Assert.Throws<AsdException>(() => WavDecoder.ReadClip(path));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.StartsWith($"{path}: is 2147483648 bytes, larger than the 2147483647-byte limit", error.Message);
        File.Delete(path);
    }

    [Fact]
    public void ReadClip_FolderNamedLikeAClip_IsABadClipNotAnInternalError()
    {
        var path = Directory.CreateDirectory(Path.Combine(RepoPaths.TempDir("dir"), "x.wav")).FullName;
        var error = Assert.Throws<AsdException>(() => WavDecoder.ReadClip(path));
        Assert.Equal(ErrorCode.CheckFailed, error.Code);
        Assert.StartsWith($"{path}: clip listed in the inventory is missing", error.Message);
    }

    [Fact]
    public void Resample_48kTo16k_IsDeterministicAndKeepsALowTone()
    {
        var tone = Enumerable.Range(0, 48000).Select(n => (float)Math.Sin(2 * Math.PI * 440 * n / 48000)).ToArray();
        var a = Resampling.Resample(tone, 48000, 16000);
        var b = Resampling.Resample(tone, 48000, 16000);
        Assert.Equal(a, b);
        Assert.InRange(a.Length, 15990, 16010);
        var rms = Math.Sqrt(a.Skip(2000).Take(12000).Average(x => (double)x * x));
        Assert.Equal(Math.Sqrt(0.5), rms, 0.02);
    }

    [Fact]
    public void Form_ResidualOfAScaledCopy_IsSilent()
    {
        var near = Enumerable.Range(0, 1000).Select(n => (float)Math.Sin(n * 0.1)).ToArray();
        var far = near.Select(x => 0.5f * x).ToArray();
        var residual = ChannelViews.Form(new DecodedAudio(16000, [near, far]), "residual");
        Assert.All(residual, r => Assert.Equal(0, r, 1e-6));
        Assert.Equal(near.Select((x, i) => (x + far[i]) / 2), ChannelViews.Form(new DecodedAudio(16000, [near, far]), "mix"));
    }
}

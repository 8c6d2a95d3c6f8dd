using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Audio.Features;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Models.Builtin;
using Asd.Workflow.Models.Onnx;
using Asd.Workflow.Models.Registry;
using Asd.Workflow.Testing;
using Google.Protobuf;

namespace Asd.Workflow.Models.Tests.Onnx;

public sealed class OnnxEncoderTests
{
    private static readonly string Dir = RepoPaths.TempDir("models");

    /// <summary>y = relu(x·W + b) with W = [[1,0],[0,1],[1,1],[−1,0]], b = [0.5, −1]: small enough to check by hand.</summary>
    private static ModelEntry TinyModel(string inputName = "waveform", string registeredInput = "waveform")
    {
        var g = new GraphBuilder("tiny").Input(inputName, ["batch", 4]).Output("embedding", ["batch", 2])
            .Initializer("W", [4, 2], [1f, 0f, 0f, 1f, 1f, 1f, -1f, 0f])
            .Initializer("b", [2], [0.5f, -1f])
            .Node("MatMul", [inputName, "W"], ["xw"]).Node("Add", ["xw", "b"], ["pre"]).Node("Relu", ["pre"], ["embedding"]);
        var bytes = g.ToModel().ToByteArray();
        var path = Path.Combine(Dir, $"tiny-{inputName}.onnx");
        File.WriteAllBytes(path, bytes);
        return new ModelEntry { Name = "tiny", Path = path, Sha256 = Digest.Of(bytes).ToString(), InputName = registeredInput, MaxSeconds = 1 };
    }

    private static OnnxEncoderProvider Provider(params ModelEntry[] entries) => new(new ModelRegistry(entries), Dir, _ => { });

    [Fact]
    public void EmbedBatch_TinyNetworkWithFixedWeights_GivesTheHandCheckedOutput()
    {
        using var encoder = Provider(TinyModel()).Create(new EmbedOptions { Encoder = "tiny", Device = "cpu" });
        var result = encoder.EmbedBatch([[1f, 2f, 3f, 4f], [-1f, 0f, 0f, 0f]]);
        Assert.Equal([0.5f, 4f], result[0]);   // [1+3−4, 2+3] + [0.5, −1]
        Assert.Equal([0f, 0f], result[1]);     // [−1, 0] + [0.5, −1] → relu
    }

    [Fact]
    public void Create_ModelWithAnotherInputName_FailsNamingModelAndTensor()
    {
        var entry = TinyModel(inputName: "signal", registeredInput: "waveform");
        var error = Assert.Throws<AsdException>(() => Provider(entry).Create(new EmbedOptions { Encoder = "tiny", Device = "cpu" }));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.Equal("model 'tiny' has no input tensor 'waveform' (inputs: signal)", Assert.Single(error.Details));
    }

    [Fact]
    public void Create_RegistryDigestDiffersFromTheFile_FailsWithBothDigests()
    {
        var entry = TinyModel() with { Sha256 = Digest.Of("another model"u8).ToString() };
        var error = Assert.Throws<AsdException>(() => Provider(entry).Create(new EmbedOptions { Encoder = "tiny", Device = "cpu" }));
        Assert.Contains($"expected {Digest.Of("another model"u8)}, got {Digest.Of(File.ReadAllBytes(entry.Path))}", error.Message);
    }

    [Fact]
    public void Create_UnregisteredModel_IsRefused()
    {
        var error = Assert.Throws<AsdException>(() => Provider().Create(new EmbedOptions { Encoder = "beats", Device = "cpu" }));
        Assert.StartsWith("encoder 'beats' is not registered", error.Message);
    }

    [Fact]
    public void BuiltinLogMelModel_MatchesTheManagedLogMelStatistics()
    {
        var options = new EmbedOptions { Encoder = OnnxLogMelModel.Name, Device = "cpu", NMels = 64 };
        var rng = new Random(3);
        var waves = Enumerable.Range(0, 3).Select(k => Enumerable.Range(0, 16000).Select(n =>
            (float)(0.4 * Math.Sin(2 * Math.PI * (300 + 200 * k) * n / 16000) + 0.05 * (rng.NextDouble() - 0.5))).ToArray()).ToList();
        using var encoder = Provider().Create(options);
        var onnx = encoder.EmbedBatch(waves);
        var managed = new LogMelSpectrogram(16000, options.LogMel);
        var maxDiff = 0.0;
        for (var k = 0; k < waves.Count; k++)
        {
            var expected = managed.Statistics(waves[k]);
            Assert.Equal(expected.Length, onnx[k].Length);
            for (var i = 0; i < expected.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(expected[i] - onnx[k][i]));
        }
        Assert.InRange(maxDiff, 0, 2e-3); // ONNX Runtime computes in float32; the managed front end in double
    }

    /// <summary>
    /// The matmul-DFT graph against the STFT-operator graph it replaced (issue #16): the same maths, float32
    /// rounding apart. Declared tolerance: 1e-4 absolute on the log-mel means and standard deviations for
    /// power-of-two FFT lengths (measured at the demo's settings: 1.4e-6 on 10-s noise, `bench onnx`); 1e-3 for
    /// other lengths, where ONNX Runtime's STFT falls back to a direct float32 DFT (3.5e-4 measured at 1000, 1.0e-3 at
    /// 1536), the less accurate of the two: the graph is held to the exact definition in the next test.
    /// Hops that do and do not divide the frame; odd factors; a prime length (a single DFT); more mel bands than bins.
    /// </summary>
    [Theory]
    [InlineData(2048, 1024, 128, 1e-4)] // the demo's onnx_wide
    [InlineData(1024, 512, 64, 1e-4)]
    [InlineData(1024, 384, 64, 1e-4)]
    [InlineData(2048, 1000, 128, 1e-4)] // a hop that shares only 8 with the frame
    [InlineData(256, 128, 128, 1e-4)] // more bands than bins: empty bands at the floor
    [InlineData(1000, 300, 40, 1e-3)]
    [InlineData(1536, 512, 96, 2e-3)] // N1 = 48, N2 = 32; the STFT's direct DFT is off by ≈ 1e-3 here (this graph: 2.7e-6 from the double-precision definition)
    [InlineData(1023, 256, 80, 1e-3)] // odd N1 = 33, N2 = 31
    [InlineData(257, 100, 16, 1e-3)]
    public void BuiltinLogMelModel_MatchesTheStftOperatorModel(int nFft, int hop, int nMels, double tolerance)
    {
        var options = new LogMelOptions { NFft = nFft, Hop = hop, NMels = nMels };
        var waves = TestWaves(3, 20000);
        var fast = Run(OnnxLogMelModel.Build(16000, options), "matmul", waves, 8);
        var reference = Run(OnnxLogMelModel.BuildWithStftOp(16000, options), "stft", waves, 8);
        var maxDiff = 0.0;
        for (var k = 0; k < waves.Count; k++)
        {
            Assert.Equal(reference[k].Length, fast[k].Length);
            for (var i = 0; i < fast[k].Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(reference[k][i] - fast[k][i]));
        }
        Assert.InRange(maxDiff, 0, tolerance);
    }

    /// <summary>
    /// The graph against the definition computed directly in double precision (a DFT per bin, angles reduced
    /// exactly): 1e-4 absolute on the log-mel means and standard deviations (measured: 0.4–12e-6, the largest at
    /// 256/128/128) for every FFT layout the builder makes —
    /// power-of-two, composite (N1 = 48), odd (33 × 31), prime (one length-257 DFT), hops sharing little with the
    /// frame, more bands than bins.
    /// </summary>
    [Theory]
    [InlineData(2048, 1024, 128)]
    [InlineData(2048, 1000, 128)]
    [InlineData(1024, 384, 64)]
    [InlineData(1536, 512, 96)]
    [InlineData(1023, 256, 80)]
    [InlineData(1000, 300, 40)]
    [InlineData(257, 100, 16)]
    [InlineData(256, 128, 128)]
    public void BuiltinLogMelModel_MatchesTheDefinitionInDoublePrecision(int nFft, int hop, int nMels)
    {
        var options = new LogMelOptions { NFft = nFft, Hop = hop, NMels = nMels };
        var waves = TestWaves(3, 20000);
        var fast = Run(OnnxLogMelModel.Build(16000, options), "matmul", waves, 8);
        var maxDiff = 0.0;
        for (var k = 0; k < waves.Count; k++)
        {
            var exact = ExactStatistics(waves[k], 16000, options);
            Assert.Equal(exact.Length, fast[k].Length);
            for (var i = 0; i < exact.Length; i++) maxDiff = Math.Max(maxDiff, Math.Abs(exact[i] - fast[k][i]));
        }
        Assert.InRange(maxDiff, 0, 1e-4);
    }

    /// <summary>Log-mel means and population standard deviations over frames, every step in double: the definition the graphs approximate.</summary>
    private static double[] ExactStatistics(float[] wave, int sampleRate, LogMelOptions o)
    {
        int n = o.NFft, frames = 1 + (wave.Length - n) / o.Hop;
        var window = LogMelSpectrogram.Window(n);
        var cos = Enumerable.Range(0, n).Select(j => Math.Cos(2 * Math.PI * j / n)).ToArray();
        var sin = Enumerable.Range(0, n).Select(j => Math.Sin(2 * Math.PI * j / n)).ToArray();
        var bank = new MelFilterBank(sampleRate, n, o.NMels, o.Fmin, o.Fmax);
        var logMel = new double[frames, o.NMels];
        var x = new double[n];
        var power = new double[bank.Bins];
        for (var f = 0; f < frames; f++)
        {
            for (var j = 0; j < n; j++) x[j] = wave[f * o.Hop + j] * window[j];
            for (var k = 0; k < bank.Bins; k++)
            {
                double re = 0, im = 0;
                for (var j = 0; j < n; j++) { var at = (int)((long)j * k % n); re += x[j] * cos[at]; im -= x[j] * sin[at]; }
                power[k] = re * re + im * im;
            }
            for (var m = 0; m < o.NMels; m++)
            {
                var energy = 0.0;
                for (var j = 0; j < bank.Weights[m].Length; j++) energy += bank.Weights[m][j] * power[bank.Start[m] + j];
                logMel[f, m] = Math.Log(Math.Max(energy, o.LogFloor));
            }
        }
        var stats = new double[2 * o.NMels];
        for (var m = 0; m < o.NMels; m++)
        {
            var mean = Enumerable.Range(0, frames).Average(f => logMel[f, m]);
            stats[m] = mean;
            stats[o.NMels + m] = Math.Sqrt(Enumerable.Range(0, frames).Average(f => (logMel[f, m] - mean) * (logMel[f, m] - mean)));
        }
        return stats;
    }

    /// <summary>A clip's embedding does not depend on the batch it is run in: batch of one and batch of five (clips of two lengths) equal to the bit.</summary>
    [Fact]
    public void BuiltinLogMelModel_BatchOfOneAndBatchOfMany_GiveTheSameBits()
    {
        var options = new EmbedOptions { Encoder = OnnxLogMelModel.Name, Device = "cpu", NMels = 128, NFft = 2048, Hop = 1024 };
        var waves = TestWaves(4, 24000).Append(TestWaves(1, 30000)[0]).ToList();
        using var single = Provider().Create(options with { BatchSize = 1 });
        using var many = Provider().Create(options with { BatchSize = 5 });
        var one = waves.Select(w => single.EmbedBatch([w])[0]).ToList();
        var batched = many.EmbedBatch(waves);
        for (var k = 0; k < waves.Count; k++) Assert.Equal(one[k], batched[k]);
    }

    [Fact]
    public void Build_SameOptionsTwice_GivesTheSameBytes()
    {
        var options = new LogMelOptions { NFft = 2048, Hop = 1024, NMels = 128 };
        Assert.Equal(OnnxLogMelModel.Build(16000, options), OnnxLogMelModel.Build(16000, options));
    }

    private static List<float[]> TestWaves(int count, int samples)
    {
        var rng = new Random(11 + samples);
        return Enumerable.Range(0, count).Select(k => Enumerable.Range(0, samples).Select(n =>
            (float)(0.4 * Math.Sin(2 * Math.PI * (300 + 700 * k) * n / 16000) + 0.1 * (rng.NextDouble() - 0.5))).ToArray()).ToList();
    }

    private static IReadOnlyList<float[]> Run(byte[] model, string name, IReadOnlyList<float[]> waves, int batch)
    {
        var path = Path.Combine(Dir, $"{name}-{Digest.Of(model).Hex[..12]}.onnx");
        File.WriteAllBytes(path, model);
        var entry = new ModelEntry { Name = name, Path = path, Sha256 = Digest.Of(model).ToString(), MaxSeconds = 3600, Pooling = "none" };
        using var encoder = Provider(entry).Create(new EmbedOptions { Encoder = name, Device = "cpu", BatchSize = batch });
        return encoder.EmbedBatch(waves);
    }

    [Fact]
    public void EnvironmentFacts_NameRuntimeVersionProviderThreadsAndCpuClass()
    {
        var facts = Provider(TinyModel()).EnvironmentFacts(new EmbedOptions { Encoder = "tiny", Device = "cpu" });
        Assert.Equal("cpu", facts["provider"]);
        Assert.Equal("cpu", facts["device"]);
        Assert.Equal("1", facts["intra_op_threads"]);
        Assert.Matches(@"^1\.\d+\.\d+", facts["onnxruntime"]);
        Assert.Equal(Core.Engine.MachineFacts.CpuClass, facts["cpu"]);
        Assert.Equal(Environment.Version.ToString(), facts["runtime"]);
    }
}

using System.Diagnostics;
using Asd.Workflow.Audio.Activities.Embed;
using Asd.Workflow.Audio.Decoding;
using Asd.Workflow.Audio.Features;
using Asd.Workflow.Core.Hashing;
using Asd.Workflow.Models.Builtin;
using Asd.Workflow.Models.Onnx;
using Asd.Workflow.Models.Registry;
using Asd.Workflow.Store.Dataset;
using Google.Protobuf;

// Micro-benchmarks behind docs/benchmarks.md. Each prints the median of several repetitions.
var command = args.ElementAtOrDefault(0) ?? "";
switch (command)
{
    case "hash": Hash(args[1]); break;
    case "logmel": LogMel(args[1], int.Parse(args.ElementAtOrDefault(2) ?? "200")); break;
    case "frontend": FrontEnd(args[1], int.Parse(args.ElementAtOrDefault(2) ?? "200")); break;
    case "onnx": Onnx(args.ElementAtOrDefault(1) ?? Path.GetTempPath(), int.Parse(args.ElementAtOrDefault(2) ?? "1"), args.ElementAtOrDefault(3)); break;
    case "onnxclips": OnnxClips(args[1], args[2], int.Parse(args.ElementAtOrDefault(3) ?? "200"), int.Parse(args.ElementAtOrDefault(4) ?? "1")); break;
    case "score": Asd.Workflow.Bench.ScoreBench.Run(args.ElementAtOrDefault(1) ?? "", args.ElementAtOrDefault(2) == "after"); break;
    default: Console.Error.WriteLine("usage: bench hash DIR | logmel DIR [CLIPS] | frontend DIR [CLIPS] | onnx [WORKDIR [THREADS [EARLIER.onnx]]] | onnxclips DIR WORKDIR [CLIPS [BATCH]] | score [CASE-PREFIX [after]]"); Environment.Exit(2); break;
}

static double Median(IEnumerable<double> xs) { var s = xs.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2; }

// First hashing of data-set files (already in the page cache): one thread, MB/s.
static void Hash(string dir)
{
    var files = Directory.GetFiles(dir, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
    var bytes = files.Sum(f => new FileInfo(f).Length);
    foreach (var f in files) FileHasher.HashFile(f); // warm the page cache and the JIT
    var rates = Enumerable.Range(0, 5).Select(_ =>
    {
        var sw = Stopwatch.StartNew();
        foreach (var f in files) FileHasher.HashFile(f);
        return bytes / sw.Elapsed.TotalSeconds / 1e6;
    }).ToList();
    Console.WriteLine($"hash: {files.Count} files, {bytes / 1e6:0} MB, one thread: median {Median(rates):0} MB/s (runs: {string.Join(", ", rates.Select(r => r.ToString("0")))})");
}

// Decode + log-mel statistics (16 kHz, n_fft 1024, hop 512, 128 mels) of channel 0, one thread.
static void LogMel(string dir, int clips)
{
    var files = Directory.GetFiles(dir, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(clips).ToList();
    var logMel = new LogMelSpectrogram(16000, new LogMelOptions { NFft = 1024, Hop = 512, NMels = 128 });
    var runs = new List<double>();
    double audioSeconds = 0;
    for (var r = 0; r < 5; r++)
    {
        audioSeconds = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var f in files)
        {
            var audio = WavDecoder.Decode(f);
            var near = Resampling.Resample(audio.Channels[0], audio.SampleRate, 16000);
            logMel.Statistics(near);
            audioSeconds += near.Length / 16000.0;
        }
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        if (r > 0) runs.Add(audioSeconds / used);
    }
    Console.WriteLine($"decode+logmel: {files.Count} clips, {audioSeconds:0} audio-s per run: median {Median(runs):0} audio-seconds per CPU-second per channel (runs: {string.Join(", ", runs.Select(x => x.ToString("0")))})");
}

// What an embed pass pays per clip, one thread, CPU ms (median of 4 runs after a warm-up; files in the page cache):
// read + SHA-256 (the verified read), decode (header checks + int16 → float), the views near, far and residual,
// one STFT (n_fft 1024, hop 512) and 64-band log-mel statistics from it. The read + hash is also what reading a
// stored int16 copy of the clip would cost: the WAV file already is int16 PCM.
static void FrontEnd(string dir, int clips)
{
    var files = Directory.GetFiles(dir, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(clips).ToList();
    var logMel = new LogMelSpectrogram(16000, new LogMelOptions { NFft = 1024, Hop = 512, NMels = 64 });
    var steps = new[] { "read+sha256", "decode", "3 views", "stft", "log-mel stats" };
    var runs = steps.ToDictionary(s => s, _ => new List<double>());
    for (var r = 0; r < 5; r++)
    {
        // One loop per step, each timed by the process's CPU time as a whole (its clock ticks are too coarse per clip).
        byte[][] bytes = [];
        DecodedAudio[] audio = [];
        PowerFrames[] power = [];
        var steps5 = new Action[]
        {
            () => bytes = files.Select(f => { var b = File.ReadAllBytes(f); Digest.Of(b); return b; }).ToArray(),
            () => audio = bytes.Select((b, i) => WavDecoder.Decode(b, files[i])).ToArray(),
            () => { foreach (var a in audio) foreach (var v in new[] { "near", "far", "residual" }) ChannelViews.Form(a, v); },
            () => power = audio.Select(a => logMel.Power(a.Channels[0])).ToArray(),
            () => { foreach (var p in power) LogMelSpectrogram.MeanStd(logMel.FromPower(p), 64); },
        };
        for (var i = 0; i < steps.Length; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            steps5[i]();
            if (r > 0) runs[steps[i]].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / files.Count);
        }
    }
    Console.WriteLine($"frontend: {files.Count} clips, CPU ms per clip (median of 4): " + string.Join(", ", steps.Select(s => $"{s} {Median(runs[s]):0.00}")));
}

// ONNX Runtime CPU throughput of the built-in log-mel model (the demo's onnx_wide settings: n_fft 2048, hop
// 1024, 128 mels; the matmul DFT graph and the STFT-operator graph it replaced) and of a transformer-sized
// stack, with the intra-op threads asd runs with (1) unless THREADS is given, and EARLIER.onnx (another build of
// the log-mel model, e.g. an earlier commit's, as `bench onnx` writes it to WORKDIR/asd-bench-models/logmel.onnx)
// when given; also the largest difference between the two log-mel graphs on the clip.
static void Onnx(string work, int threads, string? earlier)
{
    var dir = Directory.CreateDirectory(Path.Combine(work, "asd-bench-models")).FullName;
    var wide = new LogMelOptions { NMels = 128, NFft = 2048, Hop = 1024 };
    var registry = new List<ModelEntry>
    {
        Register(dir, "logmel", OnnxLogMelModel.Build(16000, wide), 10),
        Register(dir, "logmel-stft", OnnxLogMelModel.BuildWithStftOp(16000, wide), 10),
        Register(dir, "wide12", WideModel(), 10),
    };
    var names = new List<string> { "logmel", "logmel-stft", "wide12" };
    if (earlier is not null)
    {
        registry.Add(Register(dir, "logmel-earlier", File.ReadAllBytes(earlier), 10));
        names.Insert(1, "logmel-earlier");
    }
    var provider = new OnnxEncoderProvider(new ModelRegistry(registry), dir, Console.Error.WriteLine, intraOpThreads: threads);
    var rng = new Random(1);
    var clip = Enumerable.Range(0, 160000).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
    if (Environment.GetEnvironmentVariable("ASD_ORT_PROFILE") is { Length: > 0 } batches)
    {
        foreach (var name in names.Where(n => n.StartsWith("logmel", StringComparison.Ordinal)))
            foreach (var batch in batches.Split(',').Select(int.Parse))
                Profile(registry.Single(e => e.Name == name), Enumerable.Repeat(clip, batch).SelectMany(x => x).ToArray(), batch, work);
        return;
    }
    var vectors = new Dictionary<string, float[]>();
    foreach (var name in names)
        foreach (var batch in new[] { 1, 8, 32 })
        {
            using var encoder = provider.Create(new EmbedOptions { Encoder = name, Device = "cpu", BatchSize = batch });
            var input = Enumerable.Repeat(clip, batch).ToList();
            vectors[name] = encoder.EmbedBatch(input)[0]; // warm-up
            var cpu = new List<double>();
            var rates = Enumerable.Range(0, name == "wide12" && batch == 32 ? 3 : 5).Select(_ =>
            {
                // ≥ 64 clips per repetition: the process's CPU clock ticks in 10 ms, about five clips' time.
                var sw = Stopwatch.StartNew();
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                var repeats = Math.Max(1, 64 / batch);
                for (var k = 0; k < repeats; k++) encoder.EmbedBatch(input);
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / (batch * repeats));
                return batch * repeats / sw.Elapsed.TotalSeconds;
            }).ToList();
            Console.WriteLine($"onnx {name} batch {batch}: median {Median(rates):0.0} clips/s, {Median(cpu):0.00} CPU ms per clip (10 s clips, {threads} intra-op threads, CPU)");
        }
    if (!vectors.ContainsKey("logmel") || !vectors.ContainsKey("logmel-stft")) return;
    var diff = vectors["logmel"].Zip(vectors["logmel-stft"], (a, b) => Math.Abs(a - b)).Max();
    Console.WriteLine($"onnx logmel vs logmel-stft: max |difference| {diff:G3} over {vectors["logmel"].Length} values");
}

// The onnx_wide embed path per clip as EmbedPass runs it, one thread, CPU ms per clip (median of 4 runs after a
// warm-up; files in the page cache): the verified read and decode, the near view, then the built-in model in
// batches of BATCH clips; "read+view" alone and the whole loop, so the model's share is their difference.
static void OnnxClips(string dir, string work, int clips, int batch)
{
    var files = Directory.GetFiles(dir, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(clips).ToList();
    var digests = files.Select(f => Digest.Of(File.ReadAllBytes(f)).Hex).ToList();
    var provider = new OnnxEncoderProvider(new ModelRegistry([]), Directory.CreateDirectory(Path.Combine(work, "asd-bench-models")).FullName, Console.Error.WriteLine);
    using var encoder = provider.Create(new EmbedOptions { Encoder = OnnxLogMelModel.Name, Device = "cpu", NMels = 128, NFft = 2048, Hop = 1024, BatchSize = batch });
    var runs = new Dictionary<string, List<double>> { ["read+view"] = [], ["read+view+model"] = [] };
    for (var r = 0; r < 5; r++)
        foreach (var (step, model) in new[] { ("read+view", false), ("read+view+model", true) })
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var waves = new List<float[]>();
            for (var i = 0; i < files.Count; i++)
            {
                waves.Add(ClipAudio.Read(files[i], digests[i], 16000, false).View("near", 16000));
                if (waves.Count == batch || i == files.Count - 1) { if (model) encoder.EmbedBatch(waves); waves.Clear(); }
            }
            if (r > 0) runs[step].Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / files.Count);
        }
    Console.WriteLine($"onnxclips: {files.Count} clips, batch {batch}, CPU ms per clip (median of 4): " + string.Join(", ", runs.Select(kv => $"{kv.Key} {Median(kv.Value):0.00}")));
}

// ONNX Runtime's own profile of 11 runs (ASD_ORT_PROFILE=1,8: batch sizes): time per node, ms per clip, the median
// over the runs (the first run allocates every buffer: its page faults would dominate a mean).
static void Profile(ModelEntry entry, float[] data, int batch, string work)
{
    using var options = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
    options.ProfileOutputPathPrefix = Path.Combine(work, $"ort-{entry.Name}-{batch}");
    options.EnableProfiling = true;
    using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(entry.Path, options);
    using var input = Microsoft.ML.OnnxRuntime.OrtValue.CreateTensorValueFromMemory(data, [batch, data.Length / batch]);
    for (var r = 0; r < 11; r++) { using var _ = session.Run(new Microsoft.ML.OnnxRuntime.RunOptions(), ["waveform"], [input], ["embedding"]); }
    var file = session.EndProfiling();
    using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
    var byOp = json.RootElement.EnumerateArray()
        .Where(e => e.GetProperty("cat").GetString() == "Node" && e.GetProperty("name").GetString()!.EndsWith("_kernel_time"))
        .GroupBy(e => e.GetProperty("name").GetString()!.Replace("_kernel_time", ""))
        .Select(gr => (Op: gr.Key, Ms: Median(gr.Select(e => e.GetProperty("dur").GetInt64() / 1000.0 / batch).ToList())))
        .OrderByDescending(x => x.Ms).ToList();
    Console.WriteLine($"profile {entry.Name} batch {batch}: {byOp.Sum(x => x.Ms):0.00} ms per clip in kernels: " + string.Join(", ", byOp.Select(x => $"{x.Op} {x.Ms:0.00}")));
}

static ModelEntry Register(string dir, string name, byte[] bytes, double seconds)
{
    var path = Path.Combine(dir, name + ".onnx");
    File.WriteAllBytes(path, bytes);
    return new ModelEntry { Name = name, Path = path, Sha256 = Digest.Of(bytes).ToString(), MaxSeconds = seconds, Pooling = "mean" };
}

// A transformer-sized stack without attention: 400-sample patches → 768 wide, then 12 residual blocks of
// 768×768 → ReLU → 768×768, mean over patches. Random fixed weights (seed 7).
static byte[] WideModel()
{
    const int width = 768, patch = 400;
    var rng = new Random(7);
    float[] W(int rows, int cols) => Enumerable.Range(0, rows * cols).Select(_ => (float)((rng.NextDouble() - 0.5) * 2 / Math.Sqrt(rows))).ToArray();
    var g = new GraphBuilder("wide12").Input("waveform", ["batch", "samples"]).Output("embedding", ["batch", "patches", width]);
    g.Initializer("shape", [3], new long[] { 0, -1, patch });
    g.Initializer("embed_w", [patch, width], W(patch, width));
    g.Node("Reshape", ["waveform", "shape"], ["patches"]);
    g.Node("MatMul", ["patches", "embed_w"], ["h0"]);
    for (var l = 0; l < 12; l++)
    {
        g.Initializer($"w1_{l}", [width, width], W(width, width));
        g.Initializer($"w2_{l}", [width, width], W(width, width));
        g.Node("MatMul", [$"h{l}", $"w1_{l}"], [$"a{l}"]).Node("Relu", [$"a{l}"], [$"r{l}"]).Node("MatMul", [$"r{l}", $"w2_{l}"], [$"b{l}"]);
        g.Node("Add", [$"h{l}", $"b{l}"], [l == 11 ? "embedding" : $"h{l + 1}"]);
    }
    return g.ToModel().ToByteArray();
}

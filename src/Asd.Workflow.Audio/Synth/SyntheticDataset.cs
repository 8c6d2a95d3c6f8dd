using System.Globalization;
using NAudio.Wave;

namespace Asd.Workflow.Audio.Synth;

/// <summary>
/// Writes a DCASE-2026-shaped dev set in the official layout (<c>dev_data/raw/&lt;machine&gt;/{train,test}/</c>,
/// official names, ground-truth CSVs) or, with <see cref="SynthOptions.Eval"/>, an evaluation set as DCASE ships
/// it: other machine types (<see cref="EvalNames"/>) under <c>eval_data/raw/</c>, train normals named as in dev,
/// anonymous test clips <c>section_SS_NNNN.wav</c> numbered in a seeded shuffled order (neither the name nor the
/// order tells a label or a domain), and the labels apart from the data, as the organisers publish them after the
/// challenge: <c>eval_ground_truth/ground_truth_data/</c> and <c>eval_ground_truth/ground_truth_domain/</c>
/// (<c>ground_truth_&lt;machine&gt;_section_SS_test.csv</c>, rows <c>name,0|1</c>, no header). Deterministic per seed: every clip has its own seeded generator, so
/// the bytes do not depend on the number of threads. The far channel (stereo) is the near signal attenuated,
/// delayed, reverberated (three feedback combs) and buried in more background noise.
/// </summary>
public static class SyntheticDataset
{
    public sealed record Summary(int Clips, long Bytes, IReadOnlyList<string> Machines);

    /// <summary>The evaluation set's machine types (DCASE 2023's), each rendered by the dev model at the same position.</summary>
    public static readonly string[] EvalNames = ["bandsaw", "grinder", "shaker", "ToyDrone", "ToyNscale", "ToyTank", "Vacuum"];

    /// <summary>The folder <see cref="SynthOptions.Eval"/> writes the evaluation ground truth to, under the output folder.</summary>
    public const string EvalGroundTruthFolder = "eval_ground_truth";

    private static string MachineName(SynthOptions o, int machine) => (o.Eval ? EvalNames : MachineModels.Names)[machine];

    public static Summary Write(SynthOptions o, int jobs = 0)
    {
        var jobsList = new List<(int Machine, string Split, string Domain, int Label, int Index)>();
        for (var m = 0; m < o.Machines; m++)
        {
            for (var i = 0; i < o.TrainSource; i++) jobsList.Add((m, "train", "source", 0, i));
            for (var i = 0; i < o.TrainTarget; i++) jobsList.Add((m, "train", "target", 0, i));
            foreach (var domain in new[] { "source", "target" })
                for (var label = 0; label <= 1; label++)
                    for (var i = 0; i < o.TestPerCell; i++) jobsList.Add((m, "test", domain, label, i));
        }
        var anonymous = o.Eval ? AnonymousNumbers(o) : null;
        long bytes = 0;
        Parallel.ForEach(jobsList, new ParallelOptions { MaxDegreeOfParallelism = jobs > 0 ? jobs : Environment.ProcessorCount }, job =>
            Interlocked.Add(ref bytes, WriteClip(o, job.Machine, job.Split, job.Domain, job.Label, job.Index,
                job.Split == "test" ? anonymous?[(job.Machine, job.Domain, job.Label, job.Index)] : null)));
        if (o.Eval) WriteEvalGroundTruth(o, anonymous!);
        else WriteGroundTruth(o);
        return new Summary(jobsList.Count, bytes, Enumerable.Range(0, o.Machines).Select(m => MachineName(o, m)).ToList());
    }

    /// <summary>Each eval test clip's anonymous number: a seeded shuffle of 0..n-1 per machine.</summary>
    private static Dictionary<(int, string, int, int), int> AnonymousNumbers(SynthOptions o)
    {
        var numbers = new Dictionary<(int, string, int, int), int>();
        for (var m = 0; m < o.Machines; m++)
        {
            var cells = (from domain in new[] { "source", "target" } from label in new[] { 0, 1 } from i in Enumerable.Range(0, o.TestPerCell) select (m, domain, label, i)).ToList();
            var order = Enumerable.Range(0, cells.Count).ToArray();
            new Random(unchecked(o.Seed * 31 + m)).Shuffle(order);
            for (var k = 0; k < cells.Count; k++) numbers[cells[k]] = order[k];
        }
        return numbers;
    }

    private static long WriteClip(SynthOptions o, int machine, string split, string domain, int label, int index, int? anonymous)
    {
        var seed = unchecked(o.Seed * 1_000_003 + machine * 7_919 + (split == "test" ? 3_571 : 0) + (domain == "target" ? 1_009 : 0) + label * 101 + index * 65_537
            + (o.Eval ? 7_777_777 : 0));
        var rng = new Random(seed);
        var samples = (int)(o.Seconds * o.SampleRate);
        var speed = (domain == "target" ? 1.25 : 1.0) * (1 + 0.04 * MachineModels.Gauss(rng));
        var anomaly = label == 0 ? 0 : 1 + index % 2;
        var severity = label == 0 ? 0 : (index % 3 == 0 ? 0.35 : 1.0); // every third anomaly is subtle
        var near = MachineModels.Render(machine, new MachineModels.Condition(speed, anomaly, severity), samples, o.SampleRate, rng);
        var background = new double[samples];
        MachineModels.Noise(background, rng, domain == "target" ? 0.06 : 0.03, domain == "target" ? 0.9 : 0.7);
        var channels = new List<float[]> { Mix(near, background, 1.0) };
        if (o.Channels == 2) channels.Add(Far(near, background, o.SampleRate, rng));
        var name = anonymous is { } number
            ? $"section_00_{number:D4}.wav"
            : $"section_00_{domain}_{split}_{(label == 1 ? "anomaly" : "normal")}_{index:D4}_spd_{speed.ToString("0.00", CultureInfo.InvariantCulture)}.wav";
        var dir = Path.Combine(o.Out, o.Eval ? "eval_data" : "dev_data", "raw", MachineName(o, machine), split);
        Directory.CreateDirectory(dir);
        return WriteWav(Path.Combine(dir, name), channels, o.SampleRate);
    }

    private static float[] Mix(float[] signal, double[] background, double gain)
    {
        var y = new float[signal.Length];
        for (var n = 0; n < y.Length; n++) y[n] = (float)(gain * signal[n] + background[n]);
        return y;
    }

    private static float[] Far(float[] near, double[] background, int rate, Random rng)
    {
        var delay = rate / 200; // 5 ms propagation
        var wet = new double[near.Length];
        for (var n = delay; n < near.Length; n++) wet[n] = 0.35 * near[n - delay];
        foreach (var (d, g) in new[] { (rate / 37, 0.35), (rate / 53, 0.3), (rate / 71, 0.25) })
            for (var n = d; n < wet.Length; n++) wet[n] += g * wet[n - d] * 0.5;
        var extra = new double[near.Length];
        MachineModels.Noise(extra, rng, 0.05, 0.8);
        var y = new float[near.Length];
        for (var n = 0; n < y.Length; n++) y[n] = (float)(wet[n] + 1.6 * background[n] + extra[n]);
        return y;
    }

    private static long WriteWav(string path, IReadOnlyList<float[]> channels, int rate)
    {
        var frames = channels[0].Length;
        var pcm = new byte[frames * channels.Count * 2];
        var o = 0;
        for (var n = 0; n < frames; n++)
            foreach (var ch in channels)
            {
                var v = (short)Math.Clamp(Math.Round(ch[n] * 32767.0), short.MinValue, short.MaxValue);
                pcm[o++] = (byte)v; pcm[o++] = (byte)(v >> 8);
            }
        using (var writer = new WaveFileWriter(path, new WaveFormat(rate, 16, channels.Count))) writer.Write(pcm, 0, pcm.Length);
        return new FileInfo(path).Length;
    }

    private static void WriteGroundTruth(SynthOptions o)
    {
        foreach (var machine in MachineModels.Names.Take(o.Machines))
        {
            var test = Path.Combine(o.Out, "dev_data", "raw", machine, "test");
            var names = Directory.EnumerateFiles(test, "*.wav").Select(n => Path.GetFileName(n)).Order(StringComparer.Ordinal);
            WriteGroundTruth(o.Out, machine, names.Select(n => (n, n.Contains("_anomaly_") ? 1 : 0, n.Contains("_target_") ? 1 : 0)));
        }
    }

    private static void WriteEvalGroundTruth(SynthOptions o, Dictionary<(int Machine, string Domain, int Label, int Index), int> anonymous)
    {
        foreach (var machine in anonymous.GroupBy(p => p.Key.Machine))
            WriteGroundTruth(Path.Combine(o.Out, EvalGroundTruthFolder), MachineName(o, machine.Key),
                machine.OrderBy(p => p.Value).Select(p => ($"section_00_{p.Value:D4}.wav", p.Key.Label, p.Key.Domain == "target" ? 1 : 0)));
    }

    /// <summary>
    /// The one ground-truth writer (dev and eval): under <paramref name="root"/>, <c>ground_truth_data/</c> rows
    /// <c>name,label</c> and <c>ground_truth_domain/</c> rows <c>name,target</c> (1 = target), in the given order,
    /// for section 00 of <paramref name="machine"/> (the layout <see cref="Core.Data.GroundTruthCsv"/> reads).
    /// </summary>
    private static void WriteGroundTruth(string root, string machine, IEnumerable<(string Name, int Label, int Target)> clips)
    {
        var rows = clips.ToList();
        var file = $"ground_truth_{machine}_section_00_test.csv";
        Directory.CreateDirectory(Path.Combine(root, "ground_truth_data"));
        Directory.CreateDirectory(Path.Combine(root, "ground_truth_domain"));
        File.WriteAllText(Path.Combine(root, "ground_truth_data", file), string.Concat(rows.Select(r => $"{r.Name},{r.Label}\n")));
        File.WriteAllText(Path.Combine(root, "ground_truth_domain", file), string.Concat(rows.Select(r => $"{r.Name},{r.Target}\n")));
    }
}

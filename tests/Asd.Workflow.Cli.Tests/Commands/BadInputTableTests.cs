using System.Buffers.Binary;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests.Commands;

/// <summary>
/// Every bad input a user can hand asd, as a table: the setup writes one bad file (into a copy of the tiny data
/// set, or a workflow, manifest or CSV of its own), and the row states the asd arguments, the exact exit code
/// (2 bad definition or usage, 1 bad data), the first words of the one error line and the file it must name.
/// </summary>
public sealed class BadInputTableTests(TinyDataSet data) : IClassFixture<TinyDataSet>
{
    /// <summary>What a row's setup gets: a fresh copy of the data set, an empty scratch folder and a store.</summary>
    public sealed record Case(string Data, string Dir, string Store)
    {
        public string TestClip => Directory.GetFiles(Path.Combine(Data, "dev_data", "raw", "fan", "test")).Order(StringComparer.Ordinal).First();

        public string GroundTruth => Path.Combine(Data, "ground_truth_data", "ground_truth_fan_section_00_test.csv");

        public string Out => Path.Combine(Dir, "out");

        public string Write(string name, string text)
        {
            var path = Path.Combine(Dir, name);
            File.WriteAllText(path, text);
            return path;
        }

        /// <summary>A decode-only workflow (fast) over the copy; bad clips fail the run.</summary>
        public string[] Run(params string[] extra)
        {
            var wf = Write("decode.yaml", "name: decode-only\ndataset: ${data}\non_bad_clip: fail\nstages:\n  decode: { uses: decode, with: { views: [near] } }\n");
            return ["run", wf, "--data", Data, "--store", Store, "--out", Out, .. extra];
        }

        /// <summary>Overwrites a little-endian field of the test clip's canonical 44-byte header.</summary>
        public string PatchClip(int offset, int value, int width)
        {
            var bytes = File.ReadAllBytes(TestClip);
            if (width == 2) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(offset), (ushort)value);
            else BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
            File.WriteAllBytes(TestClip, bytes);
            return TestClip;
        }

        /// <summary>Score files for every test clip of the copy (score 0.5 each), in the submission layout.</summary>
        public string Scores(Func<string, string>? value = null) => PerTestClip("anomaly_score", value ?? (_ => "0.5"));

        /// <summary>Decision files beside <see cref="Scores"/>, a value per test clip.</summary>
        public string Decisions(Func<string, string> value) => PerTestClip("decision_result", value);

        private string PerTestClip(string prefix, Func<string, string> value)
        {
            var dir = Directory.CreateDirectory(Path.Combine(Dir, "scores")).FullName;
            foreach (var machine in Directory.GetDirectories(Path.Combine(Data, "dev_data", "raw")))
            {
                var names = Directory.GetFiles(Path.Combine(machine, "test")).Select(Path.GetFileName).Order(StringComparer.Ordinal);
                File.WriteAllLines(Path.Combine(dir, $"{prefix}_{Path.GetFileName(machine)}_section_00_test.csv"), names.Select(n => $"{n},{value(n!)}"));
            }
            return dir;
        }
    }

    /// <summary>A row: the setup returns (asd arguments, the file the line must name or null).</summary>
    public sealed record Row(string Name, Func<Case, (string[] Args, string? File)> Setup, int ExitCode, string FirstWords, int StderrLines = 1)
    {
        public override string ToString() => Name;
    }

    private const int Channels = 22, SampleRate = 24, BlockAlign = 32, FormatTag = 20;

    public static TheoryData<Row> Rows() =>
    [
        // Clips (bad data: exit 1, the FAILED line names the clip; --out is not written).
        new("wav with 0 channels", c => (c.Run(), c.PatchClip(Channels, 0, 2)), 1, "{file}: declares 0 channels;", 0),
        new("wav with block_align 0", c => (c.Run(), c.PatchClip(BlockAlign, 0, 2)), 1, "{file}: declares block_align 0, expected 4", 0),
        new("wav at 0 Hz", c => (c.Run(), c.PatchClip(SampleRate, 0, 4)), 1, "{file}: declares a sample rate of 0 Hz", 0),
        new("wav at 1 Hz", c => (c.Run(), c.PatchClip(SampleRate, 1, 4)), 1, "{file}: declares a sample rate of 1 Hz", 0),
        new("wav at 2 GHz", c => (c.Run(), c.PatchClip(SampleRate, 2_000_000_000, 4)), 1, "{file}: declares a sample rate of 2000000000 Hz", 0),
        new("wav in ADPCM", c => (c.Run(), c.PatchClip(FormatTag, 2, 2)), 1, "{file}: uses encoding Adpcm, not supported", 0),
        new("wav truncated", c => { File.WriteAllBytes(c.TestClip, File.ReadAllBytes(c.TestClip)[..1000]); return (c.Run(), c.TestClip); }, 1, "{file}: is truncated:", 0),
        new("wav that is text", c => { File.WriteAllText(c.TestClip, "not audio"); return (c.Run(), c.TestClip); }, 1, "{file}: is not a WAV file", 0),
        // Data-set layout (bad input: exit 2, a summary line and the problem).
        new("clip name with a comma", c =>
        {
            var renamed = Path.Combine(Path.GetDirectoryName(c.TestClip)!, "section_00_source_test_normal_0000_a,b.wav");
            File.Move(c.TestClip, renamed);
            return (c.Run(), renamed);
        }, 2, "data set {data}/dev_data: 1 clip(s) cannot be read", 2),
        new("empty data-set folder", c => (["run", c.Run()[1], "--data", c.Dir, "--store", c.Store], c.Dir), 2, "data set {file}: no <machine>/train or <machine>/test folder found"),
        new("section without train clips", c =>
        {
            foreach (var f in Directory.GetFiles(Path.Combine(c.Data, "dev_data", "raw", "fan", "train"))) File.Delete(f);
            return (c.Run(), Path.Combine(c.Data, "dev_data", "raw", "fan", "train"));
        }, 2, "data set {data}/dev_data: 1 section(s) lack train or test clips", 2),
        // Ground truth (bad data: exit 1, file:line).
        new("ground-truth label 2", c =>
        {
            var lines = File.ReadAllLines(c.GroundTruth);
            lines[1] = lines[1].Split(',')[0] + ",2";
            File.WriteAllLines(c.GroundTruth, lines);
            return (["evaluate", "--ground-truth", c.Data, "--scores", c.Scores()], c.GroundTruth);
        }, 1, "{file}:2: label '2' of "),
        new("ground-truth duplicate row", c =>
        {
            File.AppendAllLines(c.GroundTruth, [File.ReadAllLines(c.GroundTruth)[0]]);
            return (["evaluate", "--ground-truth", c.Data, "--scores", c.Scores()], c.GroundTruth);
        }, 1, "{file}:17: duplicate row for "),
        new("ground truth without anomalies", c =>
        {
            File.WriteAllLines(c.GroundTruth, File.ReadAllLines(c.GroundTruth).Select(l => l.Split(',')[0] + ",0"));
            return (["evaluate", "--ground-truth", c.Data, "--scores", c.Scores()], null);
        }, 1, "fan section 00: the scored test clips include no anomalous clip;"),
        // Score rows given to evaluate (bad data: exit 1, file:line, as for imported score files).
        new("score NaN", c => (["evaluate", "--data", c.Data, "--scores", c.Scores(n => n == Path.GetFileName(c.TestClip) ? "NaN" : "0.5")], null), 1,
            "{scores}/anomaly_score_fan_section_00_test.csv:1: score 'NaN' of "),
        new("score 1e400", c => (["evaluate", "--data", c.Data, "--scores", c.Scores(n => n == Path.GetFileName(c.TestClip) ? "1e400" : "0.5")], null), 1,
            "{scores}/anomaly_score_fan_section_00_test.csv:1: score '1e400' of "),
        // Imported score files (bad data: exit 1, the FAILED line names the file; a missing option is a bad definition).
        new("import without its train file", c =>
        {
            var scores = c.Scores();
            foreach (var machine in Directory.GetDirectories(Path.Combine(c.Data, "dev_data", "raw")).Where(m => Path.GetFileName(m) != "fan"))
                File.WriteAllLines(Path.Combine(scores, $"anomaly_score_{Path.GetFileName(machine)}_section_00_train.csv"),
                    Directory.GetFiles(Path.Combine(machine, "train")).Select(f => Path.GetFileName(f) + ",0.5"));
            var wf = c.Write("import.yaml", $"name: imp\ndataset: ${{data}}\nstages:\n  external: {{ uses: import, with: {{ from: \"{scores}\", train_scores: out_of_fold }} }}\n");
            return (["run", wf, "--data", c.Data, "--store", c.Store, "--out", c.Out], Path.Combine(scores, "anomaly_score_fan_section_00_train.csv"));
        }, 1, "{file}: missing; an import needs a test and a train score file for every machine and section", 0),
        new("import without train_scores", c => (["run", c.Write("i.yaml", "name: i\ndataset: ${data}\nstages:\n  external: { uses: import, with: { from: scores } }\n"), "--data", c.Data, "--store", c.Store],
            c.Dir + "/i.yaml"), 2, "{file}: 1 problem(s) in workflow", 2),
        // Manifests (bad input: exit 2).
        new("verify a JSON that is no manifest", c => (["verify", c.Write("m.json", "{\"a\": 1}"), "--store", c.Store], c.Dir + "/m.json"), 2, "{file}: not a readable manifest (JSON deserialization"),
        new("verify malformed JSON", c => (["verify", c.Write("m.json", "{\"schema_version\": "), "--store", c.Store], c.Dir + "/m.json"), 2, "{file}: not a readable manifest ("),
        new("verify a missing file", c => (["verify", Path.Combine(c.Dir, "none.json"), "--store", c.Store], c.Dir + "/none.json"), 2, "{file}: not a readable manifest (Could not find file"),
        new("verify a folder", c => (["verify", c.Dir, "--store", c.Store], c.Dir), 2, "{file}: not a readable manifest (is a folder)"),
        // Workflows and usage (bad input: exit 2).
        new("YAML nested 200 deep", c => (["run", c.Write("deep.yaml", "name: deep\nstages:\n  a: " + new string('[', 200) + new string(']', 200) + "\n"), "--data", c.Data, "--store", c.Store],
            c.Dir + "/deep.yaml"), 2, "{file}:3:69: YAML syntax error: nested deeper than 64 levels"),
        new("workflow in Latin-1", c =>
        {
            var path = Path.Combine(c.Dir, "latin.yaml");
            File.WriteAllBytes(path, [.. "name: caf"u8, 0xE9, .. "\nstages: {}\n"u8]);
            return (["run", path, "--data", c.Data, "--store", c.Store], path);
        }, 2, "{file}: not UTF-8 text (invalid byte at offset 9)"),
        new("unknown workflow key", c => (["run", c.Write("k.yaml", "name: k\ndataset: ${data}\ncolour: blue\nstages:\n  decode: { uses: decode, with: { views: [near] } }\n"), "--data", c.Data, "--store", c.Store],
            c.Dir + "/k.yaml"), 2, "{file}: 1 problem(s) in workflow", 2),
        new("missing workflow file", c => (["run", Path.Combine(c.Dir, "none.yaml"), "--data", c.Data, "--store", c.Store], c.Dir + "/none.yaml"), 2, "workflow file {file} does not exist"),
        new("--jobs 0", c => (c.Run("--jobs", "0"), null), 2, "--jobs 0: give at least 1"),
        new("--jobs -3", c => (c.Run("--jobs", "-3"), null), 2, "--jobs -3: give at least 1"),
        new("--set without =", c => (c.Run("--set", "bad"), null), 2, "--set 'bad' must have the form name=value"),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public void Asd_BadInput_ExitsWithItsCodeAndOneLineNamingTheFile(Row row)
    {
        var c = new Case(data.Copy(), RepoPaths.TempDir("bad-input"), RepoPaths.TempDir("bad-store"));
        var (args, file) = row.Setup(c);
        var result = AsdProcess.Run(c.Dir, args);

        Assert.True(row.ExitCode == result.ExitCode, $"exit {result.ExitCode}\n{result.Out}\n{result.Err}");
        var stderr = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string line;
        if (row.StderrLines == 0)
        {
            // A stage failure: the run's table has one FAILED row with the message, and nothing else went wrong.
            Assert.Empty(stderr);
            line = Assert.Single(result.Lines, l => l.Contains(" FAILED ", StringComparison.Ordinal)).Split(" FAILED ", 2)[1].Trim();
        }
        else
        {
            Assert.True(row.StderrLines == stderr.Length, result.Err);
            Assert.StartsWith("asd: ", stderr[0]);
            line = stderr[0]["asd: ".Length..];
        }
        var expected = row.FirstWords.Replace("{file}", file).Replace("{data}", c.Data).Replace("{scores}", Path.Combine(c.Dir, "scores"));
        Assert.StartsWith(expected, line);
        if (file is not null) Assert.Contains(file, result.Err + result.Out);
        Assert.DoesNotContain("internal error", result.Err);
        // Nothing half-written: no run output folder, no temporary object left in the store.
        Assert.False(Directory.Exists(c.Out), "--out was written by a failed run");
        var tmp = Path.Combine(c.Store, "tmp");
        Assert.True(!Directory.Exists(tmp) || Directory.GetFiles(tmp).Length == 0, "a temporary object was left in the store");
    }

    [Fact]
    public void EvaluateAndValidate_DecisionWritten1Point0_BothExit1WithTheSameLineAndAccept1()
    {
        var c = new Case(data.Copy(), RepoPaths.TempDir("decision"), RepoPaths.TempDir("decision-store"));
        var clip = Path.GetFileName(c.TestClip);
        var scores = c.Scores();
        c.Decisions(n => n == clip ? "1.0" : "0");
        var problem = $"{Path.Combine(scores, "decision_result_fan_section_00_test.csv")}:1: decision '1.0' of {clip} is not 0 or 1; write 0 (normal) or 1 (anomaly)";

        var evaluate = AsdProcess.Run(c.Dir, "evaluate", "--data", c.Data, "--scores", scores);
        Assert.True(evaluate.ExitCode == 1, evaluate.Out + evaluate.Err); // bad data
        Assert.Equal($"asd: {problem}", evaluate.Err.TrimEnd('\n'));
        var validate = AsdProcess.Run(c.Dir, "validate", c.Dir, "--data", c.Data); // c.Dir holds one system: scores/
        Assert.True(validate.ExitCode == 1, validate.Out + validate.Err);
        Assert.Equal([problem, "1 problem(s)"], validate.Lines);

        c.Decisions(n => n == clip ? "1" : "0"); // as the official files write it
        Assert.Equal(0, AsdProcess.Run(c.Dir, "evaluate", "--data", c.Data, "--scores", scores).ExitCode);
        Assert.Equal(0, AsdProcess.Run(c.Dir, "validate", c.Dir, "--data", c.Data).ExitCode);
    }

    [Fact]
    public void Run_ZeroChannelClipWithOnBadClipSkip_SucceedsAndNamesTheSkippedClip()
    {
        var c = new Case(data.Copy(), RepoPaths.TempDir("bad-skip"), RepoPaths.TempDir("bad-skip-store"));
        var clip = c.PatchClip(Channels, 0, 2);
        var result = AsdProcess.Run(c.Dir, "run", AsdProcess.Workflow("tiny.yaml"), "--data", c.Data, "--set", "bad=skip", "--store", c.Store, "--out", c.Out);
        Assert.True(result.ExitCode == 0, result.Out + result.Err);
        Assert.Contains($"decode/fan/00: skipped {clip}: declares 0 channels", result.Out);
        Assert.Contains("report/*: system/fan/00: 1 test clip(s) have no score (skipped by decode); evaluated on the other 15", result.Out);
        Assert.Single(Directory.GetFiles(c.Out, "anomaly_score_fan_section_00_test.csv", SearchOption.AllDirectories));
    }

    [Fact]
    public void Run_UpperCaseWavExtension_TheClipIsScanned()
    {
        var c = new Case(data.Copy(), RepoPaths.TempDir("upper"), RepoPaths.TempDir("upper-store"));
        var upper = Path.ChangeExtension(c.TestClip, ".WAV");
        File.Move(c.TestClip, upper);
        // Scores for every file in the test folder, the .WAV one included: were it not read as a test clip, its row
        // would name no test clip and evaluate would refuse the file.
        var scores = c.Scores();
        var result = AsdProcess.Run(c.Dir, "evaluate", "--data", c.Data, "--scores", scores);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("| scores | ", result.Out);
        Assert.Contains(Path.GetFileName(upper) + ",0.5", File.ReadAllText(Path.Combine(scores, "anomaly_score_fan_section_00_test.csv")));
    }
}

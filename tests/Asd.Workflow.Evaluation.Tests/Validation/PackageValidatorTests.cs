using Asd.Workflow.Core.Data;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Evaluation.Activities.Package;
using Asd.Workflow.Evaluation.Metrics;
using Asd.Workflow.Evaluation.Validation;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Evaluation.Tests.Validation;

public sealed class PackageValidatorTests
{
    private static readonly ClipInventory Test = new("fan", "00", "test",
        new[] { "a.wav", "b.wav", "c.wav" }.Select(n => new ClipEntry(n, n, "", "test", "source")).ToList());

    private static string Package(string scores, string decisions, int systems = 1)
    {
        var root = RepoPaths.TempDir("pkg");
        for (var s = 0; s < systems; s++)
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, $"system_{s}")).FullName;
            File.WriteAllText(Path.Combine(dir, SubmissionFiles.ScoreFile("fan", "00")), scores);
            File.WriteAllText(Path.Combine(dir, SubmissionFiles.DecisionFile("fan", "00")), decisions);
        }
        return root;
    }

    [Fact]
    public void Validate_WellFormedPackage_HasNoProblem()
    {
        Assert.Empty(PackageValidator.Validate(Package("a.wav,0.5\nb.wav,-1E-300\nc.wav,3\n", "a.wav,0\nb.wav,1\nc.wav,0\n"), [Test]));
    }

    [Fact]
    public void Validate_EveryKindOfProblem_IsListedWithFileAndLine()
    {
        var root = Package("name,score\na.wav,NaN\na.wav,1\n\nzzz.wav,2\n", "a.wav,0\nb.wav,2\nc.wav,1\n", systems: 5);
        var problems = PackageValidator.Validate(root, [Test]).Where(p => p.File.Contains("system_0", StringComparison.Ordinal)).Select(p => p.ToString().Replace(root + "/system_0/", "")).ToList();
        var score = SubmissionFiles.ScoreFile("fan", "00");
        var decision = SubmissionFiles.DecisionFile("fan", "00");
        Assert.Equal(
        [
            $"{score}:1: looks like a header ('name,score'); files have no header",
            $"{score}:2: score 'NaN' of a.wav is not a finite number; write a finite decimal number",
            $"{score}:3: duplicate name a.wav",
            $"{score}:4: blank line",
            $"{score}:5: zzz.wav is not a test clip of this machine and section",
            $"{score}: has no row for test clip b.wav",
            $"{score}: has no row for test clip c.wav",
            $"{decision}:2: decision '2' of b.wav is not 0 or 1; write 0 (normal) or 1 (anomaly)",
        ], problems);
        Assert.Contains(PackageValidator.Validate(root, [Test]), p => p.Message == "holds 5 systems, at most 4 are allowed");
    }

    [Fact]
    public void Validate_DecisionWritten1Point0_IsTheProblemEvaluateReports()
    {
        var root = Package("a.wav,0.5\nb.wav,0.5\nc.wav,0.5\n", "a.wav,0\nb.wav,1.0\nc.wav,1\n");
        var decision = Path.Combine(root, "system_0", SubmissionFiles.DecisionFile("fan", "00"));
        var evaluate = Assert.Throws<AsdException>(() => ScoreFiles.Read(Path.Combine(root, "system_0"), "fan", "00"));
        Assert.Equal([evaluate.Message], PackageValidator.Validate(root, [Test]).Select(p => p.ToString()));
        Assert.Equal($"{decision}:2: decision '1.0' of b.wav is not 0 or 1; write 0 (normal) or 1 (anomaly)", evaluate.Message);
    }

    [Fact]
    public void Validate_MissingFileAndBom_AreNamed()
    {
        var root = Package("\uFEFFa.wav,1\nb.wav,1\nc.wav,1\n", "a.wav,0\nb.wav,1\nc.wav,0\n");
        File.Delete(Path.Combine(root, "system_0", SubmissionFiles.DecisionFile("fan", "00")));
        var problems = PackageValidator.Validate(root, [Test]).Select(p => p.Message).ToList();
        Assert.Equal(["starts with a UTF-8 BOM; save without BOM", "is missing"], problems);
    }
}

using Asd.Workflow.Evaluation.Metrics;

namespace Asd.Workflow.Evaluation.Tests.Metrics;

public sealed class OfficialResultCsvTests
{
    // Four clips per domain: two normals, two anomalies; decisions chosen so the domains differ.
    private static List<LabeledScore> Clips(double shift) =>
    [
        new("s_n0", 0, "source", 0.1 + shift, 0), new("s_n1", 0, "source", 0.2 + shift, 1),
        new("s_a0", 1, "source", 0.9 + shift, 1), new("s_a1", 1, "source", 0.8 + shift, 1),
        new("t_n0", 0, "target", 0.3 + shift, 0), new("t_n1", 0, "target", 0.95 + shift, 0),
        new("t_a0", 1, "target", 0.7 + shift, 0), new("t_a1", 1, "target", 0.6 + shift, 1),
    ];

    [Fact]
    public void Section_DomainDecisions_UseThatDomainsClipsOnly()
    {
        var s = DcaseMetrics.Section("fan", "00", Clips(0));
        // source: tp 2 (s_a0, s_a1), fp 1 (s_n1), fn 0. Counting the target's anomalies too would give fn 1.
        Assert.Equal(2.0 / 3, s.Source.Precision, 15);
        Assert.Equal(1.0, s.Source.Recall);
        Assert.Equal(0.8, s.Source.F1, 15);
        // target: tp 1 (t_a1), fp 0, fn 1 (t_a0). Counting the source's anomalies too would give tp 3.
        Assert.Equal(1.0, s.Target.Precision);
        Assert.Equal(0.5, s.Target.Recall);
        Assert.Equal(2.0 / 3, s.Target.F1, 15);
    }

    [Fact]
    public void Section_DomainPauc_IsThePartialAucOfThatDomainsClips()
    {
        var clips = Clips(0);
        var s = DcaseMetrics.Section("fan", "00", clips);
        var target = clips.Where(c => c.Domain == "target").ToList();
        Assert.Equal(RocCurve.PartialAuc(target.Select(c => c.Label).ToList(), target.Select(c => c.Score).ToList(), 0.1), s.PaucTarget);
        Assert.Equal(1.0, s.PaucSource); // every source anomaly above every source normal
        Assert.NotEqual(s.PaucSource, s.Pauc); // the section-wide pAUC counts the target normal above the source anomalies
    }

    [Fact]
    public void Write_TwoMachines_IsTheOfficialLayoutWithPythonNumbers()
    {
        var overall = DcaseMetrics.Overall([DcaseMetrics.Section("valve", "00", Clips(0)), DcaseMetrics.Section("fan", "00", Clips(0.05))]);
        var lines = OfficialResultCsv.Write(overall).Split('\n');
        Assert.Equal("fan", lines[0]); // machines sorted by name
        Assert.Equal("section,AUC (source),AUC (target),pAUC,pAUC (source),pAUC (target),precision (source),precision (target),recall (source),recall (target),F1 score (source),F1 score (target)", lines[1]);
        var s = overall.Sections[0];
        Assert.Equal($"00,{PythonFloat.Repr(s.AucSource)},{PythonFloat.Repr(s.AucTarget)},{PythonFloat.Repr(s.Pauc)},1.0,{PythonFloat.Repr(s.PaucTarget)},"
                     + $"{PythonFloat.Repr(2.0 / 3)},1.0,1.0,0.5,{PythonFloat.Repr(s.Source.F1)},{PythonFloat.Repr(s.Target.F1)}", lines[2]);
        Assert.StartsWith("arithmetic mean,", lines[3]);
        Assert.StartsWith("harmonic mean,", lines[4]);
        Assert.Equal("", lines[5]);
        Assert.Equal("valve", lines[6]);
        Assert.StartsWith("arithmetic mean over all machine types and sections,", lines[12]);
        Assert.StartsWith("harmonic mean over all machine types and sections,", lines[13]);
        Assert.Equal("", lines[14]);
        Assert.Equal($"official score,{PythonFloat.Repr(overall.OfficialScore)}", lines[15]);
        Assert.Equal("", lines[16]);
        Assert.Equal(17, lines.Length);
    }

    [Fact]
    public void Reduce_MeansOverSections_AreColumnWiseArithmeticAndEpsilonGuardedHarmonic()
    {
        var a = DcaseMetrics.Section("fan", "00", Clips(0)).Row;
        var b = a with { AucSource = 0.5, RecallTarget = 0 };
        var amean = MetricRow.Reduce([a, b], harmonic: false);
        var hmean = MetricRow.Reduce([a, b], harmonic: true);
        Assert.Equal((a.AucSource + 0.5) / 2, amean.AucSource);
        Assert.Equal(1 / ((1 / a.AucSource + 1 / 0.5) / 2), hmean.AucSource);
        Assert.Equal(0.25, amean.RecallTarget);
        Assert.Equal(1 / ((1 / 0.5 + 1 / DcaseMetrics.Epsilon) / 2), hmean.RecallTarget); // 0 raised to ε, as scipy.stats.hmean(max(v, ε))
    }

    [Theory]
    [InlineData(0.5, "0.5")]
    [InlineData(1.0, "1.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(100.0, "100.0")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1234567890123456.0, "1234567890123456.0")]
    [InlineData(12345678901234567.0, "1.2345678901234568e+16")]
    [InlineData(2.220446049250313e-16, "2.220446049250313e-16")]
    [InlineData(0.8311999999999998, "0.8311999999999998")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(1e300, "1e+300")]
    [InlineData(double.NaN, "nan")]
    public void Repr_Value_IsWhatPythonWrites(double value, string python) => Assert.Equal(python, PythonFloat.Repr(value));

    [Fact]
    public void Pairwise_NineToHundredTwentyEightValues_UsesEightAccumulators()
    {
        // 1 + 1e-16·15 summed in order loses every small term; numpy's eight accumulators keep some of them.
        var values = new double[16];
        values[0] = 1;
        for (var i = 1; i < 16; i++) values[i] = 1e-16;
        double sequential = 0;
        foreach (var v in values) sequential += v;
        var r = new double[8];
        for (var k = 0; k < 8; k++) r[k] = values[k] + values[8 + k];
        var expected = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        Assert.Equal(expected, NumpySum.Pairwise(values));
        Assert.NotEqual(sequential, NumpySum.Pairwise(values));
        Assert.Equal(6.0, NumpySum.Pairwise([1, 2, 3]));
    }
}

using Asd.Workflow.Audio.Features;
using Asd.Workflow.Models.Builtin;

namespace Asd.Workflow.Models.Tests.Builtin;

public sealed class MelGroupsTests
{
    /// <summary>n_fft, N1 = OnnxLogMelModel.Factor(n_fft), n_mels: the demo's, power-of-two, odd N1 (1023 = 33·31), a prime (N1 = 1), more bands than bins.</summary>
    public static TheoryData<int, int> Settings => new() { { 2048, 128 }, { 1024, 64 }, { 1536, 96 }, { 1023, 80 }, { 257, 16 }, { 256, 128 } };

    [Theory]
    [MemberData(nameof(Settings))]
    public void Of_GroupsScatteredBack_EqualTheDenseMelMatrixAtEachBinsCells(int nFft, int nMels)
    {
        var bank = new MelFilterBank(16000, nFft, nMels, 0, 0);
        var cells = new SpectrumCells(nFft, OnnxLogMelModel.Factor(nFft));
        var groups = MelGroups.Of(bank, cells);

        var scattered = new float[cells.Count * nMels];
        var nextBand = 0;
        foreach (var group in groups)
        {
            Assert.Equal(nextBand, group.FirstBand); // consecutive bands, each in exactly one group
            nextBand += group.Bands;
            Assert.InRange(group.FirstCell, 0, group.EndCell - 1);
            Assert.InRange(group.EndCell, 1, cells.Count);
            for (var cell = group.FirstCell; cell < group.EndCell; cell++)
                for (var b = 0; b < group.Bands; b++)
                    scattered[cell * nMels + group.FirstBand + b] = group.Matrix[(cell - group.FirstCell) * group.Bands + b];
        }
        Assert.Equal(nMels, nextBand);

        var dense = bank.Dense();
        var expected = new float[cells.Count * nMels];
        for (var bin = 0; bin < bank.Bins; bin++)
            for (var part = 0; part < 2; part++)
                Array.Copy(dense, bin * nMels, expected, cells.Of(bin, part) * nMels, nMels);
        Assert.Equal(expected, scattered);
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void SpectrumCells_EveryBinAndPart_HasItsOwnCellInsideTheGrid(int nFft, int nMels)
    {
        _ = nMels;
        var cells = new SpectrumCells(nFft, OnnxLogMelModel.Factor(nFft));
        var held = Enumerable.Range(0, cells.Bins).SelectMany(bin => new[] { cells.Of(bin, 0), cells.Of(bin, 1) }).ToList();
        Assert.Equal(held.Count, held.Distinct().Count());
        Assert.All(held, cell => Assert.InRange(cell, 0, cells.Count - 1));
        Assert.Equal(Enumerable.Range(0, cells.Slot.Length), cells.Slot.Order());
    }

    [Fact]
    public void Of_DemoSettings_SumsFarFewerProductsThanTheDenseMatrix()
    {
        var bank = new MelFilterBank(16000, 2048, 128, 0, 0);
        var cells = new SpectrumCells(2048, OnnxLogMelModel.Factor(2048));
        var products = MelGroups.Of(bank, cells).Sum(g => (long)(g.EndCell - g.FirstCell) * g.Bands);
        Assert.InRange(products, 1, (long)cells.Count * 128 / 5); // dense: 2112 cells × 128 bands
    }
}

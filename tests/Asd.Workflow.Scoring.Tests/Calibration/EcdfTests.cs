using Asd.Workflow.Scoring.Calibration;

namespace Asd.Workflow.Scoring.Tests.Calibration;

public sealed class EcdfTests
{
    [Fact]
    public void CdfWithout_Member_LeavesOneCopyOfItsOwnValueOut()
    {
        var ecdf = new Ecdf([3.0, 1.0, 2.0, 2.0, 4.0]);
        Assert.Equal(0.2, ecdf.Cdf(1.0), 15);
        Assert.Equal(0.0, ecdf.CdfWithout(1.0));          // nothing else ≤ 1
        Assert.Equal(0.6, ecdf.Cdf(2.0), 15);
        Assert.Equal(0.5, ecdf.CdfWithout(2.0));          // the other copy of 2 stays: 2 of the other 4
        Assert.Equal(1.0, ecdf.CdfWithout(4.0));
        Assert.Equal(0.0, new Ecdf([5.0]).CdfWithout(5.0));
    }

    [Fact]
    public void CdfWithout_NotAMember_Throws() =>
        Assert.Throws<ArgumentException>(() => new Ecdf([1.0, 2.0]).CdfWithout(1.5));

    [Fact]
    public void Cdf_MemberOrNot_IsTheFoldSafeOrTheFullCdf()
    {
        var ecdf = new Ecdf([3.0, 1.0, 2.0, 2.0, 4.0]);
        foreach (var x in new[] { 1.0, 2.0, 3.0, 4.0 })
        {
            Assert.Equal(ecdf.CdfWithout(x), ecdf.Cdf(x, member: true));
            Assert.Equal(ecdf.Cdf(x), ecdf.Cdf(x, member: false));
        }
        Assert.Equal(3 / 5.0, ecdf.Cdf(2.5, member: false));  // 1, 2, 2 of 5
        Assert.Throws<ArgumentException>(() => ecdf.Cdf(2.5, member: true)); // not a reference value: it cannot be a member
    }

    [Fact]
    public void SortedWithout_Member_EqualsTheReferenceBuiltWithoutIt()
    {
        var values = new[] { 5.0, 1.0, 3.0, 3.0, 9.0 };
        Assert.Equal([1.0, 3.0, 5.0, 9.0], new Ecdf(values).SortedWithout(3.0));
        Assert.Equal([1.0, 3.0, 3.0, 5.0], new Ecdf(values).SortedWithout(9.0));
        Assert.Equal([3.0, 3.0, 5.0, 9.0], new Ecdf(values).SortedWithout(1.0));
        Assert.Equal(4.0, new Ecdf([4.0, 2.0]).SortedWithout(2.0).Single());
        Assert.Throws<ArgumentException>(() => new Ecdf(values).SortedWithout(4.0));
        Assert.Throws<ArgumentException>(() => new Ecdf([1.0]).SortedWithout(1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ecdf(values).SortedWithout(3.0)[4]);
    }
}

using Asd.Workflow.Audio.Decoding;

namespace Asd.Workflow.Audio.Tests.Decoding;

/// <summary>An embed pass's reused sample arrays: exact lengths, one length kept.</summary>
public sealed class SampleBuffersTests
{
    [Fact]
    public void Take_AfterGiveOfTheSameLength_ReusesTheArray()
    {
        var buffers = new SampleBuffers();
        var first = buffers.Take(160_000);
        buffers.Give(first);

        Assert.Same(first, buffers.Take(160_000));
        Assert.NotSame(first, buffers.Take(160_000)); // given once, taken once
    }

    [Fact]
    public void Take_OtherLength_IsANewArrayOfExactlyThatLength()
    {
        var buffers = new SampleBuffers();
        buffers.Give(new float[100]);

        var other = buffers.Take(99);

        Assert.Equal(99, other.Length);
    }

    [Fact]
    public void Give_OtherLength_DropsTheArraysOfTheLastLength()
    {
        var buffers = new SampleBuffers();
        var old = new float[100];
        buffers.Give(old);
        buffers.Give(new float[50]);

        Assert.NotSame(old, buffers.Take(100));
    }
}

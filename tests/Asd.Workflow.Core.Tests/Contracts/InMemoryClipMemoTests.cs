using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Tests.Contracts;

public sealed class InMemoryClipMemoTests
{
    [Fact]
    public void Entries_PutInAnyOrderAndReplaced_EachKeyOnceWithItsLastValueInKeyOrder()
    {
        var memo = new InMemoryClipMemo();
        var (a, b, c) = (Digest.Of("a"), Digest.Of("b"), Digest.Of("c"));
        memo.Put(b, c);
        memo.Put(a, b);
        memo.Put(b, a);

        Assert.True(memo.TryGet(b, out var value) && value == a);
        Assert.False(memo.TryGet(c, out _));
        var expected = new[] { (a, b), (b, a) }.OrderBy(p => p.Item1.ToString(), StringComparer.Ordinal).ToList();
        Assert.Equal(expected, memo.Entries.Select(p => (p.Key, p.Value)));
    }
}

namespace Asd.Workflow.Audio.Decoding;

/// <summary>
/// Sample arrays of one length, handed out and taken back by one embed pass (used by one clip at a time, never by two
/// threads at once). The clips of a data set mostly share one length (10 s at 16 kHz), so after the first clip its
/// channels and views reuse the same few arrays instead of fresh large-object-heap arrays per clip, which the GC
/// would hand back to the OS and fault in again. Only the last length seen is kept: clips of varying lengths keep
/// at most a clip's arrays, not one set per length.
/// </summary>
public sealed class SampleBuffers
{
    private readonly Stack<float[]> _free = new();
    private int _length = -1;

    /// <summary>An array of exactly <paramref name="length"/> samples whose contents are undefined (the caller writes every one).</summary>
    public float[] Take(int length) => length == _length && _free.TryPop(out var array) ? array : GC.AllocateUninitializedArray<float>(length);

    /// <summary>Takes back an array that nothing reads any more.</summary>
    public void Give(float[] array)
    {
        if (array.Length != _length)
        {
            _free.Clear();
            _length = array.Length;
        }
        _free.Push(array);
    }
}

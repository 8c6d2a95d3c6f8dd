using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Asd.Workflow.Core.Data;

/// <summary>
/// A float32 C-order array in NumPy's .npy format (version 1.0), so feature dumps load with numpy.load.
/// </summary>
public sealed record NpyArray(int[] Shape, float[] Data)
{
    public int Rows => Shape[0];
    public int Columns => Shape.Length > 1 ? Data.Length / Math.Max(1, Shape[0]) : 1;

    public ReadOnlySpan<float> Row(int i) => Data.AsSpan(i * Columns, Columns);

    public byte[] ToBytes()
    {
        var shape = Shape.Length == 1 ? $"({Shape[0]},)" : "(" + string.Join(", ", Shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ")";
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shape}, }}";
        var total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
        using var buffer = new MemoryStream();
        buffer.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        buffer.Write(BitConverter.GetBytes((ushort)header.Length));
        buffer.Write(Encoding.ASCII.GetBytes(header));
        buffer.Write(MemoryMarshal.AsBytes(Data.AsSpan()));
        return buffer.ToArray();
    }

    public static NpyArray FromBytes(byte[] bytes)
    {
        var (shape, headerLength) = ParseHeader(bytes);
        var data = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(10 + headerLength)).ToArray();
        return new NpyArray(shape, data);
    }

    /// <summary>Reads only the header of a .npy stream and returns its shape.</summary>
    public static int[] ReadShape(Stream stream)
    {
        var prefix = new byte[10];
        stream.ReadExactly(prefix);
        var header = new byte[10 + BitConverter.ToUInt16(prefix, 8)];
        prefix.CopyTo(header, 0);
        stream.ReadExactly(header, 10, header.Length - 10);
        return ParseHeader(header).Shape;
    }

    private static (int[] Shape, int HeaderLength) ParseHeader(byte[] bytes)
    {
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InvalidDataException("not a .npy file");
        int headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        if (!header.Contains("'<f4'")) throw new InvalidDataException("only little-endian float32 .npy is supported");
        var shapeText = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        shapeText = shapeText[..shapeText.IndexOf(')')];
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return (shape, headerLength);
    }
}

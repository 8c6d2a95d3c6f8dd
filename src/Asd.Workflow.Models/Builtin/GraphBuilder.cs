using Google.Protobuf;
using Onnx;

namespace Asd.Workflow.Models.Builtin;

/// <summary>A thin helper over OnnxSharp's protobuf classes for writing small ONNX graphs by hand (opset 17).</summary>
public sealed class GraphBuilder(string name)
{
    public const int Opset = 17;
    private readonly GraphProto _graph = new() { Name = name };

    public GraphBuilder Input(string name, object[] shape, TensorProto.Types.DataType type = TensorProto.Types.DataType.Float)
    {
        _graph.Input.Add(ValueInfo(name, shape, type));
        return this;
    }

    public GraphBuilder Output(string name, object[] shape)
    {
        _graph.Output.Add(ValueInfo(name, shape, TensorProto.Types.DataType.Float));
        return this;
    }

    public GraphBuilder Initializer(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.AddRange(dims);
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        _graph.Initializer.Add(tensor);
        return this;
    }

    public GraphBuilder Initializer(string name, long[] dims, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.AddRange(dims);
        tensor.Int64Data.AddRange(values);
        _graph.Initializer.Add(tensor);
        return this;
    }

    public GraphBuilder Node(string op, string[] inputs, string[] outputs, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        foreach (var (key, value) in attributes)
        {
            var attribute = new AttributeProto { Name = key };
            switch (value)
            {
                case long i: attribute.Type = AttributeProto.Types.AttributeType.Int; attribute.I = i; break;
                case float f: attribute.Type = AttributeProto.Types.AttributeType.Float; attribute.F = f; break;
                case long[] ints: attribute.Type = AttributeProto.Types.AttributeType.Ints; attribute.Ints.AddRange(ints); break;
                default: throw new ArgumentException($"attribute type {value.GetType().Name} not supported");
            }
            node.Attribute.Add(attribute);
        }
        _graph.Node.Add(node);
        return this;
    }

    public ModelProto ToModel()
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "asd", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, object[] shape, TensorProto.Types.DataType type)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var d in shape)
            tensorShape.Dim.Add(d is string p ? new TensorShapeProto.Types.Dimension { DimParam = p } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d) });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } } };
    }
}

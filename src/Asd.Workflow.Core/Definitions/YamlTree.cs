using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Asd.Workflow.Core.Definitions;

/// <summary>A position in a source file, 1-based.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// A minimal YAML tree that keeps positions and duplicate keys, so the loader can report every problem with
/// file:line:column. YamlDotNet's parser does the parsing; this only keeps its events.
/// </summary>
public abstract record YNode(SourcePosition Position);

public sealed record YScalar(SourcePosition Position, string Value, bool Quoted) : YNode(Position);

public sealed record YSequence(SourcePosition Position, IReadOnlyList<YNode> Items) : YNode(Position);

public sealed record YMapping(SourcePosition Position, IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries) : YNode(Position);

public static class YamlTree
{
    /// <summary>Deepest nesting of mappings and sequences accepted; a workflow needs 5, the bound keeps the recursive reader off the stack's limit.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses one YAML document; a syntax error becomes a BadInput error with its position.</summary>
    public static YNode Parse(string text, string file)
    {
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _)) return new YMapping(new SourcePosition(file, 1, 1), []);
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, file, 0);
            return root;
        }
        catch (YamlException ex)
        {
            throw Errors.AsdException.BadInput(
                $"{file}:{ex.Start.Line}:{ex.Start.Column}: YAML syntax error: {ex.InnerException?.Message ?? ex.Message}");
        }
    }

    private static YNode ReadNode(IParser parser, string file, int depth)
    {
        var ev = parser.Current ?? throw new YamlException("unexpected end of YAML");
        var position = new SourcePosition(file, (int)ev.Start.Line, (int)ev.Start.Column);
        if (depth > MaxDepth && ev is SequenceStart or MappingStart)
            throw new YamlException(ev.Start, ev.End, $"nested deeper than {MaxDepth} levels; a workflow needs far fewer");
        switch (ev)
        {
            case Scalar scalar:
                parser.MoveNext();
                return new YScalar(position, scalar.Value, scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted);
            case SequenceStart:
                {
                    parser.MoveNext();
                    var items = new List<YNode>();
                    while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(ReadNode(parser, file, depth + 1));
                    return new YSequence(position, items);
                }
            case MappingStart:
                {
                    parser.MoveNext();
                    var entries = new List<KeyValuePair<YScalar, YNode>>();
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        if (ReadNode(parser, file, depth + 1) is not YScalar key)
                            throw new YamlException(ev.Start, ev.End, "mapping keys must be plain scalars");
                        entries.Add(new(key, ReadNode(parser, file, depth + 1)));
                    }
                    return new YMapping(position, entries);
                }
            case AnchorAlias:
                throw new YamlException(ev.Start, ev.End, "YAML aliases are not supported in workflow files");
            default:
                throw new YamlException(ev.Start, ev.End, $"unexpected YAML element {ev.GetType().Name}");
        }
    }
}

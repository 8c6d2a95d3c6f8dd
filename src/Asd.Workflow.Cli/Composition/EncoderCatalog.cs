using Asd.Workflow.Audio.Encoders;

namespace Asd.Workflow.Cli.Composition;

/// <summary>The encoders embed can use: the built-in log-mel ones, then registered ONNX models.</summary>
public static class EncoderCatalog
{
    public static IEncoderProvider Create(Action<string> notice) => new CompositeEncoderProvider(new BuiltInEncoders());
}

using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Core.Activities;

/// <summary>
/// One output of an execution. <see cref="DerivedFrom"/> lists the input refs ("stage/shard:port") whose
/// content this output depends on; audit walks these edges to prove what is (not) in a statistic's closure.
/// </summary>
public sealed record OutputArtifact(string Port, Digest Digest, string MediaType, IReadOnlyList<string> DerivedFrom);

public sealed record ActivityResult(IReadOnlyList<OutputArtifact> Outputs, IReadOnlyList<string> Notes)
{
    public static ActivityResult Of(params OutputArtifact[] outputs) => new(outputs, []);
}

/// <summary>Media types of the artifacts the activities exchange.</summary>
public static class MediaTypes
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string Npy = "application/x-npy";
    public const string Markdown = "text/markdown";
    public const string Html = "text/html";
    public const string Tree = "application/vnd.asd.tree+json";
}

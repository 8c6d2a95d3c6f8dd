using Asd.Workflow.Core.Errors;
using Asd.Workflow.Models.Registry;
using Asd.Workflow.Testing;

namespace Asd.Workflow.Models.Tests.Registry;

public sealed class ModelRegistryTests
{
    [Fact]
    public void Load_YamlRegistry_ResolvesPathsRelativeToTheFile()
    {
        var dir = RepoPaths.TempDir("registry");
        var file = Path.Combine(dir, "models.yaml");
        File.WriteAllText(file, """
            models:
              - name: beats
                path: exports/beats.onnx
                sha256: sha256:0000000000000000000000000000000000000000000000000000000000000000
                source: https://example.invalid/beats
                licence: MIT
                input: waveform
                sample_rate: 16000
                pooling: mean
            """);
        var registry = ModelRegistry.Load(file);
        Assert.True(registry.TryGet("beats", out var entry));
        Assert.Equal(Path.Combine(dir, "exports", "beats.onnx"), entry.Path);
        Assert.Equal("mean", entry.Pooling);
    }

    [Fact]
    public void New_BadEntries_AreAllReported()
    {
        var error = Assert.Throws<AsdException>(() => new ModelRegistry(
        [
            new ModelEntry { Name = "a", Sha256 = "abc", Input = "video", Pooling = "max" },
        ], "models.yaml"));
        Assert.Equal(3, error.Details.Count);
        Assert.Contains("models.yaml: model 'a': input 'video', allowed: waveform, fbank", error.Details);
    }
}

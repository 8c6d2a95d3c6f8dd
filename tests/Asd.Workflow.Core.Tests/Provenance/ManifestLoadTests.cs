using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Provenance;

namespace Asd.Workflow.Core.Tests.Provenance;

public sealed class ManifestLoadTests
{
    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "asd-tests", $"manifest-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("{\"a\": 1}", "not a readable manifest (JSON deserialization for type 'Asd.Workflow.Core.Provenance.Manifest' was missing required properties")]
    [InlineData("{\"schema_version\": 1", "not a readable manifest (")]
    [InlineData("[1, 2]", "not a readable manifest (The JSON value could not be converted")]
    [InlineData("null", "not a readable manifest (holds JSON null)")]
    [InlineData("{\"schema_version\": 1, \"name\": \"x\", \"workflow\": null, \"dataset\": null, \"stages\": [], \"models\": {}, \"software\": {}, \"seeds\": {}, \"machine\": {}}",
        "not a readable manifest (")]
    public void Load_JsonThatIsNotAManifest_IsOneBadInputLineNamingTheFile(string json, string start)
    {
        var path = Write(json);
        var error = Assert.Throws<AsdException>(() => ManifestBuilder.Load(path));
        Assert.Equal(ErrorCode.BadInput, error.Code);
        Assert.StartsWith($"{path}: {start}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_MissingFileOrFolder_IsABadInputNamingIt()
    {
        var folder = Path.GetDirectoryName(Write("{}"))!;
        Assert.Equal($"{folder}: not a readable manifest (is a folder); give a file written by `asd freeze WORKFLOW --name NAME`",
            Assert.Throws<AsdException>(() => ManifestBuilder.Load(folder)).Message);
        var missing = Path.Combine(folder, "nope.json");
        Assert.StartsWith($"{missing}: not a readable manifest (Could not find file", Assert.Throws<AsdException>(() => ManifestBuilder.Load(missing)).Message);
    }

    [Fact]
    public void Load_OtherSchemaVersion_SaysWhichVersionsDiffer()
    {
        var path = Write("""
            {"schema_version": 7, "name": "x", "workflow": {"file": "f", "digest": "d", "name": "n", "on_bad_clip": "fail", "stages": []},
             "dataset": {"root": "r", "inventory_digest": "d", "shards": []}, "stages": [], "models": {}, "software": {}, "seeds": {}, "machine": {}}
            """);
        var error = Assert.Throws<AsdException>(() => ManifestBuilder.Load(path));
        Assert.Equal($"{path}: not a readable manifest (has schema_version 7, this asd reads 1); give a file written by `asd freeze WORKFLOW --name NAME`", error.Message);
    }
}

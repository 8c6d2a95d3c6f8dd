using Asd.Workflow.Testing;

namespace Asd.Workflow.Cli.Tests;

/// <summary>A small synthetic stereo data set, written once per test class that uses it.</summary>
public sealed class TinyDataSet
{
    public TinyDataSet()
    {
        Root = RepoPaths.TempDir("tiny-data");
        var result = AsdProcess.Run(Root, "synth", "--out", Root, "--machines", "2", "--train-source", "12", "--train-target", "3",
            "--test-per-cell", "4", "--seconds", "1", "--seed", "5");
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Err);
    }

    public string Root { get; }

    /// <summary>A copy that a test may modify.</summary>
    public string Copy()
    {
        var target = RepoPaths.TempDir("tiny-copy");
        foreach (var file in Directory.GetFiles(Root, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest);
        }
        return target;
    }
}

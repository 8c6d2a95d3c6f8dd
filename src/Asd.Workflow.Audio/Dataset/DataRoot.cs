using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Audio.Dataset;

/// <summary>The two halves of a DCASE Task 2 release: the development set and the evaluation set.</summary>
public enum DataSplit { Dev, Eval }

/// <summary>The folder a command reads, and whether it was chosen from a DCASE root holding both halves.</summary>
public sealed record ResolvedDataRoot(string Folder, DataSplit Split, bool Chosen)
{
    public string Describe() => $"{Folder} (the {DataRoot.FolderOf(Split)} of {Path.GetDirectoryName(Folder)})";
}

/// <summary>
/// Resolves <c>--data</c>: a DCASE root holding <c>dev_data/</c> and/or <c>eval_data/</c> is narrowed to the folder of
/// the split a command reads (run reads dev, infer reads eval); any other folder is read as given. The split decides
/// the folder only; nothing is read from the other one (in particular no evaluation clip during a dev run).
/// </summary>
public static class DataRoot
{
    public static string FolderOf(DataSplit split) => split == DataSplit.Dev ? "dev_data" : "eval_data";

    public static DataSplit ParseSplit(string text) => text.ToLowerInvariant() switch
    {
        "dev" => DataSplit.Dev,
        "eval" => DataSplit.Eval,
        _ => throw AsdException.BadInput($"--split '{text}': allowed dev or eval"),
    };

    public static ResolvedDataRoot Resolve(string root, DataSplit split)
    {
        var full = Path.GetFullPath(root);
        var halves = new[] { DataSplit.Dev, DataSplit.Eval }.Where(s => Directory.Exists(Path.Combine(full, FolderOf(s)))).ToList();
        if (halves.Count == 0) return new ResolvedDataRoot(root, split, false);
        if (!halves.Contains(split))
            throw AsdException.BadInput($"data set {full} holds {string.Join(" and ", halves.Select(h => FolderOf(h) + "/"))} but no {FolderOf(split)}/: " +
                (split == DataSplit.Eval
                    ? "pass the evaluation set's root (its eval_data/raw/<machine>/{train,test}/), or --split dev to infer on the development set"
                    : "pass the development set's root (its dev_data/raw/<machine>/{train,test}/)"));
        return new ResolvedDataRoot(Path.Combine(full, FolderOf(split)), split, true);
    }
}

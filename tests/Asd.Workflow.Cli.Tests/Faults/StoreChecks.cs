using System.Security.Cryptography;

namespace Asd.Workflow.Cli.Tests.Faults;

/// <summary>What must hold of a store after any fault, checked from outside the asd process.</summary>
internal static class StoreChecks
{
    /// <summary>
    /// Opens the store as every command does (<c>asd store stats</c>: lock, temp clean-up, index) and checks that
    /// it opens as it is — not by repairing a damaged index (which would set it aside as <c>index.damaged-N.db</c>)
    /// — that the open left no temporary file, and that <c>stamps/</c> holds only finished stamps.
    /// Returns the stats lines by their first word.
    /// </summary>
    public static Dictionary<string, string> Opens(string store, string when)
    {
        var stats = AsdProcess.Run(Path.GetDirectoryName(Path.GetFullPath(store))!, "store", "stats", "--store", store); // the store folder may not exist yet: a kill can land before the run created it
        Assert.True(stats.ExitCode == 0, $"{when}: `asd store stats` exit {stats.ExitCode}: {stats.Err}");
        Assert.True(stats.Err.Length == 0, $"{when}: `asd store stats` said: {stats.Err}");
        Assert.True(Directory.GetFiles(store, "index.damaged-*").Length == 0, $"{when}: the index was damaged and set aside");
        Assert.True(Directory.GetFiles(Path.Combine(store, "tmp")).Length == 0, $"{when}: temp files left after the next open");
        var stamps = Path.Combine(store, "stamps");
        if (Directory.Exists(stamps))
            Assert.True(Directory.GetFiles(stamps).All(f => f.EndsWith(".stamp", StringComparison.Ordinal)), $"{when}: stray files in stamps/");
        return stats.Lines.Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries)).ToDictionary(p => p[0], p => p[1]);
    }

    /// <summary>Every object sits at <c>objects/sha256/ab/abcd…</c> and its bytes hash to its name; returns how many.</summary>
    public static int ObjectsMatchTheirNames(string store, string when)
    {
        var root = Path.Combine(store, "objects", "sha256");
        Assert.True(Directory.GetFiles(root).Length == 0, $"{when}: files outside the shard folders of objects/");
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories(root))
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                var name = Path.GetFileName(file);
                Assert.True(name.StartsWith(Path.GetFileName(dir), StringComparison.Ordinal), $"{when}: {name} in shard folder {Path.GetFileName(dir)}");
                using var stream = File.OpenRead(file);
                Assert.True(Convert.ToHexStringLower(SHA256.HashData(stream)) == name, $"{when}: object {name} does not hash to its name");
                count++;
            }
        return count;
    }
}

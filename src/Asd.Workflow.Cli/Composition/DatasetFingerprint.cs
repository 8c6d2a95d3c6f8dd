using System.IO.Enumeration;
using System.IO.Hashing;
using System.Text;
using Asd.Workflow.Audio.Dataset;

namespace Asd.Workflow.Cli.Composition;

/// <summary>
/// XXH128 over a data set's listing: the root, then every clip's (and ground-truth file's) full path, size
/// and mtime, folder by folder in a fixed order. It names a remembered snapshot; it is never an identity (the
/// identity of a clip is its SHA256). One directory read per folder (its entries carry size and mtime; no
/// FileInfo per path), and only plain loops over reference types, so a cold process spends its time in the file system rather than in the JIT.
/// </summary>
internal static class DatasetFingerprint
{
    public static string? Of(string root)
    {
        if (!Directory.Exists(root)) return null;
        var hash = new XxHash128();
        hash.Append(Encoding.UTF8.GetBytes(root + "\n"));
        Span<byte> numbers = stackalloc byte[16];
        // Folders are listed on two threads (a stat per entry is most of the cost), hashed in their fixed order.
        var folders = Folders(root);
        var listings = new List<Entry>[folders.Count];
        var second = Task.Run(() => { for (var i = 1; i < folders.Count; i += 2) listings[i] = List(folders[i]); });
        for (var i = 0; i < folders.Count; i += 2) listings[i] = List(folders[i]);
        second.Wait();
        foreach (var entries in listings)
            foreach (var entry in entries)
            {
                hash.Append(Encoding.UTF8.GetBytes(entry.Path));
                BitConverter.TryWriteBytes(numbers, entry.Size);
                BitConverter.TryWriteBytes(numbers[8..], entry.Mtime);
                hash.Append(numbers);
            }
        return "xxh128:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private static List<Entry> List(string folder)
    {
        var entries = new List<Entry>(new FileSystemEnumerable<Entry>(folder,
                (ref FileSystemEntry e) => new Entry(e.ToFullPath(), e.Length, e.LastWriteTimeUtc.UtcTicks),
                new EnumerationOptions { RecurseSubdirectories = false })
            { ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory });
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
        return entries;
    }

    private static List<string> Folders(string root)
    {
        var folders = new List<string>();
        foreach (var clips in DatasetReader.ClipDirectories(root)) folders.Add(clips.Dir);
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            foreach (var name in new[] { "ground_truth_data", "ground_truth_domain" })
                if (Directory.Exists(Path.Combine(dir.FullName, name))) folders.Add(Path.Combine(dir.FullName, name));
        return folders;
    }

    private sealed record Entry(string Path, long Size, long Mtime);
}

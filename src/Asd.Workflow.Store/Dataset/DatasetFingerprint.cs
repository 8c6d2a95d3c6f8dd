using System.IO.Enumeration;
using System.IO.Hashing;
using System.Text;
using Asd.Workflow.Audio.Dataset;
using Asd.Workflow.Core.Contracts;

namespace Asd.Workflow.Store.Dataset;

/// <summary>
/// XXH128 over a data set's listing: the root, then every clip's (and ground-truth file's) full path and
/// <see cref="FileIdentity"/> (device, inode, size, mtime, ctime), folder by folder in a fixed order. Inode and
/// ctime make an <c>mv</c> swap of two equal-size clips and a <c>cp -p</c> replacement change it. It names a
/// remembered snapshot; it is never an identity (the identity of a clip is its SHA256). One directory read per
/// folder and one statx per entry, plain loops over reference types, so a cold process spends its time in the
/// file system rather than in the JIT. Null when the folder is missing or a file's identity is incomplete
/// (no inode or ctime on this platform): then nothing may be answered from a listing.
/// </summary>
public static class DatasetFingerprint
{
    public static string? Of(string root) => Of(root, out _);

    /// <summary>
    /// The fingerprint, and the identity of every file it covers by full path (null with a null fingerprint), so
    /// that a scan that goes on to hash the data set stats each file once (<see cref="FileHasher.Known"/>).
    /// </summary>
    public static string? Of(string root, out IReadOnlyDictionary<string, FileIdentity>? identities)
    {
        identities = null;
        if (!Directory.Exists(root)) return null;
        var hash = new XxHash128();
        hash.Append(Encoding.UTF8.GetBytes(root + "\n"));
        Span<byte> numbers = stackalloc byte[40];
        // Folders are listed on two threads (a stat per entry is most of the cost), hashed in their fixed order.
        var folders = Folders(root);
        var listings = new List<Entry>?[folders.Count];
        var second = Task.Run(() => { for (var i = 1; i < folders.Count; i += 2) listings[i] = List(folders[i]); });
        for (var i = 0; i < folders.Count; i += 2) listings[i] = List(folders[i]);
        second.Wait();
        var known = new Dictionary<string, FileIdentity>(StringComparer.Ordinal);
        foreach (var entries in listings)
        {
            if (entries is null) return null;
            foreach (var entry in entries)
            {
                known[entry.Path] = entry.Identity;
                hash.Append(Encoding.UTF8.GetBytes(entry.Path));
                var id = entry.Identity;
                BitConverter.TryWriteBytes(numbers, id.Device);
                BitConverter.TryWriteBytes(numbers[8..], id.Inode);
                BitConverter.TryWriteBytes(numbers[16..], id.Size);
                BitConverter.TryWriteBytes(numbers[24..], id.MtimeNs);
                BitConverter.TryWriteBytes(numbers[32..], id.CtimeNs);
                hash.Append(numbers);
            }
        }
        identities = known;
        return "xxh128:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    /// <summary>The folder's files in ordinal order, or null when one has no complete identity.</summary>
    private static List<Entry>? List(string folder)
    {
        var paths = new List<string>(new FileSystemEnumerable<string>(folder, (ref FileSystemEntry e) => e.ToFullPath(),
                new EnumerationOptions { RecurseSubdirectories = false })
            { ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory });
        paths.Sort(string.CompareOrdinal);
        var entries = new List<Entry>(paths.Count);
        foreach (var path in paths)
        {
            if (FileIdentityReader.Read(path) is not { IsComplete: true } identity) return null;
            entries.Add(new Entry(path, identity));
        }
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

    private sealed record Entry(string Path, FileIdentity Identity);
}

using System.Security.Cryptography;
using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Core.Hashing;

namespace Asd.Workflow.Store.Objects;

/// <summary>
/// Objects at <c>objects/sha256/ab/&lt;hex&gt;</c>. Each is written to <c>tmp/</c> while hashing, fsynced, then
/// renamed into place, so an object is visible only when complete; a crash leaves at most a temp file,
/// which <see cref="RemoveTemporaryFiles"/> deletes on the next open (under the store lock).
/// </summary>
public sealed class FileSystemArtifactStore : IArtifactStore
{
    private readonly string _objects;
    private readonly string _tmp;

    public FileSystemArtifactStore(string root)
    {
        Root = Path.GetFullPath(root);
        _objects = ObjectsFolder(Root);
        _tmp = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(_objects);
        Directory.CreateDirectory(_tmp);
    }

    public string Root { get; }

    public string PathOf(Digest digest) => InFolder(_objects, digest);

    /// <summary>Where the object <paramref name="digest"/> lives in the store at <paramref name="root"/>, without opening it.</summary>
    public static string ObjectPath(string root, Digest digest) => InFolder(ObjectsFolder(Path.GetFullPath(root)), digest);

    private static string ObjectsFolder(string root) => Path.Combine(root, "objects", "sha256");

    private static string InFolder(string objects, Digest digest) => Path.Combine(objects, digest.Hex[..2], digest.Hex);

    public int RemoveTemporaryFiles()
    {
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(_tmp)) { File.Delete(file); count++; }
        return count;
    }

    public Digest Put(ReadOnlySpan<byte> content)
    {
        var digest = Digest.Of(content);
        if (Exists(digest)) return digest;
        var temp = TempPath();
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException ex) when (DiskFull.Is(ex)) { throw Full(temp, $"object {digest}", ex); }
        Publish(temp, digest);
        return digest;
    }

    public Digest Put(Stream content)
    {
        var temp = TempPath();
        Digest digest;
        try
        {
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var buffer = new byte[1 << 20];
                int read;
                while ((read = content.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    stream.Write(buffer, 0, read);
                }
                stream.Flush(flushToDisk: true);
                digest = Digest.FromHash(hash.GetHashAndReset());
            }
        }
        catch (IOException ex) when (DiskFull.Is(ex)) { throw Full(temp, "an object", ex); }
        if (Exists(digest)) File.Delete(temp);
        else Publish(temp, digest);
        return digest;
    }

    public bool Exists(Digest digest) => File.Exists(PathOf(digest));

    public Stream Open(Digest digest)
    {
        try { return new FileStream(PathOf(digest), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16); }
        catch (FileNotFoundException) { throw Missing(digest); }
        catch (DirectoryNotFoundException) { throw Missing(digest); }
    }

    public byte[] ReadAll(Digest digest)
    {
        try { return File.ReadAllBytes(PathOf(digest)); }
        catch (FileNotFoundException) { throw Missing(digest); }
        catch (DirectoryNotFoundException) { throw Missing(digest); }
    }

    public long Size(Digest digest) => new FileInfo(PathOf(digest)).Length;

    public IEnumerable<Digest> List()
    {
        foreach (var dir in Directory.EnumerateDirectories(_objects))
            foreach (var file in Directory.EnumerateFiles(dir))
                if (Digest.TryParse(Path.GetFileName(file), out var digest)) yield return digest;
    }

    public void Delete(Digest digest) => File.Delete(PathOf(digest));

    private string TempPath() => Path.Combine(_tmp, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");

    private void Publish(string temp, Digest digest)
    {
        var final = PathOf(digest);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(temp, final, overwrite: true);
        }
        catch (IOException ex) when (DiskFull.Is(ex)) { throw Full(temp, $"object {digest}", ex); }
    }

    /// <summary>A full disk: the half-written temp file goes (no partial object stays behind), then one NoSpace line.</summary>
    private AsdException Full(string temp, string what, IOException error)
    {
        try { File.Delete(temp); }
        catch (IOException) { } // removed by the next open (RemoveTemporaryFiles) instead
        return DiskFull.Error($"store {Root}", what, error);
    }

    private AsdException Missing(Digest digest) =>
        AsdException.Failed($"object {digest} is missing from the store {Root} (run `asd verify` or rerun the workflow)");
}

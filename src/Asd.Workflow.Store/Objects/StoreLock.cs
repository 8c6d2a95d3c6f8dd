using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Store.Objects;

/// <summary>
/// One asd process per store at a time: an exclusive lock on <c>store/lock</c> (flock on Linux, released by
/// the kernel when a process dies). A second process waits, saying so once, and gives up after the timeout.
/// </summary>
public sealed class StoreLock : IDisposable
{
    private readonly FileStream _stream;

    private StoreLock(FileStream stream) => _stream = stream;

    public static StoreLock Acquire(string root, TimeSpan timeout, Action<string> notice)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, "lock");
        var deadline = DateTime.UtcNow + timeout;
        var told = false;
        while (true)
        {
            try
            {
                return new StoreLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                if (DateTime.UtcNow >= deadline)
                    throw AsdException.Failed($"store {root} is in use by another asd process; gave up after {timeout.TotalSeconds:0} s (retry when it has finished)");
                if (!told) { notice($"store {root} is in use by another asd process; waiting for it to finish…"); told = true; }
                Thread.Sleep(200);
            }
        }
    }

    public void Dispose() => _stream.Dispose();
}

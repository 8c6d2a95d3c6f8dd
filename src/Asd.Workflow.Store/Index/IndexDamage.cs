using Asd.Workflow.Core.Errors;
using LiteDB;

namespace Asd.Workflow.Store.Index;

/// <summary>What a damaged index file looks like from outside LiteDB, and the one line that reports it.</summary>
public static class IndexDamage
{
    /// <summary>
    /// True for what LiteDB throws on a truncated or overwritten file: its own <see cref="LiteException"/>, or any
    /// other exception raised inside LiteDB's code (garbage bytes end in casts, bounds and stream errors there).
    /// </summary>
    public static bool IsDamage(Exception ex) =>
        ex is LiteException || ex.InnerException is LiteException
        || (ex is not (OutOfMemoryException or OperationCanceledException) && ex.TargetSite?.DeclaringType?.Assembly == typeof(LiteDatabase).Assembly);

    /// <summary>"store index X is damaged (why): rebuild it from the objects with `asd store reindex --store S`".</summary>
    public static AsdException Error(string indexPath, Exception cause) => new(ErrorCode.IndexDamaged,
        $"store index {indexPath} is damaged ({cause.GetType().Name}: {FirstLine(cause.Message)}): rebuild it from the objects with " +
        $"`asd store reindex --store {Path.GetDirectoryName(Path.GetFullPath(indexPath))}`", inner: cause);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}

using Asd.Workflow.Core.Contracts;
using Asd.Workflow.Core.Errors;

namespace Asd.Workflow.Store.Index;

/// <summary>
/// Opens a store's index, repairing a damaged one: the damaged files move to <c>index.damaged-N.db</c>
/// (kept for inspection), a new index is rebuilt from the objects (see <see cref="IndexRebuilder"/>), and one
/// notice line says so. Where even that fails, the one-line <see cref="ErrorCode.IndexDamaged"/> error stands.
/// </summary>
public static class IndexRepair
{
    public static LiteDbRunIndex OpenOrRebuild(IArtifactStore store, string indexPath, Action<string> notice)
    {
        try { return LiteDbRunIndex.Open(indexPath); }
        catch (AsdException damaged) when (damaged.Code == ErrorCode.IndexDamaged)
        {
            string aside;
            IndexRebuilder.Outcome outcome;
            try
            {
                aside = IndexFiles.MoveAside(indexPath);
                outcome = IndexRebuilder.RebuildFile(store, indexPath, keepFrom: aside);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException || IndexDamage.IsDamage(ex)) { throw damaged; }
            notice($"asd: store index {indexPath} was damaged ({damaged.InnerException?.GetType().Name}); moved it to {Path.GetFileName(aside)} " +
                $"and rebuilt it from the objects: {outcome.Executions} execution record(s), kept {outcome.Runs} run(s) and {outcome.StageStates} stage state(s)");
            return LiteDbRunIndex.Open(indexPath);
        }
    }
}

using Spectre.Console;

namespace Asd.Workflow.Cli.Output;

/// <summary>A progress bar over the objects a verify re-hashes, in a terminal only (not with --json, --quiet or piped output).</summary>
internal static class VerifyProgress
{
    public static T Show<T>(bool json, Func<Action<int, int>?, T> work)
    {
        if (json || OutputSettings.Current.Quiet || Console.IsOutputRedirected) return work(null);
        try
        {
            return AnsiConsole.Progress().AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new TallyColumn(t => $"{t.Value:0}/{t.MaxValue:0} objects"), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("verify", maxValue: 1);
                    return work((done, total) => { task.MaxValue = Math.Max(1, total); task.Value = done; });
                });
        }
        finally
        {
            AnsiConsole.Cursor.Show();
        }
    }
}

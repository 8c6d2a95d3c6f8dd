using System.Runtime.InteropServices;

namespace Asd.Workflow.Cli.Output;

/// <summary>
/// Ctrl-C (SIGINT) for the whole process, installed once by <c>Main</c>. A command that stops cleanly on
/// <see cref="Token"/> (run, demo, recompute) says so with <see cref="Cooperate"/>: the first Ctrl-C then cancels
/// the token and the command ends with its one line and exit code 130. Any other command, or a second Ctrl-C,
/// ends the process at once (exit code 130 too) — after the cursor a live display hid is shown again.
/// </summary>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration _registration;
    private static volatile bool _cooperative;
    private int _signals;

    public Interrupt() => _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);

    public CancellationToken Token => _source.Token;

    /// <summary>The running command stops cleanly when <see cref="Token"/> is cancelled.</summary>
    public static void Cooperate() => _cooperative = true;

    private void Handle(PosixSignalContext context)
    {
        if (!Console.IsOutputRedirected) Console.Out.Write("\u001b[?25h"); // show the cursor whatever happens next
        if (Interlocked.Increment(ref _signals) == 1 && _cooperative)
        {
            context.Cancel = true; // keep running: the command winds down and reports
            _source.Cancel();
            return;
        }
        Console.Error.WriteLine("asd: interrupted");
    }

    public void Dispose()
    {
        _registration.Dispose();
        _source.Dispose();
    }
}

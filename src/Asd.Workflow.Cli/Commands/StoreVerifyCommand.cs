using Asd.Workflow.Cli.Output;
using System.CommandLine;
using System.Text.Json;
using Asd.Workflow.Cli.Composition;
using Asd.Workflow.Store.Objects;

namespace Asd.Workflow.Cli.Commands;

/// <summary><c>asd store verify [--repair] [--json]</c>: every object re-hashed; exit 1 when any is corrupt.</summary>
internal static class StoreVerifyCommand
{
    public static Command Create()
    {
        var store = CommonOptions.Store(); var jobs = CommonOptions.Jobs(); var json = CommonOptions.Json();
        var repair = new Option<bool>("--repair") { Description = "Quarantine corrupt objects and drop the index records that point at them" };
        var command = new Command("verify", "Re-hash every object in the store, in parallel; exit 1 when any is corrupt\n\nExample: asd store verify --repair") { store, repair, json, jobs };
        command.SetAction(result =>
        {
            using var session = AsdSession.Open(result.GetValue(store)!, Console.Error.WriteLine);
            var report = StoreVerifier.Verify(session.Store, result.GetValue(jobs));
            var repaired = result.GetValue(repair);
            var dropped = repaired ? StoreVerifier.Repair(session.Store, session.Index, report.Bad) : 0;
            if (result.GetValue(json))
                Console.WriteLine(JsonLines.Serialize(new
                {
                    objects = report.Objects, bytes = report.Bytes, repaired, dropped_records = dropped,
                    corrupt = report.Bad.Select(b => new { digest = b.Digest.ToString(), actual = b.Actual.ToString(), size = b.Size }),
                }));
            else
            {
                foreach (var b in report.Bad)
                    Console.WriteLine($"corrupt {b.Digest} ({b.Size} bytes hash to {b.Actual}){(repaired ? $"; quarantined to {Path.Combine(session.Store.QuarantineFolder, b.Digest.Hex)}" : "")}");
                var what = report.Bad.Count == 0 ? "" : repaired
                    ? $"; quarantined {report.Bad.Count}, dropped {dropped} index record(s): rerun the workflow to recompute"
                    : "; run `asd store verify --repair`, then rerun the workflow";
                Console.WriteLine($"verified {report.Objects} object(s), {report.Bytes / 1e6:0.0} MB: {report.Objects - report.Bad.Count} intact, {report.Bad.Count} corrupt{what}");
            }
            return report.Bad.Count > 0 ? 1 : 0;
        });
        return command;
    }
}

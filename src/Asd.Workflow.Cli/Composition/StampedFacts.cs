using Asd.Workflow.Core.Engine;
using Asd.Workflow.Core.Errors;
using Asd.Workflow.Models.Onnx;

namespace Asd.Workflow.Cli.Composition;

/// <summary>
/// Re-resolves a stage's environment facts for the run stamp, cheaply: the machine facts without I/O, the ONNX
/// facts without a session (<see cref="OnnxFacts.Current"/>). A fact with no cheap
/// re-resolution answers null, so the stamp does not hold and the full check decides.
/// </summary>
internal static class StampedFacts
{
    public static string? Current(string name, IReadOnlyDictionary<string, string> stageFacts)
    {
        try
        {
            return MachineFacts.Current(name) ?? OnnxFacts.Current(name, stageFacts[name], stageFacts, EncoderCatalog.IntraOpThreads);
        }
        catch (AsdException)
        {
            return null; // e.g. device cuda no longer loads: the full run reports it
        }
    }
}

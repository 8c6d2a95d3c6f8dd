using System.Reflection;
using System.Runtime.InteropServices;

namespace Asd.Workflow.Cli.Composition;

/// <summary>Software versions and the machine, as a manifest records them (no clock time).</summary>
public static class EnvironmentFacts
{
    public static IReadOnlyDictionary<string, string> Software()
    {
        var facts = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["asd"] = Version(typeof(EnvironmentFacts).Assembly),
        };
        foreach (var type in new[] { typeof(LiteDB.LiteDatabase), typeof(YamlDotNet.Core.Parser), typeof(MathNet.Numerics.Control),
                     typeof(NWaves.Signals.DiscreteSignal), typeof(NAudio.Wave.WaveFormat), typeof(System.CommandLine.RootCommand) })
            facts[type.Assembly.GetName().Name!] = Version(type.Assembly);
        facts["onnxruntime"] = Models.Onnx.ExecutionProviders.Version;
        return facts;
    }

    public static IReadOnlyDictionary<string, string> Machine() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["os"] = RuntimeInformation.OSDescription,
        ["arch"] = RuntimeInformation.OSArchitecture.ToString(),
        ["cores"] = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["host"] = Environment.MachineName,
    };

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "?";
}

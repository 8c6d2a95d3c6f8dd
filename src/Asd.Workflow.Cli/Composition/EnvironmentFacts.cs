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

    /// <summary>
    /// The manifest's provenance: the source commit the build embedded (the SDK writes the git HEAD it saw after a
    /// '+' in the informational version; "unknown" when it was built outside git) and the SHA256 of every asd
    /// assembly, each hashed from its file ("unknown" when there is none, as in a single-file build). Never fails.
    /// </summary>
    public static Core.Provenance.ManifestProvenance Provenance(Core.Activities.ActivityRegistry registry) =>
        Core.Provenance.ManifestProvenance.Of(registry, AssemblyDigest, SourceCommit(typeof(EnvironmentFacts).Assembly), typeof(EnvironmentFacts).Assembly);

    public static string? SourceCommit(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+') is [_, var commit, ..] && commit.Length > 0 ? commit : null;

    private static string AssemblyDigest(Assembly assembly)
    {
        try { return assembly.Location.Length == 0 ? Core.Provenance.ManifestProvenance.Unknown : Core.Hashing.Digest.Of(File.ReadAllBytes(assembly.Location)).ToString(); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return Core.Provenance.ManifestProvenance.Unknown; }
    }

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "?";
}

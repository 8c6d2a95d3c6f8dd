using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace Asd.Workflow.Core.Definitions.Reference;

/// <summary>
/// Reads the summaries the compiler writes to <c>&lt;assembly&gt;.xml</c> beside each assembly
/// (GenerateDocumentationFile in Directory.Build.props): the option records' <c>///</c> comments are the one
/// source of an option's meaning, for docs/workflows.md and for <c>asd schema</c>.
/// </summary>
internal static class XmlDocs
{
    private static readonly Dictionary<Assembly, IReadOnlyDictionary<string, string>> Loaded = [];

    /// <summary>The summary of a type or property as one line of plain text (code spans in backticks), or null.</summary>
    public static string? Summary(MemberInfo member)
    {
        var type = member as Type ?? member.DeclaringType!;
        var id = member is Type ? $"T:{Id(type)}" : $"P:{Id(type)}.{member.Name}";
        return Of(type.Assembly).GetValueOrDefault(id);
    }

    /// <summary>Summaries by member id; an <c>&lt;inheritdoc cref/&gt;</c> (left as is by the compiler) takes its target's summary.</summary>

    private static string Id(Type type) => type.FullName!.Replace('+', '.');

    private static IReadOnlyDictionary<string, string> Of(Assembly assembly)
    {
        lock (Loaded)
        {
            if (Loaded.TryGetValue(assembly, out var known)) return known;
            var file = Path.ChangeExtension(assembly.Location, ".xml");
            var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
            var inherited = new List<(string Name, string Cref)>();
            if (File.Exists(file))
                foreach (var member in XDocument.Load(file).Descendants("member"))
                {
                    if (member.Attribute("name")?.Value is not { } name) continue;
                    if (member.Element("summary") is { } summary) summaries[name] = Text(summary);
                    else if (member.Element("inheritdoc")?.Attribute("cref")?.Value is { } cref) inherited.Add((name, cref));
                }
            foreach (var (name, cref) in inherited)
                if (summaries.TryGetValue(cref, out var text)) summaries[name] = text;
            return Loaded[assembly] = summaries;
        }
    }

    private static string Text(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
                XElement e when e.Attribute("cref")?.Value is { } cref => $"`{MemberName(cref)}`",
                XElement e when e.Attribute("name")?.Value is { } name => $"`{name}`",
                XElement e => e.Value,
                _ => "",
            });
        return string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    // "M:Ns.Type.Method(System.Double)" → "Method": the member's name, without its namespace, type or parameters
    private static string MemberName(string cref)
    {
        var name = cref.IndexOf('(') is var open and >= 0 ? cref[..open] : cref;
        return name[(name.LastIndexOf('.') + 1)..];
    }
}

using System.Text.RegularExpressions;

namespace Asd.Workflow.Audio.Dataset;

/// <summary>
/// What a DCASE Task 2 clip name says. Dev names (2020–2026):
/// <c>section_SS_{source|target}_{train|test}_{normal|anomaly}_NNNN[_attributes].wav</c>; the 2024 variant
/// drops the split word; eval names are <c>section_SS_NNNN.wav</c> (no domain, no label). 2020–2021 names use
/// <c>id_SS</c> instead of <c>section_SS</c>.
/// </summary>
public sealed partial record DcaseFileName(string Section, string? Domain, string? Split, int? Label, int Index, string? Attributes)
{
    public static DcaseFileName? TryParse(string fileName)
    {
        var m = Pattern().Match(fileName);
        if (!m.Success) return null;
        int? label = m.Groups["label"].Success ? (m.Groups["label"].Value == "anomaly" ? 1 : 0) : null;
        return new DcaseFileName(
            m.Groups["section"].Value,
            m.Groups["domain"].Success ? m.Groups["domain"].Value : null,
            m.Groups["split"].Success ? m.Groups["split"].Value : null,
            label,
            int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture),
            m.Groups["attrs"].Success ? m.Groups["attrs"].Value : null);
    }

    [GeneratedRegex(@"^(?:section|id)_(?<section>\d{2})_(?:(?<domain>source|target)_)?(?:(?<split>train|test)_)?(?:(?<label>normal|anomaly)_)?(?<index>\d{4,8})(?:_(?<attrs>.+))?\.wav$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}

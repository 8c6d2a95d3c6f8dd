using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Asd.Workflow.Evaluation.Tests.Reports;

/// <summary>
/// The report as a reader sees it: headless Chromium lays the page out at a laptop's width, and a probe script
/// (added to a copy of the page; the report itself carries no script) writes what it measured into the DOM.
/// </summary>
public sealed class HtmlReportBrowserTests
{
    private const string Probe = """
        <script>
        addEventListener('load', () => {
          const w = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 1)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''));
          const images = [...document.images];
          document.body.setAttribute('data-probe', JSON.stringify({
            clientWidth: w, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10),
            tables: [...document.querySelectorAll('table')].map(t => t.id + ':' + t.rows.length),
            images: images.length, decoded: images.filter(i => i.complete && i.naturalWidth > 0).length,
            withoutAlt: images.filter(i => !i.alt).length,
            links: [...document.querySelectorAll('nav a')].filter(a => !document.getElementById(a.hash.slice(1))).map(a => a.hash) }));
        });
        </script>
        """;

    private sealed record ProbeResult(int ClientWidth, int ScrollWidth, string[] Wide, string[] Tables, int Images, int Decoded, int WithoutAlt, string[] Links);

    [ChromiumFact]
    public void Render_InChromium_TablesPresentNoOverflowImagesDecoded()
    {
        var dir = Path.Combine(Path.GetTempPath(), "asd-tests", $"report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "report.html");
            File.WriteAllText(file, ReportFixture.Page.Replace("</body>", Probe + "</body>", StringComparison.Ordinal));
            var dom = Chromium.DumpDom(file, 1024, 800);
            var attribute = Regex.Match(dom, "data-probe=\"([^\"]*)\"");
            Assert.True(attribute.Success, "the probe did not run; chromium printed: " + dom[..Math.Min(dom.Length, 300)]);
            var probe = JsonSerializer.Deserialize<ProbeResult>(WebUtility.HtmlDecode(attribute.Groups[1].Value), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

            var systems = ReportFixture.Systems.Length;
            Assert.Equal(
                new[] { $"summary-table:{systems + 1}", $"machine-m-fan-00:{systems + 1}", $"machine-m-valve-00:{systems + 1}", "hardest-table:5", $"candidates-table:{systems + 1}" },
                probe.Tables);
            Assert.True(probe.ScrollWidth <= probe.ClientWidth, $"the page scrolls sideways: {probe.ScrollWidth} > {probe.ClientWidth} px; too wide: {string.Join(", ", probe.Wide)}");
            Assert.Empty(probe.Wide);
            Assert.Equal(ReportFixture.Machines.Length * (1 + systems), probe.Images);
            Assert.Equal(probe.Images, probe.Decoded);
            Assert.Equal(0, probe.WithoutAlt);
            Assert.Empty(probe.Links);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

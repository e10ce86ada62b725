using System.Xml.Linq;
using Stampede.Reports;
using Stampede.Reports.Html;

namespace Stampede.Tests.Reports;

/// <summary>The chart of a campaign's counters over time: distinct findings as steps, programs executed as a line,
/// a point with a tooltip per sample, both axes labelled.</summary>
public sealed class StatisticsChartSvgTests
{
    private static readonly XNamespace Svg = HtmlDocument.Svg;

    [Test]
    public void Findings_are_steps_and_programs_a_line_over_labelled_axes()
    {
        var samples = SampleRunReports.Gate().Statistics;
        var svg = XElement.Parse(StatisticsChartSvg.Render(samples));
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(svg.WithClass("polyline", "programs").Single().Attribute("points")!.Value.Split(' '), Has.Length.EqualTo(samples.Count));
            Assert.That(svg.WithClass("path", "findings").Single().Attribute("d")!.Value, Does.StartWith("M").And.Contains(" H").And.Contains(" V"));
            Assert.That(svg.Descendants(Svg + "circle").Count(), Is.EqualTo(2 * samples.Count));
            Assert.That(texts, Does.Contain(StatisticsChartSvg.FindingsLabel).And.Contain(StatisticsChartSvg.ProgramsLabel).And.Contain("elapsed time"));
            Assert.That(texts, Does.Contain("0 min").And.Contain("5 min"), "time ticks");
            Assert.That(texts, Does.Contain("25k"), "the programs axis rounded up past its largest count, 23,400");
            Assert.That(svg.Descendants(Svg + "title").Select(t => t.Value),
                Does.Contain("at 5.2 min: 3 distinct findings, 23,400 programs, 341,800 calls, 5 worker restarts"));
        });
    }

    [Test]
    public void One_sample_is_too_few_to_draw() =>
        Assert.That(() => StatisticsChartSvg.Render([new StatisticsSample(TimeSpan.Zero, 0, 0, 0, 0)]), Throws.ArgumentException);

    [Test]
    public void A_campaign_that_found_nothing_still_has_an_axis_of_findings()
    {
        var svg = XElement.Parse(StatisticsChartSvg.Render([new StatisticsSample(TimeSpan.Zero, 0, 0, 0, 0), new StatisticsSample(TimeSpan.FromSeconds(1), 5, 9, 0, 0)]));
        Assert.That(svg.WithClass("path", "findings").Single().Attribute("d")!.Value, Does.Not.Contain("NaN").And.Not.Contain("Infinity"));
    }
}

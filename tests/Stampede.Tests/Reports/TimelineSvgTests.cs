using System.Globalization;
using System.Xml.Linq;
using Stampede.Findings;
using Stampede.Reports.Html;

namespace Stampede.Tests.Reports;

/// <summary>The picture of a failing run's timeline: a lane per thread, a bar per call, calls in flight marked, bars
/// one can see even for calls that took no time, names where they fit, and a time axis.</summary>
public sealed class TimelineSvgTests
{
    private static readonly XNamespace Svg = HtmlDocument.Svg;

    private static XElement Render(IReadOnlyList<ThreadTimeline> timeline) => XElement.Parse(TimelineSvg.Render(timeline, "f1"));

    private static double Number(XElement e, string attribute) => double.Parse((string)e.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static XElement[] Lanes(XElement svg) => svg.WithClass("g", "lane").ToArray();

    [Test]
    public void There_is_one_lane_per_thread_and_one_bar_per_call()
    {
        var timeline = SampleRunReports.Crash().Timeline;
        var lanes = Lanes(Render(timeline));
        Assert.Multiple(() =>
        {
            Assert.That(lanes.Select(l => (string?)l.Attribute("data-thread")), Is.EqualTo(new[] { "setup", "t0", "t1" }));
            Assert.That(lanes.Select(l => l.Descendants(Svg + "rect").Count()), Is.EqualTo(timeline.Select(t => t.Calls.Count)));
            Assert.That(lanes.Select(l => l.WithClass("g", "call").Count()), Is.EqualTo(new[] { 1, 3, 2 }));
            Assert.That(lanes.Select(l => l.WithClass("text", "thread").Single().Value), Is.EqualTo(new[] { "setup", "t0", "t1" }));
        });
    }

    [Test]
    public void A_call_that_never_returned_is_marked_in_flight_and_drawn_to_the_end_of_the_run()
    {
        var svg = Render(SampleRunReports.Crash().Timeline);
        var inFlight = svg.WithClass("g", TimelineSvg.InFlightClass).ToArray();
        double Right(XElement rect) => Number(rect, "x") + Number(rect, "width");
        Assert.Multiple(() =>
        {
            Assert.That(inFlight, Has.Length.EqualTo(1));
            Assert.That(inFlight[0].Element(Svg + "title")!.Value, Is.EqualTo($"t0 #2 kv_get: started at 86 µs, {TimelineSvg.InFlightText}"));
            var rect = inFlight[0].Element(Svg + "rect")!;
            Assert.That((string?)rect.Attribute("fill"), Does.StartWith("url(#f1-hatch)"), "hatched");
            Assert.That((string?)rect.Attribute("stroke"), Is.EqualTo("#c62828"), "outlined in red");
            var returned = svg.WithClass("g", "call").Where(c => !c.HasClass(TimelineSvg.InFlightClass)).Select(c => Right(c.Element(Svg + "rect")!));
            Assert.That(Right(rect), Is.GreaterThan(returned.Max()), "it goes on past the end of the run (t1's last call returned at 131 µs)");
            Assert.That(svg.Descendants(Svg + "pattern").Single().Attribute("id")!.Value, Is.EqualTo("f1-hatch"));
        });
    }

    [Test]
    public void A_call_in_flight_that_started_last_is_still_a_long_bar()
    {
        var svg = Render(SampleRunReports.Hang().Timeline);
        var widths = svg.WithClass("g", TimelineSvg.InFlightClass).Select(g => Number(g.Element(Svg + "rect")!, "width")).ToArray();
        Assert.That(widths, Has.Length.EqualTo(2).And.All.GreaterThanOrEqualTo(40), "t1's transfer started at the run's last moment");
    }

    [Test]
    public void A_call_with_no_end_is_in_flight_even_when_the_thread_names_no_call()
    {
        var svg = Render([new ThreadTimeline("t0", [new TimedCall("f", 0, 5, "0"), new TimedCall("g", 6, null, null)], InFlight: null)]);
        Assert.That(svg.WithClass("g", TimelineSvg.InFlightClass).Select(g => g.Element(Svg + "title")!.Value),
            Is.EqualTo(new[] { $"t0 #1 g: started at 6 µs, {TimelineSvg.InFlightText}" }));
    }

    [Test]
    public void Calls_that_took_no_time_still_have_visible_bars()
    {
        var svg = Render(
        [
            new ThreadTimeline("t0", [new TimedCall("a", 0, 0, "0"), new TimedCall("b", 0, 0, "0")], null),
            new ThreadTimeline("t1", [new TimedCall("c", 0, 0, "0")], null),
        ]);
        var widths = svg.Descendants(Svg + "rect").Where(r => r.Parent!.HasClass("call")).Select(r => Number(r, "width")).ToArray();
        Assert.That(widths, Has.Length.EqualTo(3).And.All.GreaterThanOrEqualTo(3));
    }

    [Test]
    public void The_name_is_on_a_bar_where_it_fits_and_in_its_tooltip_always()
    {
        var longName = "a_function_with_a_name_far_too_long_for_its_short_bar";
        var svg = Render(
        [
            new ThreadTimeline("t0", [new TimedCall("kv_put", 0, 500, "KV_OK"), new TimedCall(longName, 500, 510, "0")], null),
        ]);
        var calls = svg.WithClass("g", "call").ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(calls[0].Element(Svg + "text")!.Value, Is.EqualTo("kv_put"));
            Assert.That(calls[0].Element(Svg + "title")!.Value, Is.EqualTo("t0 #0 kv_put: 0–500 µs (500 µs), returned KV_OK"));
            Assert.That(calls[1].Element(Svg + "text")?.Value, Is.Null.Or.Length.LessThan(longName.Length), "no room for the whole name");
            Assert.That(calls[1].Element(Svg + "title")!.Value, Does.Contain(longName));
            Assert.That(calls[1].Elements().First().Name, Is.EqualTo(Svg + "title"), "the title comes first, so it is the group's tooltip");
        });
    }

    [Test]
    public void The_time_axis_is_labelled_in_microseconds_for_short_runs_and_milliseconds_for_longer_ones()
    {
        string[] Labels(long end) => Render([new ThreadTimeline("t0", [new TimedCall("f", 0, end, "0")], null)])
            .WithClass("g", "axis").Single().Elements(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(Labels(4), Is.EqualTo(new[] { "0 µs", "1 µs", "2 µs", "3 µs", "4 µs" }), "no tick between two microseconds");
            Assert.That(Labels(131), Is.EqualTo(new[] { "0 µs", "20 µs", "40 µs", "60 µs", "80 µs", "100 µs", "120 µs" }));
            Assert.That(Labels(5_000), Is.EqualTo(new[] { "0 ms", "0.5 ms", "1 ms", "1.5 ms", "2 ms", "2.5 ms", "3 ms", "3.5 ms", "4 ms", "4.5 ms", "5 ms" }));
        });
    }
}

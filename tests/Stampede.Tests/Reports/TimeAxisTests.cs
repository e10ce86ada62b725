using Stampede.Reports.Html;

namespace Stampede.Tests.Reports;

/// <summary>Axis ticks people read at a glance: 1, 2 or 5 of a power of ten apart, in the unit that keeps labels short.</summary>
public sealed class TimeAxisTests
{
    [TestCase(0.3, 0.5)]
    [TestCase(1, 1)]
    [TestCase(1.2, 2)]
    [TestCase(3, 5)]
    [TestCase(7, 10)]
    [TestCase(130, 200)]
    [TestCase(0, 1)]
    public void A_step_is_one_two_or_five_times_a_power_of_ten(double rough, double step) =>
        Assert.That(NiceStep.Above(rough), Is.EqualTo(step).Within(1e-9));

    [TestCase(1L, "µs", "1 µs")]
    [TestCase(60L, "µs", "60 µs")]
    [TestCase(1_999L, "µs", "1800 µs")]
    [TestCase(2_000L, "ms", "2 ms")]
    [TestCase(312_000_000L, "min", "5 min")]
    public void The_unit_is_the_largest_one_the_axis_spans_twice(long endMicros, string unit, string lastLabel)
    {
        var axis = TimeAxis.For(endMicros, maxTicks: 10);
        Assert.Multiple(() =>
        {
            Assert.That(axis.Unit, Is.EqualTo(unit));
            Assert.That(axis.Label(axis.TicksMicros[^1]), Is.EqualTo(lastLabel));
            Assert.That(axis.TicksMicros[0], Is.Zero);
            Assert.That(axis.TicksMicros[^1], Is.LessThanOrEqualTo(endMicros));
        });
    }
}

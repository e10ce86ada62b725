using Stampede.Oracles.Process;

namespace Stampede.Tests.Oracles;

/// <summary>A frame's name that holds a symbolizer's unknown (<c>??</c>), whoever gave it (crash report, gdb,
/// llvm-symbolizer), is no name: the crash oracle then signs by the call in flight or the module, never by <c>??</c>
/// (the 30-minute <c>signatures</c> self-fuzz run signed <c>crash:SIGSEGV:ullory&lt;??:0:0G: …</c>).</summary>
public class UnknownFrameTests
{
    [TestCase("??")]
    [TestCase("??:0:0")]
    [TestCase("??:0:0G: Th\"is_managed@r")]
    [TestCase("x??")]
    public void A_name_holding_the_unknown_is_no_name(string name)
    {
        var frame = new CapturedFrame("libkvstore.so", 0x10, name, name + ":1", Managed: false);
        Assert.That((frame.Function, frame.Location), Is.EqualTo(((string?)null, (string?)null)));
    }

    [Test]
    public void A_known_name_stays()
    {
        var frame = new CapturedFrame("libkvstore.so", 0x10, "kv_put", "kvstore.c:12:3", Managed: false);
        Assert.That((frame.Function, frame.Location), Is.EqualTo(("kv_put", "kvstore.c:12:3")));
    }
}

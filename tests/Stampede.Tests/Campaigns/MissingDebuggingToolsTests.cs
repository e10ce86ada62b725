using Stampede.Campaigns.Supervision;
using Stampede.Oracles.Process;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// llvm-symbolizer and gdb only add names and lines to what a dead or hung worker left: on a machine without them (setup
/// not run, a minimal container), the finding must still be recorded, never lost to an exception of the supervisor.
/// </summary>
[TestFixture]
public class MissingDebuggingToolsTests
{
    const string Missing = "stampede-no-such-tool";

    [Test]
    public void Without_llvm_symbolizer_frames_keep_the_names_the_crash_report_gave()
    {
        CapturedFrame[] frames = [new("libkvstore.so", 0x1234, "kv_put", null, Managed: false, ReturnAddress: true)];
        var symbolizer = new Symbolizer(new Dictionary<string, string> { ["libkvstore.so"] = "/nonexistent/libkvstore.so" }, Missing);

        Assert.That(symbolizer.Symbolize(frames), Is.EqualTo(frames));
    }

    [Test]
    public void Without_gdb_a_hung_workers_stacks_are_empty()
    {
        Assert.That(NativeStacks.Capture(Environment.ProcessId, TimeSpan.FromSeconds(5), tool: Missing), Is.Empty);
    }
}

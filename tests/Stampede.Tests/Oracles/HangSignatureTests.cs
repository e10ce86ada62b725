using Stampede.Oracles.Process;

namespace Stampede.Tests.Oracles;

/// <summary>A hang is signed by the calls that did not return. Threads between calls were waiting for them, and where
/// they waited varies from run to run: naming them once split one zero-code zlib hang (crc32_combine given a negative
/// length loops for ever) into several findings, and kept its one-thread rerun from matching.</summary>
public sealed class HangSignatureTests
{
    static ThreadPlace Between(int thread) => new(thread, ThreadActivity.BetweenCalls, 1, null, []);
    static ThreadPlace In(int thread, string function) => new(thread, ThreadActivity.InCall, 1, function, []);

    static string Signed(params ThreadPlace[] places) =>
        HangOracle.Judge(new HangEvidence([.. places.Select(p => p.Thread)], places, []), []).Signature;

    [Test]
    public void Threads_waiting_between_calls_do_not_change_the_signature() =>
        Assert.That(Signed(Between(0), In(1, "crc32_combine"), Between(2)), Is.EqualTo(Signed(In(0, "crc32_combine"))).And.EqualTo("hang:crc32_combine"));

    [Test]
    public void Every_stuck_call_is_named_once_in_order() =>
        Assert.That(Signed(In(0, "ledger_post"), In(1, "ledger_balance"), In(2, "ledger_post")), Is.EqualTo("hang:ledger_balance,ledger_post"));

    [Test]
    public void A_hang_with_no_thread_in_a_call_says_so() =>
        Assert.That(Signed(Between(0), Between(1)), Is.EqualTo("hang:(between calls)"));
}

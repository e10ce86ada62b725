using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

public class ProgramTextTests
{
    private const string Kv = "# stampede program v1\nlibrary kvstore\n";

    [TestCase(Kv + "thread 0:\n")]
    [TestCase(Kv + "setup:\n  r0 = kv_open(\"shared\")\nthread 0:\n  kv_put(r0, \"k1\", \"v1\")\n  r1 = kv_open(\"mine\")\n  kv_get(r1, \"k1\", buf[64], 64)\n  kv_close(r1)\nthread 1:\n  kv_get(r0, \"k1\", buf[16], 16)\n")]
    [TestCase(Kv + "thread 0:\n  kv_strerror(KV_ETRUNC)\n  kv_strerror(-3)\n  kv_strerror(7)\nthread 1:\n  kv_errno()\n")]
    [TestCase(Kv + "thread 0:\n  r0 = kv_open(\"q\\\"uote\\\\ \\n\\r\\t \\x01\\x7f ü\")\n  kv_put(r0, null, \"\")\n")]
    [TestCase(Kv + "thread 0:\n  kv_count(null)\n  kv_get(null, \"k\", buf[0], 0)\n  kv_strerror(-9223372036854775808)\n  kv_strerror(9223372036854775807)\n")]
    [TestCase("# stampede program v1\nlibrary lab\nsetup:\n  lab_create(out r0, \"a\")\nthread 0:\n  lab_write(r0, x\"00ff10\", 3)\n  lab_write(r0, x\"\", 0)\n  lab_mask(LAB_A|LAB_C)\n  lab_scale(1.5)\n  lab_scale(-0.0)\n  lab_scale(1E+300)\n  lab_scale(nan)\n  lab_scale(inf)\n  lab_scale(-inf)\n  lab_scale(3.0)\n  lab_scale(5E-324)\nthread 1:\n  lab_stream_init(out r1)\n  lab_stream_feed(r1, \"x\")\n  lab_stream_end(r1)\n  lab_on_event(null, null)\n  lab_parse(\"12\", buf[8])\n")]
    public void PrintedTextRoundTripsExactly(string text)
    {
        var program = ProgramText.Parse(text);
        Assert.That(ProgramText.Print(program), Is.EqualTo(text));
        Assert.That(ProgramText.Parse(ProgramText.Print(program)), Is.EqualTo(program));
    }

    [Test]
    public void EditedTextWithCommentsBlankLinesAndOddSpacingReadsTheSameProgram()
    {
        const string edited = "# stampede program v1\r\n# a comment\nlibrary   kvstore\n\nsetup:\n r0=kv_open( \"s\" )\n\tthread 0:\n      kv_get(r0,\"k\",buf[8],0x8)   \n    # the end\n";
        const string canonical = Kv + "setup:\n  r0 = kv_open(\"s\")\nthread 0:\n  kv_get(r0, \"k\", buf[8], 8)\n";
        Assert.That(ProgramText.Print(ProgramText.Parse(edited)), Is.EqualTo(canonical));
    }

    [Test]
    public void RecordsCompareByContent()
    {
        var a = new ConcurrentProgram("kvstore", [], [new ProgramThread([new Call("kv_errno", [])])]);
        var b = new ConcurrentProgram("kvstore", [], [new ProgramThread([new Call("kv_errno", [])])]);
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
    }

    [TestCase("library kvstore\nthread 0:\n", 1, 1, "a program starts with '# stampede program v1'")]
    [TestCase("# stampede program v2\nlibrary kvstore\n", 1, 1, "unsupported format '# stampede program v2'")]
    [TestCase("# stampede program v1\nthread 0:\n", 2, 1, "expected 'library NAME'")]
    [TestCase("# stampede program v1\n", 2, 1, "expected 'library NAME'")]
    [TestCase(Kv + "  kv_errno()\n", 3, 3, "a call belongs under 'setup:' or 'thread N:'")]
    [TestCase(Kv + "thread 1:\n", 3, 1, "expected 'thread 0:'")]
    [TestCase(Kv + "thread 0:\nsetup:\n", 4, 1, "setup: comes once, before the threads")]
    [TestCase(Kv + "thread 0:\n  kv_errno(\n", 4, 12, "expected an argument, got the end of the line")]
    [TestCase(Kv + "thread 0:\n  kv_errno() x\n", 4, 14, "unexpected 'x' after the call")]
    [TestCase(Kv + "thread 0:\n  kv_put(r0, \"k, \"v\")\n", 4, 19, "expected ')', got 'v'")]
    [TestCase(Kv + "thread 0:\n  kv_put(r0, \"k)\n", 4, 14, "unterminated string")]
    [TestCase(Kv + "thread 0:\n  kv_put(r0, \"\\q\", \"v\")\n", 4, 15, "unknown escape")]
    [TestCase(Kv + "thread 0:\n  x = kv_open(\"a\")\n", 4, 3, "only a handle rN can be assigned, not 'x'")]
    [TestCase(Kv + "thread 0:\n  r01 = kv_open(\"a\")\n", 4, 3, "write handle r01 without leading zeros")]
    [TestCase(Kv + "thread 0:\n  kv_strerror(99999999999999999999999)\n", 4, 15, "does not fit 64 bits")]
    [TestCase(Kv + "thread 0:\n  kv_get(r0, \"k\", buf[x], 1)\n", 4, 23, "expected ']'")]
    [TestCase(Kv + "thread 0:\n  kv_get(r0, \"k\", x\"abc\", 1)\n", 4, 19, "even number of hex digits")]
    [TestCase(Kv + "thread 0:\n  kv_close(out 5)\n", 4, 16, "expected a handle after 'out'")]
    [TestCase(Kv + "thread 0:\n  kv_strerror(1.2.3)\n", 4, 15, "'1.2.3' is not a number")]
    public void SyntaxErrorsNameLineAndColumn(string text, int line, int column, string reason)
    {
        var e = Assert.Throws<ProgramTextException>(() => ProgramText.Parse(text, "p.prog"))!;
        Assert.That((e.Line, e.Column), Is.EqualTo((line, column)), e.Message);
        Assert.That(e.Reason, Does.Contain(reason));
        Assert.That(e.File, Is.EqualTo("p.prog"));
        Assert.That(e.Message, Does.StartWith($"p.prog:{line}:{column}: "));
    }

    [Test]
    public void AnErrorWithoutAFileNamesTheLine()
    {
        var e = Assert.Throws<ProgramTextException>(() => ProgramText.Parse(Kv + "thread 0:\n  kv_gett()\n", TestModels.KvStore))!;
        Assert.That(e.Message, Is.EqualTo("line 4, column 3: unknown function kv_gett"));
    }
}

public class ProgramHashTests
{
    [Test]
    public void EqualProgramsHashEqualAndADifferentArgumentChangesTheHash()
    {
        const string text = "# stampede program v1\nlibrary kvstore\nthread 0:\n  kv_strerror(KV_OK)\n";
        var a = ProgramText.Parse(text);
        var b = ProgramText.Parse(text.Replace("  kv_", "    kv_"));
        Assert.That(ProgramHash.Of(a), Is.EqualTo(ProgramHash.Of(b)).And.Length.EqualTo(16));
        Assert.That(ProgramHash.Of(ProgramText.Parse(text.Replace("KV_OK", "KV_EINVAL"))), Is.Not.EqualTo(ProgramHash.Of(a)));
    }
}

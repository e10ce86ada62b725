using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

public class ValidationTests
{
    private const string Kv = "# stampede program v1\nlibrary kvstore\n";
    private const string Lab = "# stampede program v1\nlibrary lab\n";
    private const string Obj = "# stampede program v1\nlibrary objcache\n";

    [TestCase(Kv + "setup:\n  r0 = kv_open(\"s\")\nthread 0:\n  kv_put(r0, \"k\", \"v\")\n  r1 = kv_open(\"m\")\n  kv_get(r1, \"k\", buf[64], 64)\n  kv_close(r1)\nthread 1:\n  kv_get(r0, \"k\", buf[16], 16)\n  kv_get(r0, \"k\", null, 0)\n  kv_strerror(KV_OK)\n  kv_strerror(12)\n")]
    [TestCase(Obj + "setup:\n  r0 = obj_new(\"o\")\nthread 0:\n  r1 = obj_retain(r0)\n  obj_release(r1)\nthread 1:\n  r2 = obj_retain(r0)\n  obj_release(r2)\n")]
    [TestCase(Lab + "setup:\n  lab_create(out r0, \"a\")\nthread 0:\n  lab_write(r0, x\"0102\", 2)\n  lab_mask(LAB_A|LAB_B)\n  lab_mask(0)\n  lab_scale(0.5)\n  lab_byte(255)\n  lab_byte(-1)\n  lab_parse(\"1\", buf[8])\n  lab_on_event(null, null)\n  lab_stream_init(out r1)\n  lab_stream_feed(r1, \"x\")\n  lab_stream_end(r1)\n")]
    [TestCase(Kv + "setup:\n  r0 = kv_open(\"a\")\n  kv_close(r0)\n  r1 = kv_open(\"b\")\nthread 0:\n  kv_count(r1)\n")]
    public void ValidProgramsPass(string text)
    {
        var program = ProgramText.Parse(text, TestModels.ByName(ProgramText.Parse(text).Library));
        Assert.That(ProgramValidator.Validate(program, TestModels.ByName(program.Library)), Is.Empty);
    }

    // Each rule, broken once: the program, the line and column the error points at, and the message.
    [TestCase(Kv + "thread 0:\n  kv_gett()\n", 4, 3, "unknown function kv_gett")]
    [TestCase(Lab + "thread 0:\n  lab_abort()\n", 4, 3, "lab_abort must never be called: ends the process")]
    [TestCase(Lab + "thread 0:\n  lab_pair(1)\n", 4, 3, "lab_pair cannot be dispatched: struct by value")]
    [TestCase(Kv + "thread 0:\n  kv_errno(1)\n", 4, 3, "kv_errno takes 0 argument(s), got 1")]
    [TestCase(Kv + "thread 0:\n  r0 = kv_count(null)\n", 4, 3, "kv_count returns size_t, not a handle, so it cannot be bound to r0")]
    [TestCase(Kv + "thread 0:\n  kv_put(null, 5, \"v\")\n", 4, 16, "argument 2 (key) of kv_put, a string, takes a string or null; got an integer")]
    [TestCase(Kv + "thread 0:\n  kv_get(null, \"k\", \"b\", 1)\n", 4, 21, "argument 3 (buf) of kv_get, an output buffer, takes buf[N] or null; got a string")]
    [TestCase(Kv + "thread 0:\n  kv_strerror(KV_NOPE)\n", 4, 15, "KV_NOPE is not a member of kv_status")]
    [TestCase(Kv + "thread 0:\n  kv_strerror(KV_OK|KV_EINVAL)\n", 4, 15, "kv_status is not a flags enum: pass one member")]
    [TestCase(Lab + "thread 0:\n  lab_byte(256)\n", 4, 12, "is a uint8_t; 256 does not fit it")]
    [TestCase(Lab + "thread 0:\n  lab_scale(1)\n", 4, 13, "argument 1 (factor) of lab_scale, a double, takes a float; got an integer")]
    [TestCase(Lab + "thread 0:\n  lab_create(r0, \"a\")\n", 4, 14, "argument 1 (out) of lab_create produces a lab_obj: pass out rN, got r0")]
    [TestCase(Kv + "thread 0:\n  kv_count(r5)\n  r5 = kv_open(\"a\")\n", 4, 12, "r5 used before it is produced")]
    [TestCase(Kv + "thread 0:\n  kv_count(r3)\n", 4, 12, "r3 is used but never produced")]
    [TestCase(Kv + "thread 0:\n  r0 = kv_open(\"a\")\n  r0 = kv_open(\"b\")\n", 5, 3, "r0 is produced twice (first by thread 0 call 0)")]
    [TestCase(Kv + "thread 0:\n  r0 = kv_open(\"a\")\nthread 1:\n  kv_count(r0)\n", 6, 12, "r0 is produced by thread 0 and is not visible in thread 1")]
    [TestCase(Kv + "thread 0:\n  kv_count(r0)\nthread 1:\n  r0 = kv_open(\"a\")\n", 4, 12, "r0 is produced by thread 1 and is not visible in thread 0")]
    [TestCase(Kv + "thread 0:\n  r0 = kv_open(\"a\")\n  kv_close(r0)\n  kv_count(r0)\n", 6, 12, "r0 used after kv_close destroyed it")]
    [TestCase(Kv + "setup:\n  r0 = kv_open(\"a\")\nthread 0:\n  kv_close(r0)\nthread 1:\n  kv_count(r0)\n", 6, 12, "shared handle r0 is destroyed by kv_close in thread 0 while another thread uses it; shared handles are destroyed after the threads join")]
    [TestCase(Kv + "setup:\n  r0 = kv_open(\"a\")\n  kv_close(r0)\nthread 0:\n  kv_count(r0)\n", 7, 12, "r0 used after kv_close destroyed it")]
    [TestCase(Lab + "setup:\n  lab_stream_init(out r0)\nthread 0:\n  lab_stream_feed(r0, \"x\")\n", 4, 3, "r0 is a lab_stream, which is thread-confined, so setup must not leave it to be shared")]
    [TestCase(Lab + "thread 0:\n  lab_create(out r0, \"a\")\n  lab_stream_feed(r0, \"x\")\n", 5, 19, "r0 is a lab_obj, but argument 1 (s) of lab_stream_feed takes a lab_stream")]
    [TestCase(Kv + "setup:\n  r0 = kv_open(\"a\")\nthread 0:\n  kv_get(r0, \"k\", buf[16], 17)\n", 6, 28, "length 17 does not fit buf[16] passed as buf (0 to 16)")]
    [TestCase(Kv + "setup:\n  r0 = kv_open(\"a\")\nthread 0:\n  kv_get(r0, \"k\", buf[16], -1)\n", 6, 28, "length -1 does not fit buf[16]")]
    [TestCase(Kv + "thread 0:\n  kv_get(null, \"k\", null, 4)\n", 4, 27, "length 4 does not fit null passed as buf (0 to 0)")]
    [TestCase(Lab + "thread 0:\n  lab_write(null, x\"0102\", 3)\n", 4, 28, "length 3 does not fit the 2 input bytes")]
    [TestCase("# stampede program v1\nlibrary zlib\nthread 0:\n", 2, 1, "the program is for library zlib, the model for kvstore")]
    [TestCase(Kv, 2, 1, "a program has 1 to 64 threads, this one 0")]
    public void EachBrokenRuleIsReportedAtItsPlace(string text, int line, int column, string message)
    {
        var e = Assert.Throws<ProgramTextException>(() => ProgramText.Parse(text, TestModels.ByName(Library(text))))!;
        Assert.That(e.Reason, Does.Contain(message));
        Assert.That((e.Line, e.Column), Is.EqualTo((line, column)), e.Message);
        // The same rule, through the validator directly.
        var errors = ProgramValidator.Validate(ProgramText.Parse(text), TestModels.ByName(Library(text)));
        Assert.That(errors.Select(x => x.Message), Has.Some.Contains(message));
    }

    private static string Library(string text) => text.Contains("library lab") ? "lab" : text.Contains("objcache") ? "objcache" : "kvstore";

    [Test]
    public void EnsureValidThrowsWithEveryErrorAndTheText()
    {
        var program = ProgramText.Parse(Kv + "thread 0:\n  kv_count(r1)\n  kv_gett()\n");
        var e = Assert.Throws<ProgramValidationException>(() => ProgramValidator.EnsureValid(program, TestModels.KvStore))!;
        Assert.That(e.Errors, Has.Count.EqualTo(2));
        Assert.That(e.Errors[0].ToString(), Is.EqualTo("thread 0 call 0: r1 is used but never produced"));
        Assert.That(e.ProgramText, Is.EqualTo(ProgramText.Print(program)));
    }
}

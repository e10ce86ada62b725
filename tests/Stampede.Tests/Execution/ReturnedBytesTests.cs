using Stampede.Execution.Running;
using Stampede.Harnesses;
using Stampede.Model.Programs;

namespace Stampede.Tests.Execution;

/// <summary>
/// The bytes a library hands back are shown as bytes where they are not UTF-8: decoding them with U+FFFD made a cut
/// multi-byte character and a genuine U+FFFD read the same, so different results compared equal.
/// </summary>
[TestFixture]
public class ReturnedBytesTests
{
    [Test]
    public void Invalid_utf8_in_a_result_is_shown_byte_by_byte_and_never_as_a_replacement_character()
    {
        // kv_get truncates a value to its buffer: one byte of "ÿ" (C3 BF) is C3 alone, not UTF-8.
        var harness = Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", "kvstore"));
        string program = $"""
            # stampede program v1
            library {harness.Library}
            thread 0:
              r0 = kv_open("s")
              kv_put(r0, "cut", "ÿ")
              kv_get(r0, "cut", buf[2], 2)
              kv_put(r0, "real", "\xff\\x81�")
              kv_get(r0, "real", buf[16], 16)
            """;
        using var target = harness.Load();
        var prepared = new PreparedProgram(ProgramText.Parse(program, harness.Model), harness.Model);
        using var executor = new SequentialExecutor(target, prepared);
        var results = executor.Run(prepared.ProgramOrder());

        Assert.That(results[2], Does.EndWith("buf=\"\\xc3\""));
        // A genuine backslash stays doubled, so a value holding the text \x81 never reads as the byte 0x81; U+FFFD is itself.
        Assert.That(results[4], Does.EndWith("buf=\"ÿ\\\\x81\ufffd\""));
    }
}

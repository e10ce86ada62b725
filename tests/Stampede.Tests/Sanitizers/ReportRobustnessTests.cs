using Stampede.Sanitizers;

namespace Stampede.Tests.Sanitizers;

/// <summary>Odd input never throws: truncated captures at every cut, lines shuffled in, garbage, and lone fragments.</summary>
[TestFixture]
public class ReportRobustnessTests
{
    static void ParseAndSign(string text)
    {
        foreach (var report in SanitizerReport.Parse(text))
        {
            _ = SanitizerSignature.Of(report, "libtextkit.so");
            _ = report.Stacks().Count();
            _ = ManagedFrames.Annotate(report, PerfMap.Parse("0x0 ffffffffffffffff everything"));
        }
    }

    [TestCaseSource(typeof(Fixtures), nameof(Fixtures.ReportFiles))]
    public void Every_truncation_of_a_capture_parses(string fixture)
    {
        string text = Fixtures.Read(fixture);
        Assert.DoesNotThrow(() =>
        {
            for (int cut = 0; cut < text.Length; cut += 7) ParseAndSign(text[..cut]);
        });
    }

    [TestCaseSource(typeof(Fixtures), nameof(Fixtures.ReportFiles))]
    public void Lines_dropped_duplicated_and_garbled_still_parse(string fixture)
    {
        string[] lines = Fixtures.Read(fixture).Split('\n');
        var random = new Random(fixture.Length);
        Assert.DoesNotThrow(() =>
        {
            for (int round = 0; round < 200; round++)
            {
                var mutated = new List<string>();
                foreach (string line in lines)
                {
                    int dice = random.Next(10);
                    if (dice == 0) continue;
                    if (dice == 1) mutated.Add(line);
                    if (dice == 2 && line.Length > 0) { mutated.Add(line[..random.Next(line.Length)]); continue; }
                    if (dice == 3)
                    {
                        var bytes = new char[random.Next(60)];
                        for (int i = 0; i < bytes.Length; i++) bytes[i] = (char)random.Next(1, 0x250);
                        mutated.Add(new string(bytes));
                    }
                    mutated.Add(line);
                }
                ParseAndSign(string.Join('\n', mutated));
            }
        });
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("\n\n\n")]
    [TestCase("WARNING: ThreadSanitizer:")]
    [TestCase("WARNING: ThreadSanitizer: data race (pid=")]
    [TestCase("==1==ERROR: AddressSanitizer: heap-use-after-free on address\nREAD of size 99999999999999999999 at 0x1 thread T1\n    #0")]
    [TestCase("    #0 0x1 in f file.c:1:1\n    #1 0xzz\n    #99999999999 x")]
    [TestCase("WARNING: ThreadSanitizer: data race\n  Write of size 1 at 0x1 by thread T1:\n    #0 (((((\n    #1 )))) (\n    #2 0x in  (+0x) (BuildId:)\n")]
    [TestCase("WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock)\n  Cycle in lock order graph: M0 (0x1) => M0\n  Mutex M0 previously acquired by the same thread here:\n")]
    [TestCase("x.c:1:1: runtime error: \nSUMMARY: UndefinedBehaviorSanitizer: undefined-behavior x.c:1:1")]
    [TestCase("SUMMARY: ThreadSanitizer: data race\n==================\n")]
    public void Fragments_do_not_throw(string? text) => Assert.DoesNotThrow(() => ParseAndSign(text!));

    [Test]
    public void A_headline_alone_is_a_report_with_no_stacks()
    {
        var r = SanitizerReport.Parse("noise\nWARNING: ThreadSanitizer: data race (pid=7)\n").Single();
        Assert.Multiple(() =>
        {
            Assert.That((r.Kind, r.Pid, r.Accesses.Count), Is.EqualTo((ReportKinds.DataRace, (int?)7, 0)));
            Assert.That(SanitizerSignature.Of(r, "libx.so"), Is.EqualTo("sanitizer:data-race:"));
        });
    }

    [Test]
    public void Output_without_reports_gives_none() =>
        Assert.That(SanitizerReport.Parse("@stampede {\"ready\":true}\nhello\n#0 not a report\nSUMMARY: nothing\n"), Is.Empty);

    [Test]
    public void An_unknown_section_is_kept_as_raw_text()
    {
        var r = SanitizerReport.Parse("WARNING: ThreadSanitizer: data race (pid=1)\n  Something new in clang 25:\n    #0 0x1 f a.c:1:1\n" +
                                      "SUMMARY: ThreadSanitizer: data race a.c:1:1 in f\n==================\n").Single();
        Assert.That(r.OtherSections, Is.EqualTo(new[] { "  Something new in clang 25:\n    #0 0x1 f a.c:1:1" }));
    }
}

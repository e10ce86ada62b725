using Stampede.Harnesses;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Learning;

/// <summary>
/// A harness over the C library's time formatting, made by <c>stampede new</c> as a user makes one: <c>gmtime_r</c> (its
/// <c>tmbuf</c> made a buffer the call fills by the config, so it produces the <c>struct tm</c> the others take, of at
/// least its 56 bytes: learning that bound by bisection through crashes took 100 s of the default test run, and the
/// learning test is about <c>asctime_r</c>),
/// <c>asctime_r</c> (26 bytes into <c>buf</c>, per its manual), <c>asctime</c>, and <c>strcmp</c> (neither string may be null). Its stampede.json also keeps calling
/// <c>asctime</c> whatever is learned, and gives <c>gmtime_r</c>'s <c>timep</c> a domain of its own. Made once per test
/// run (compiling a harness takes seconds), removed after the fixtures of this namespace.
/// </summary>
[SetUpFixture]
public sealed class TimeHarness
{
    const string Header = """
        struct tm {
          int tm_sec; int tm_min; int tm_hour; int tm_mday; int tm_mon; int tm_year; int tm_wday; int tm_yday; int tm_isdst;
          long tm_gmtoff; const char *tm_zone;
        };
        typedef long time_t;
        struct tm *gmtime_r(const time_t *timep, struct tm *tmbuf);
        char *asctime_r(const struct tm *tm, char *buf);
        char *asctime(const struct tm *tm);
        int strcmp(const char *a, const char *b);

        """; // as glibc's time.h declares them, struct tm as on x86-64

    const string Config = """
        {
          "functions": { "gmtime_r": { "parameters": { "tmbuf": { "role": "pointer", "domain": { "minSize": 56 } }, "timep": { "domain": {} } } } },
          "keepCalling": { "asctime": "reviewed: it only reads its argument" }
        }

        """;

    static readonly Lazy<string> Made = new(Make);

    /// <summary>The harness's directory.</summary>
    public static string Directory => Made.Value;

    static string Make()
    {
        string dir = System.IO.Directory.CreateTempSubdirectory("stampede-time-harness-").FullName;
        File.WriteAllText(Path.Combine(dir, "time.h"), Header);
        System.IO.Directory.CreateDirectory(Path.Combine(dir, "harness"));
        File.WriteAllText(Path.Combine(dir, "harness", HarnessConfig.FileName), Config);
        var made = CliProcess.Run(dir, "new", "--header", "time.h", "--lib", "libc.so.6", "--out", "harness");
        Assert.That(made.ExitCode, Is.EqualTo(0), made.Error);
        return Path.Combine(dir, "harness");
    }

    [OneTimeTearDown]
    public void Delete()
    {
        if (Made.IsValueCreated) System.IO.Directory.Delete(Path.GetDirectoryName(Made.Value)!, recursive: true);
    }
}

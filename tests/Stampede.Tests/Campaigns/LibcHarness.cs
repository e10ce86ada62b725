using Stampede.Harnesses;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Campaigns;

/// <summary>
/// A harness over a few functions of the C library — <c>creat</c> (a file from a string), <c>usleep</c> (a call that
/// takes as long as asked) and <c>ctime_r</c> (26 bytes into its <c>buf</c>, whatever its size) — made by <c>stampede new</c> from a header the tests write, as a user makes one: once per
/// test run, since compiling a harness takes seconds; removed after the fixtures of this namespace.
/// </summary>
[SetUpFixture]
public sealed class LibcHarness
{
    const string Header = """
        int creat(const char *__file, unsigned int __mode);
        int usleep(unsigned int __useconds);
        typedef long time_t;
        char *ctime_r(const time_t *__timer, char *__buf);

        """; // as glibc's fcntl.h, unistd.h and time.h declare them

    static readonly Lazy<Harness> Made = new(Make);

    public static Harness Open() => Made.Value;

    static Harness Make()
    {
        string dir = Directory.CreateTempSubdirectory("stampede-libc-harness-").FullName;
        File.WriteAllText(Path.Combine(dir, "libc.h"), Header);
        var made = CliProcess.Run(dir, "new", "--header", "libc.h", "--lib", "libc.so.6", "--out", "harness");
        Assert.That(made.ExitCode, Is.EqualTo(0), made.Error);
        return Harness.Open(Path.Combine(dir, "harness"));
    }

    [OneTimeTearDown]
    public void Delete()
    {
        if (Made.IsValueCreated) Directory.Delete(Path.GetDirectoryName(Made.Value.Directory)!, recursive: true);
    }
}

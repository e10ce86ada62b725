using System.Runtime.InteropServices;
using Stampede.Bindgen;
using Stampede.Execution.CallLayer;

namespace Stampede.Tests.Bindgen;

/// <summary>A C parameter may be named like anything a generated wrapper's body uses (libxml2 names one `result`): the
/// bindings still compile, and the renamed parameters carry their own values, on the direct path and through an
/// attached interceptor (where the wrapper's locals live).</summary>
public sealed class GeneratedNamesTests
{
    private const string Header = """
        struct tm;
        struct tm *gmtime_r(const long *t, struct tm *result);
        char *strcpy(char *result, const char *result_);
        unsigned long strlen(const char *native);
        int abs(int Exports);
        long labs(long var);
        long long llabs(long long nint);
        int toupper(int interceptor);
        int tolower(int slot);
        int atoi(const char *BitConverter);
        """;

    private static GeneratedLibrary _libc = null!;
    private static string _temp = null!;

    [OneTimeSetUp]
    public void Generate()
    {
        _temp = Directory.CreateTempSubdirectory("stampede-names-").FullName;
        var header = Path.Combine(_temp, "names.h");
        File.WriteAllText(header, Header);
        _libc = GeneratedLibrary.Build(new BindgenOptions([header], "libc.so.6"));
    }

    [OneTimeTearDown]
    public void DeleteTemp() => Directory.Delete(_temp, recursive: true);

    private void AssertCalls()
    {
        var destination = Marshal.AllocHGlobal(16);
        using var source = new NativeString("abc");
        using var digits = new NativeString("42");
        try
        {
            Assert.Multiple(() =>
            {
                Assert.That(_libc.Call("strcpy", destination, source.Slot), Is.EqualTo((long)destination));
                Assert.That(NativeString.Read(destination), Is.EqualTo("abc"));
                Assert.That(_libc.Call("strlen", source.Slot), Is.EqualTo(3));
                Assert.That(_libc.Call("abs", -3), Is.EqualTo(3));
                Assert.That(_libc.Call("labs", -5), Is.EqualTo(5));
                Assert.That(_libc.Call("llabs", -7), Is.EqualTo(7));
                Assert.That(_libc.Call("toupper", 'a'), Is.EqualTo('A'));
                Assert.That(_libc.Call("tolower", 'B'), Is.EqualTo('b'));
                Assert.That(_libc.Call("atoi", digits.Slot), Is.EqualTo(42));
            });
        }
        finally { Marshal.FreeHGlobal(destination); }
    }

    [Test]
    public void Parameters_named_like_the_wrappers_locals_compile_and_pass_their_values() => AssertCalls();

    [Test]
    public void Through_an_interceptor_too()
    {
        var counter = new Counter();
        CallInterception.Interceptor = counter;
        try { AssertCalls(); }
        finally { CallInterception.Interceptor = null; }
        Assert.That(counter.Exits, Is.EqualTo(8));
    }

    [Test]
    public void Only_the_colliding_names_change() => Assert.That(
        _libc.Output.Bindings, Does.Contain("byte* strcpy(byte* result__, byte* result_)").And.Contain("nint labs(nint var_)")
            .And.Contain("int tolower(int slot_)").And.Contain("tm gmtime_r(nint* t, tm result_)"));

    private sealed class Counter : ICallInterceptor
    {
        public int Exits;
        public void Enter(int functionIndex, ReadOnlySpan<long> arguments) { }
        public void Exit(int functionIndex, long result) => Interlocked.Increment(ref Exits);
    }
}

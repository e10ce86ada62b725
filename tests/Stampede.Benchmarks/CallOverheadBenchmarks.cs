using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Stampede.Harnesses.Textkit;
using Stampede.Execution.CallLayer;

namespace Stampede.Benchmarks;

/// <summary>
/// <c>int tk_abi_version(void)</c> does nothing but return a constant, so the difference between these is the
/// cost of the generated wrapper (two field loads, two branches, a call through a function pointer instead of a
/// P/Invoke) and, for the last one, of an interceptor.
/// </summary>
public class CallOverheadBenchmarks
{
    [Benchmark(Baseline = true, Description = "raw P/Invoke")]
    public int RawPInvoke() => RawTextkit.tk_abi_version();

    [Benchmark(Description = "generated wrapper, nothing attached")]
    public int GeneratedWrapper() => Native.tk_abi_version();

    [GlobalSetup(Target = nameof(GeneratedWrapperWithInterceptor))]
    public void Attach() => CallInterception.Interceptor = new NoOpInterceptor();

    [GlobalCleanup(Target = nameof(GeneratedWrapperWithInterceptor))]
    public void Detach() => CallInterception.Interceptor = null;

    [Benchmark(Description = "generated wrapper, no-op interceptor attached")]
    public int GeneratedWrapperWithInterceptor() => Native.tk_abi_version();

    private sealed class NoOpInterceptor : ICallInterceptor
    {
        public void Enter(int functionIndex, ReadOnlySpan<long> arguments) { }
        public void Exit(int functionIndex, long result) { }
    }
}

/// <summary>The same function declared by hand, as a library wrapper without Stampede would.</summary>
internal static class RawTextkit
{
    /// <summary>Loads the library file the harness's bindings load, the way they load it.</summary>
    [ModuleInitializer]
    internal static void ResolveLikeTheGeneratedBindings() =>
        NativeLibrary.SetDllImportResolver(typeof(RawTextkit).Assembly, (name, _, _) =>
            name == Native.Library
                ? NativeLibraryLocator.Load(typeof(Native).Assembly, name, Dispatcher.Instance.LibraryPathRelativeToHarness)
                : 0);

    [DllImport(Native.Library, EntryPoint = "tk_abi_version", ExactSpelling = true)]
    public static extern int tk_abi_version();

    [DllImport(Native.Library, EntryPoint = "tk_format_duration_r", ExactSpelling = true)]
    public static extern int tk_format_duration_r(nint seconds, nint buf, nuint buf_len);
}

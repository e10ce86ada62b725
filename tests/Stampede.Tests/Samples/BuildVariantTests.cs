using System.Runtime.InteropServices;

namespace Stampede.Tests.Samples;

/// <summary>Every sample is built in every variant, and each variant is really instrumented.</summary>
[TestFixture]
public class BuildVariantTests
{
    [TestCase("thread", "__tsan_func_entry")]
    [TestCase("address", "__asan_report_load8")]
    [TestCase("address", "__ubsan_handle_type_mismatch_v1_abort")]
    [TestCase("schedule", "__sanitizer_cov_bool_flag_init")]
    [TestCase("plain", null)]
    public void Variant_imports_its_sanitizer_runtime(string variant, string? runtimeSymbol)
    {
        foreach (var name in SampleLibraries.Names)
        {
            var imports = NativeSymbols.Undefined(RepoPaths.SampleLibrary(name, variant));
            if (runtimeSymbol is null)
                Assert.That(imports.Where(s => s.StartsWith("__tsan") || s.StartsWith("__asan")), Is.Empty, name);
            else
                Assert.That(imports, Does.Contain(runtimeSymbol), $"{name} ({variant})");
        }
    }

    [Test]
    public unsafe void Coverage_variant_exposes_edge_counters_that_move_when_code_runs()
    {
        nint lib = NativeLibrary.Load(RepoPaths.SampleLibrary("kvstore", "coverage"));
        var counters = (delegate* unmanaged<nuint*, byte*>)NativeLibrary.GetExport(lib, "stampede_cov_counters");
        var reset = (delegate* unmanaged<void>)NativeLibrary.GetExport(lib, "stampede_cov_reset");
        var open = (delegate* unmanaged<byte*, nint>)NativeLibrary.GetExport(lib, "kv_open");
        var close = (delegate* unmanaged<nint, void>)NativeLibrary.GetExport(lib, "kv_close");

        nuint length;
        byte* edges = counters(&length);
        Assert.That(length, Is.GreaterThan((nuint)10), "one counter per instrumented edge");
        reset();
        Assert.That(new ReadOnlySpan<byte>(edges, (int)length).ToArray().Sum(b => b), Is.Zero);

        byte[] name = "cov\0"u8.ToArray();
        fixed (byte* n = name) close(open(n));
        int hit = new ReadOnlySpan<byte>(edges, (int)length).ToArray().Count(b => b != 0);
        Assert.That(hit, Is.GreaterThan(2), "kv_open and kv_close ran instrumented edges");
    }
}

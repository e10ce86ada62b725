using System.Reflection;
using System.Runtime.InteropServices;
using Stampede.Bindgen;
using Stampede.Harnesses;
using Stampede.Execution.CallLayer;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

/// <summary>Bindings generated from real headers, compiled in memory and loaded: tests call the library through them.</summary>
internal sealed class GeneratedLibrary
{
    public required BindingGenerator.Output Output { get; init; }
    public required Assembly Assembly { get; init; }
    public required string Namespace { get; init; }
    public ApiModel Model => Output.Plan.Model;
    public INativeDispatcher Dispatcher => BindingCompiler.Dispatcher(Assembly);

    /// <summary>Generates and compiles; <paramref name="probe"/> is extra C# (in the bindings' namespace) that uses the typed API.</summary>
    public static GeneratedLibrary Build(BindgenOptions options, string? probe = null)
    {
        var ns = "Generated." + options.Library.Replace(".", "_").Replace("/", "_").Replace("-", "_") + "_" + Guid.NewGuid().ToString("N")[..8];
        options = options with { Namespace = ns };
        var output = BindingGenerator.Generate(options);
        var extra = probe is null ? [] : new[] { $"namespace {ns};\n{probe}" };
        var assembly = BindingCompiler.CompileAndLoad(ns, output.Bindings, extra);
        return new GeneratedLibrary { Output = output, Assembly = assembly, Namespace = ns };
    }

    public ApiFunction Function(string name) =>
        Model.Function(name) ?? throw new AssertionException($"{name} is not bound");

    public long Call(string function, params long[] args) => Dispatcher.Invoke(Function(function).Index, args);

    public Type Type(string name) =>
        Assembly.GetType($"{Namespace}.{name}") ?? throw new AssertionException($"type {name} was not generated");

    /// <summary>Calls a static method of the probe code.</summary>
    public object? Probe(string type, string method, params object?[] args) =>
        Type(type).GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, args);

    public static int SizeOf(Type t) =>
        (int)typeof(System.Runtime.CompilerServices.Unsafe).GetMethod("SizeOf")!.MakeGenericMethod(t).Invoke(null, null)!;
}

/// <summary>A NUL-terminated UTF-8 copy of a string in native memory, as a slot.</summary>
internal sealed class NativeString(string value) : IDisposable
{
    public nint Pointer { get; } = Marshal.StringToCoTaskMemUTF8(value);
    public long Slot => Pointer;
    public void Dispose() => Marshal.FreeCoTaskMem(Pointer);
    public static string? Read(long slot) => Marshal.PtrToStringUTF8((nint)slot);
}

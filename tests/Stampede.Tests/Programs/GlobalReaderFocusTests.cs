using Stampede.Bindgen;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

/// <summary>
/// Hidden global state shows only through a call that reads it. cJSON's error position is read by
/// cJSON_GetErrorPtr(void), one of 78 functions: picked uniformly, it was in two threads of one program in twenty, so a
/// 90 s campaign rarely paired a failing parse in one thread with the read in another. Readers of global state (no
/// parameters, a value returned) are made focus functions of one program in three.
/// </summary>
public sealed class GlobalReaderFocusTests
{
    private static ApiModel _cjson = null!;

    [OneTimeSetUp]
    public void Infer() => _cjson = BindingGenerator.Plan(new BindgenOptions(["/usr/include/cjson/cJSON.h"], "cjson")).Model;

    [Test]
    public void ReadersOfGlobalStateAreFunctionsWithoutParametersThatReturnAValue()
    {
        var readers = _cjson.Functions.Where(ProgramGenerator.IsGlobalReader).Select(f => f.Name);
        Assert.That(readers, Is.EquivalentTo(new[] { "cJSON_Version", "cJSON_GetErrorPtr" }), "cJSON_CreateNull() and the like make handles: producers, not readers");
    }

    /// <summary>Programs that call cJSON_GetErrorPtr in two or more threads, out of 600: at least one in ten, and at
    /// least twice as many as when readers are not favoured.</summary>
    [Test]
    public void ProgramsOftenReadTheErrorSlotFromSeveralThreads()
    {
        double Rate(GenerationOptions options)
        {
            var generator = new ProgramGenerator(_cjson, options);
            var hits = Enumerable.Range(0, 600).Count(seed =>
                generator.Generate(seed).Threads.Count(t => t.Calls.Any(c => c.Function == "cJSON_GetErrorPtr")) >= 2);
            return hits / 600.0;
        }
        var favoured = Rate(GenerationOptions.Default);
        var uniform = Rate(GenerationOptions.Default with { GlobalReaderFocusOneIn = 0 });
        TestContext.Out.WriteLine($"GetErrorPtr in 2+ threads: {favoured:P1} favoured, {uniform:P1} uniform");
        Assert.That(favoured, Is.GreaterThanOrEqualTo(0.10));
        Assert.That(favoured, Is.GreaterThanOrEqualTo(2 * uniform));
    }
}

using Stampede.SelfFuzz;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.SelfFuzz;

/// <summary>
/// Inputs the self-fuzz targets found (or that issue 15 names) that broke a contract of code owned elsewhere, one file
/// each under <c>Found/TARGET/</c> (docs/self-fuzzing.md says what each broke). Each test asserts what must hold once
/// its bug is fixed, so it FAILS until then: the category <see cref="AwaitingFix"/> marks them, until every input of
/// the target keeps its contract and the target is named in <see cref="Fixed"/>, so that CI runs its inputs.
/// </summary>
public class KnownBrokenInputTests
{
    public const string AwaitingFix = "AwaitingFix";

    /// <summary>The targets whose found inputs all keep their contracts now: regular tests.</summary>
    private static readonly string[] Fixed = ["evidence", "signatures", "markdown"];

    private static string Found => Path.Combine(RepoPaths.Root, "tests", "Stampede.Tests", "SelfFuzz", "Found");

    private static IEnumerable<TestCaseData> Inputs() =>
        Directory.GetFiles(Found, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(file =>
        {
            var target = Path.GetFileName(Path.GetDirectoryName(file))!;
            var input = new TestCaseData(target, Path.GetFileName(file)).SetName($"{{m}}({target}/{Path.GetFileName(file)})");
            return Fixed.Contains(target) ? input : input.SetCategory(AwaitingFix);
        });

    [TestCaseSource(nameof(Inputs))]
    public void KeepsTheContractOnceFixed(string target, string name)
    {
        var fuzzed = SelfFuzzTargets.Create(target, SampleModels.Bundled);
        try
        {
            Assert.DoesNotThrow(() => fuzzed.Run(File.ReadAllBytes(Path.Combine(Found, target, name))));
        }
        finally { (fuzzed as IDisposable)?.Dispose(); }
    }
}

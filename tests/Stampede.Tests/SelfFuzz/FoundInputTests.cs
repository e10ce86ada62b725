using Stampede.SelfFuzz;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.SelfFuzz;

/// <summary>
/// Inputs the self-fuzz targets found (or that issue 15 names) that broke a contract, one file each under
/// <c>Found/TARGET/</c> (docs/self-fuzzing.md says what each broke and how it was fixed): each must keep its target's
/// contract now, so that the bug it found stays fixed.
/// </summary>
public class FoundInputTests
{
    private static string Found => Path.Combine(RepoPaths.Root, "tests", "Stampede.Tests", "SelfFuzz", "Found");

    private static IEnumerable<TestCaseData> Inputs() =>
        Directory.GetFiles(Found, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(file =>
        {
            var target = Path.GetFileName(Path.GetDirectoryName(file))!;
            return new TestCaseData(target, Path.GetFileName(file)).SetName($"{{m}}({target}/{Path.GetFileName(file)})");
        });

    [TestCaseSource(nameof(Inputs))]
    public void KeepsTheContract(string target, string name)
    {
        var fuzzed = SelfFuzzTargets.Create(target, SampleModels.Bundled);
        try
        {
            Assert.DoesNotThrow(() => fuzzed.Run(File.ReadAllBytes(Path.Combine(Found, target, name))));
        }
        finally { (fuzzed as IDisposable)?.Dispose(); }
    }
}

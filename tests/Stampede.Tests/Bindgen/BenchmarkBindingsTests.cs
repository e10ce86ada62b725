namespace Stampede.Tests.Bindgen;

/// <summary>The benchmark project carries bindings generated from the textkit sample; they must be what bindgen generates today.</summary>
public sealed class BenchmarkBindingsTests
{
    [Test]
    public void CheckedInBenchmarkBindingsAreUpToDate()
    {
        // Same depth below the repository as tests/Stampede.Benchmarks/Generated, so the relative library path is the same.
        var scratch = Path.Combine("TestResults", "bindgen-check", Guid.NewGuid().ToString("N")); // git-ignored
        var checkedIn = Path.Combine(RepositoryPaths.Root, "tests", "Stampede.Benchmarks", "Generated");
        try
        {
            var r = CliProcess.Run(RepositoryPaths.Root, "bindgen", "-H", "native/samples/textkit/textkit.h",
                "-l", "build/native/plain/lib/libtextkit.so", "--prefix", "tk_", "--namespace", "Stampede.Benchmarks.Textkit", "-o", scratch);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
            foreach (var file in new[] { "Bindings.g.cs", "api.json" })
                Assert.That(File.ReadAllText(Path.Combine(RepositoryPaths.Root, scratch, file)), Is.EqualTo(File.ReadAllText(Path.Combine(checkedIn, file))),
                    $"{file} is stale: regenerate with the command in tests/Stampede.Benchmarks/Generated/README.md");
        }
        finally { Directory.Delete(Path.Combine(RepositoryPaths.Root, "TestResults", "bindgen-check"), recursive: true); }
    }
}

namespace Stampede.Tests.Bindgen;

/// <summary>The sample harnesses in harnesses/ (used by the engine's tests, the demo and the benchmarks) must be
/// what bindgen generates today.</summary>
public sealed class SampleHarnessesTests
{
    [TestCase("textkit", "Textkit")]
    [TestCase("kvstore", "Kvstore")]
    [TestCase("objcache", "Objcache")]
    [TestCase("svcconf", "Svcconf")]
    public void Checked_in_sample_harness_is_up_to_date(string library, string pascal)
    {
        // Same depth below the repository as harnesses/<library>, so the relative library path is the same.
        var scratch = Path.Combine("TestResults", Guid.NewGuid().ToString("N")); // git-ignored
        try
        {
            var r = CliProcess.Run(RepositoryPaths.Root, "bindgen", "-H", $"native/samples/{library}/{library}.h",
                "-l", $"build/native/plain/lib/lib{library}.so", "-c", $"harnesses/{library}/stampede.json",
                "--namespace", $"Stampede.Harnesses.{pascal}", "-o", scratch);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
            foreach (var file in new[] { "Bindings.g.cs", "api.json" })
                Assert.That(File.ReadAllText(Path.Combine(RepositoryPaths.Root, scratch, file)),
                    Is.EqualTo(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "harnesses", library, file))),
                    $"harnesses/{library}/{file} is stale: regenerate with ./stampede new -H native/samples/{library}/{library}.h " +
                    $"-l build/native/plain/lib/lib{library}.so");
        }
        finally { Directory.Delete(Path.Combine(RepositoryPaths.Root, scratch), recursive: true); }
    }
}

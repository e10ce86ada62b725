using Stampede.Campaigns;
using Stampede.Findings;
using Stampede.Harnesses;
using Stampede.Tests.Bindgen;
using Stampede.Tests.Harnesses;

namespace Stampede.Tests.Campaigns;

/// <summary>A harness's corpus folder is named after the library it tests, not after the harness directory: two
/// harnesses whose directories are both named kvstore keep their findings apart, and the samples' folders stay.</summary>
public sealed class CorpusNameTests
{
    [TestCase("textkit")]
    [TestCase("kvstore")]
    [TestCase("objcache")]
    [TestCase("svcconf")]
    public void A_sample_harness_keeps_its_corpus_folder(string library) =>
        Assert.That(DefaultPlaces.CorpusName(Harness.Open(Path.Combine(RepoPaths.Root, "harnesses", library))), Is.EqualTo(library));

    [TestCase("libkvstore.so", "kvstore")]
    [TestCase("z", "z")]
    [TestCase("libc.so.6", "c")]
    [TestCase("lua5.4", "lua5.4")]
    [TestCase("libsolver.so.1.2", "solver")]
    [TestCase("lib", "lib")]
    public void A_library_is_named_as_the_linker_takes_it(string library, string name) =>
        Assert.That(DefaultPlaces.LibraryName(library), Is.EqualTo(name));

    [Test]
    public void Two_harnesses_named_alike_use_the_corpus_folders_of_their_libraries()
    {
        string root = Directory.CreateTempSubdirectory("stampede-corpus-name-").FullName;
        try
        {
            // The copies name their library relative to themselves, as the samples do: ../../build/native/...
            Directory.CreateSymbolicLink(Path.Combine(root, "build"), Path.Combine(RepositoryPaths.Root, "build"));
            // Both corpus folders hold a corrupt seed, so fuzz stops before running anything and names the seed it read.
            foreach (var library in new[] { "kvstore", "textkit" })
            {
                string seeds = Directory.CreateDirectory(Path.Combine(root, "corpus", library, CorpusLayout.Seeds)).FullName;
                File.WriteAllText(Path.Combine(seeds, "broken.txt"), "not a program\n");
            }
            foreach (var library in new[] { "kvstore", "textkit" })
            {
                string harness = SampleHarnessCopy.Make(library, Path.Combine(root, "of-" + library, "kvstore"));

                var r = CliProcess.Run(null, "fuzz", "--harness", harness, "--corpus", Path.Combine(root, "corpus"), "--duration", "5s");

                Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
                Assert.That(r.Error, Does.StartWith($"error: {Path.Combine(root, "corpus", library, CorpusLayout.Seeds, "broken.txt")}:"));
            }
        }
        finally { Directory.Delete(root, recursive: true); }
    }
}

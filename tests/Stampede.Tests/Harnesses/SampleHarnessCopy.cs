using Stampede.Harnesses;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Harnesses;

/// <summary>A copy of a sample harness elsewhere, with its compiled C# cache (obj/stampede), so that opening the copy,
/// in this process or in a CLI process, does not compile it again.</summary>
internal static class SampleHarnessCopy
{
    public static string Make(string library, string destination)
    {
        string sample = Path.Combine(RepositoryPaths.Root, "harnesses", library);
        Harness.Open(sample); // compiles into the sample's cache if it is not there yet
        string cache = Path.Combine("obj", "stampede");
        foreach (var directory in new[] { "", cache })
        {
            Directory.CreateDirectory(Path.Combine(destination, directory));
            foreach (var file in Directory.GetFiles(Path.Combine(sample, directory)))
                File.Copy(file, Path.Combine(destination, directory, Path.GetFileName(file)));
        }
        return destination;
    }
}

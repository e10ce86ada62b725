using Stampede.NUnit;

namespace TextKit.Tests;

/// <summary>The native library every test here calls: textkit's version 3, as the Stampede repository builds it
/// (scripts/build-native). The harness (harness/) names the same file.</summary>
[SetUpFixture]
public class Library
{
    public const string Path = "build/native/plain/versions/v3/libtextkit.so";

    [OneTimeSetUp]
    public void Load() => Text.LibraryPath = TestPaths.Find(Path);
}

using System.Diagnostics;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Campaigns;

/// <summary>A small C library written by a test, built with clang-19 into a directory, and its harness made by
/// <c>stampede new</c>: for behaviour no sample library shows deterministically (a failure on the 50,000th call, one
/// lock around everything, heap damage).</summary>
static class ClangBuiltLibrary
{
    /// <summary>Builds <c>lib{name}.so</c> from <paramref name="source"/> in <paramref name="directory"/> and makes its
    /// harness from <paramref name="header"/>; returns the harness directory. <paramref name="optimization"/>: clang's -O
    /// flag (-O0 where writes the optimizer would drop must stay).</summary>
    public static string Harness(string directory, string name, string header, string source, string optimization = "-O1")
    {
        Directory.CreateDirectory(directory);
        string headerFile = Path.Combine(directory, $"{name}.h"), sourceFile = Path.Combine(directory, $"{name}.c");
        File.WriteAllText(headerFile, header);
        File.WriteAllText(sourceFile, source);
        string library = Path.Combine(directory, $"lib{name}.so");
        using (var clang = Process.Start("clang-19", ["-shared", "-fPIC", optimization, "-w", "-o", library, sourceFile, "-lpthread"]))
        {
            clang.WaitForExit();
            Assert.That(clang.ExitCode, Is.EqualTo(0), $"clang-19 builds lib{name}.so");
        }
        string harness = Path.Combine(directory, name);
        var made = CliProcess.Run(directory, "new", "--header", headerFile, "--lib", library, "--out", harness);
        Assert.That(made.ExitCode, Is.EqualTo(0), made.Error);
        return harness;
    }
}

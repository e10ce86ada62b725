using System.Diagnostics;

namespace Stampede.Tests.Samples;

/// <summary>The contract manifest is complete and consistent with what the build exports.</summary>
[TestFixture]
public class ContractManifestTests
{
    static readonly ContractManifest Manifest = ContractManifest.Load();
    static readonly string[] Contracts = ["mt-safe", "safe-on-distinct-handles", "mt-unsafe"];

    [TestCaseSource(typeof(SampleLibraries), nameof(SampleLibraries.Names))]
    public void Manifest_lists_exactly_the_functions_the_library_exports(string library)
    {
        var exported = NativeSymbols.Defined(RepoPaths.SampleLibrary(library));
        var listed = Manifest.Libraries.Single(l => l.Name == library).Functions.Keys;
        Assert.That(listed, Is.EquivalentTo(exported));
    }

    [Test]
    public void Every_contract_is_known_and_every_unsafe_function_names_an_existing_group()
    {
        Assert.That(Manifest.SchemaVersion, Is.EqualTo(1));
        foreach (var lib in Manifest.Libraries)
        {
            Assert.That(File.Exists(Path.Combine(RepoPaths.SamplesDir, lib.Header)), lib.Header);
            foreach (var (name, fn) in lib.Functions)
            {
                Assert.That(Contracts, Does.Contain(fn.Contract), name);
                if (fn.IsSafe) { Assert.That(fn.Group, Is.Null, name); continue; }
                Assert.That(Manifest.Groups, Does.ContainKey(fn.Group!), name);
                Assert.That(Manifest.Groups[fn.Group!].Library, Is.EqualTo(lib.Name), name);
            }
        }
    }

    [Test]
    public void Every_group_has_members_a_known_failure_kind_and_each_library_has_negative_controls()
    {
        var members = Manifest.Libraries.SelectMany(l => l.Functions.Values).Select(f => f.Group).ToHashSet();
        foreach (var (name, group) in Manifest.Groups)
        {
            Assert.That(members, Does.Contain(name), $"group {name} has no function");
            Assert.That(Manifest.FailureKinds, Does.Contain(group.Failure), name);
        }
        Assert.That(Manifest.Groups.Values.Select(g => g.Failure).Distinct(),
            Is.EquivalentTo(new[] { "crash", "wrong-result", "deadlock" }), "every observable failure kind is seeded");
        foreach (var lib in Manifest.Libraries)
            Assert.That(lib.Functions.Values.Count(f => f.IsSafe), Is.GreaterThanOrEqualTo(3), lib.Name);
    }
}

/// <summary>Reads a shared object's exported functions with llvm-nm, its soname with llvm-readelf (installed by scripts/setup).</summary>
static class NativeSymbols
{
    public static string[] Defined(string library) => Nm("--defined-only", library)
        .Where(l => l.Type == "T").Select(l => l.Name).ToArray();

    public static string[] Undefined(string library) => Nm("--undefined-only", library)
        .Select(l => l.Name).ToArray();

    /// <summary>Every symbol the library exports, functions or not, as "TYPE NAME".</summary>
    public static string[] Exported(string library) => Nm("--defined-only", library)
        .Select(l => $"{l.Type} {l.Name}").ToArray();

    /// <summary>The library's DT_SONAME, or null when it has none.</summary>
    public static string? Soname(string library) => Llvm("llvm-readelf-19", "--dynamic-table", library)
        .Split('\n').Select(l => l.Split("Library soname: [")).Where(p => p.Length == 2).Select(p => p[1].TrimEnd(']', ' ')).SingleOrDefault();

    static IEnumerable<(string Type, string Name)> Nm(string filter, string library)
    {
        foreach (var line in Llvm("llvm-nm-19", "-D", filter, library).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            yield return (parts[^2], parts[^1].Split('@')[0]);
        }
    }

    /// <summary>The output of an LLVM tool run on <paramref name="library"/>, its last argument.</summary>
    static string Llvm(string tool, params string[] arguments)
    {
        string library = arguments[^1];
        Assert.That(File.Exists(library), Is.True, $"{library} is missing: run scripts/build-native");
        var psi = new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true };
        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{tool} failed on {library}");
        return output;
    }
}

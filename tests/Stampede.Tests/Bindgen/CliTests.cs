namespace Stampede.Tests.Bindgen;

/// <summary>stampede bindgen / new from the outside: exit codes, the one-line errors, reproducible output, a harness that builds.</summary>
public sealed class CliTests
{
    private string _temp = null!;

    [SetUp]
    public void CreateTemp() => _temp = Directory.CreateTempSubdirectory("stampede-cli-").FullName;

    [TearDown]
    public void DeleteTemp() => Directory.Delete(_temp, recursive: true);

    private static void AssertUsageError(CliProcess.Result r, string expected)
    {
        Assert.Multiple(() =>
        {
            Assert.That(r.ExitCode, Is.EqualTo(2), r.Error);
            Assert.That(r.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), r.Error);
            Assert.That(r.Error, Does.StartWith("error: ").And.Contain(expected));
        });
    }

    [Test]
    public void MissingHeader() =>
        AssertUsageError(CliProcess.Run(null, "bindgen", "--header", "/no/such.h", "--lib", "z", "--out", _temp), "header not found: /no/such.h");

    [Test]
    public void HeaderThatDoesNotParseShowsClangsFileAndLine()
    {
        var header = Path.Combine(_temp, "broken.h");
        File.WriteAllText(header, "int ok(void);\nint broken(int x;\n");
        AssertUsageError(CliProcess.Run(null, "bindgen", "-H", header, "-l", "z", "-o", _temp), "broken.h:2:");
    }

    [Test]
    public void UnknownLibrary() =>
        AssertUsageError(CliProcess.Run(null, "bindgen", "-H", "/usr/include/zlib.h", "-l", "nosuchlib", "-o", _temp), "unknown library 'nosuchlib'");

    [Test]
    public void ConfigNamingAnUnknownFunction()
    {
        var config = Path.Combine(_temp, "stampede.json");
        File.WriteAllText(config, """{ "exclude": ["compress", "no_such_function"] }""");
        AssertUsageError(CliProcess.Run(null, "bindgen", "-H", "/usr/include/zlib.h", "-l", "z", "-c", config, "-o", _temp),
            "unknown function 'no_such_function' in \"exclude\"");
    }

    [Test]
    public void ConfigThatIsNotValid()
    {
        var config = Path.Combine(_temp, "stampede.json");
        File.WriteAllText(config, "{\n  \"resources\": { \"z_stream\": { \"sharing\": \"sometimes\" } }\n}\n");
        AssertUsageError(CliProcess.Run(null, "bindgen", "-H", "/usr/include/zlib.h", "-l", "z", "-c", config, "-o", _temp), "stampede.json:2:54: invalid config");
    }

    [Test]
    public void UnknownOption() =>
        AssertUsageError(CliProcess.Run(null, "bindgen", "-H", "/usr/include/zlib.h", "-l", "z", "--frobnicate"), "frobnicate");

    [Test]
    public void RegeneratingGivesTheSameBytes()
    {
        string[] Generate(string dir)
        {
            var r = CliProcess.Run(null, "bindgen", "-H", RepositoryPaths.SampleHeader("textkit"), "-l", RepositoryPaths.SampleLibrary("textkit"), "--prefix", "tk_", "-o", dir);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
            return Directory.GetFiles(dir).Order().Select(File.ReadAllText).ToArray();
        }
        var first = Generate(Path.Combine(_temp, "a"));
        Assert.That(Generate(Path.Combine(_temp, "b")), Is.EqualTo(first));
        Assert.That(first, Has.Length.EqualTo(2));
    }

    [Test]
    public void NewCreatesAHarnessOutsideTheRepositoryThatBuilds()
    {
        var dir = Path.Combine(_temp, "kv");
        var r = CliProcess.Run(_temp, "new", "-H", RepositoryPaths.SampleHeader("kvstore"), "-l", RepositoryPaths.SampleLibrary("kvstore"), "--prefix", "kv_", "--out", dir);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "kvstore.Harness.csproj", "Bindings.g.cs", "api.json", "stampede.json" }));
        // It references the call layer's package, never a source path: built against this build's packages.
        Assert.That(File.ReadAllText(Path.Combine(dir, "kvstore.Harness.csproj")), Does.Not.Contain("ProjectReference").And.Contain("PackageReference"));
        var build = CliProcess.Run("dotnet", dir, ["build", "--nologo", "-v", "quiet", "-p:RestoreAdditionalProjectSources=" + Packaging.LocalPackages.Ensure()]);
        Assert.That(build.ExitCode, Is.EqualTo(0), build.Out + build.Error);

        // It runs: the built harness finds its library by the path relative to the harness directory.
        var harness = new System.Runtime.Loader.AssemblyLoadContext("kv-harness")
            .LoadFromAssemblyPath(Path.Combine(dir, "bin", "Debug", "net10.0", "Stampede.Harness.kvstore.dll"));
        var dispatcher = Stampede.Harnesses.BindingCompiler.Dispatcher(harness);
        using var name = new NativeString("h");
        var store = dispatcher.Invoke(dispatcher.FunctionNames.ToList().IndexOf("kv_open"), [name.Slot]);
        Assert.That(store, Is.Not.Zero);
        dispatcher.Invoke(dispatcher.FunctionNames.ToList().IndexOf("kv_close"), [store]);
    }
}

using System.Xml.Linq;
using Stampede.Bindgen.Harness;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Packaging;

/// <summary>
/// The tool as a user gets it: packed, installed with <c>dotnet tool install --tool-path</c> into a temporary directory,
/// and run from outside any Stampede checkout: <c>--help</c>, <c>new</c> on a sample header, a short <c>fuzz</c> that
/// finds the sample's race, the one line a repository-only feature gives, the runtime sources it carries, and the
/// optional bindings target of the call layer's package in a harness built with <c>dotnet build</c>.
/// </summary>
[TestFixture, NonParallelizable]
public class ToolInstallTests
{
    string temp = null!, tool = null!;

    /// <summary>Nothing may point the installed tool back at this checkout.</summary>
    static readonly Dictionary<string, string?> Outside = new() { ["STAMPEDE_HOME"] = null, ["STAMPEDE_CLI"] = null };

    [OneTimeSetUp]
    public void Install()
    {
        temp = Directory.CreateTempSubdirectory("stampede-tool-").FullName;
        string packages = LocalPackages.Ensure();
        var install = CliProcess.Run("dotnet", temp,
            ["tool", "install", "--tool-path", Path.Combine(temp, "tools"), "--add-source", packages, "stampede", "--version", LocalPackages.Version]);
        Assert.That(install.ExitCode, Is.EqualTo(0), install.Out + install.Error);
        tool = Path.Combine(temp, "tools", "stampede");
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(temp, recursive: true);

    CliProcess.Result Stampede(string workingDirectory, params string[] args) =>
        CliProcess.Run(tool, workingDirectory, args, environment: Outside);

    [Test]
    public void The_installed_tool_answers_help()
    {
        var help = Stampede(temp, "--help");
        Assert.That(help.ExitCode, Is.EqualTo(0), help.Error);
        Assert.That(help.Out, Does.Contain("fuzz").And.Contain("new").And.Contain("repro"));
    }

    [Test]
    public void New_and_a_short_fuzz_run_outside_the_repository_and_find_the_samples_race()
    {
        string work = Directory.CreateDirectory(Path.Combine(temp, "wrapper")).FullName;
        var made = Stampede(work, "new", "-H", RepositoryPaths.SampleHeader("kvstore"), "-l", RepositoryPaths.SampleLibrary("kvstore"), "--prefix", "kv_");
        Assert.That(made.ExitCode, Is.EqualTo(0), made.Out + made.Error);
        // Outside a checkout the default is harnesses/NAME under the working directory, referencing the package.
        string harness = Path.Combine(work, "harnesses", "kvstore");
        var reference = XDocument.Load(Path.Combine(harness, "kvstore.Harness.csproj")).Descendants("PackageReference").Single();
        Assert.That(reference.Attribute("Include")!.Value, Is.EqualTo(HarnessWriter.RuntimePackage));
        Assert.That(reference.Attribute("Version")!.Value, Is.EqualTo(LocalPackages.Version));
        Assert.That(File.ReadAllText(Path.Combine(harness, "kvstore.Harness.csproj")), Does.Not.Contain("ProjectReference"));

        var fuzz = Stampede(work, "fuzz", "--harness", harness, "--duration", "10s", "--seed", "1", "--no-triage", "--no-minimize");
        Assert.That(fuzz.ExitCode, Is.EqualTo(1), fuzz.Out + fuzz.Error);
        // The corpus goes beside the harness; the repro command names the installed tool, not a checkout's script.
        string findings = Path.Combine(harness, "corpus", "kvstore", "findings");
        Assert.That(Directory.Exists(findings) && Directory.EnumerateDirectories(findings).Any(), fuzz.Out);
        string report = File.ReadAllText(Path.Combine(Directory.EnumerateDirectories(findings).First(), "report.md"));
        Assert.That(report, Does.Contain("stampede repro --harness").And.Not.Contain("./stampede"));
    }

    [Test]
    public void What_needs_a_checkout_says_so_in_one_line()
    {
        string work = Directory.CreateDirectory(Path.Combine(temp, "preflight")).FullName;
        var preflight = Stampede(work, "fuzz", "--harness", Path.Combine(RepositoryPaths.Root, "harnesses", "kvstore"), "--preflight", "--duration", "1s");
        Assert.That(preflight.ExitCode, Is.EqualTo(2), preflight.Out + preflight.Error);
        Assert.That(preflight.Error.Trim().Split('\n'), Has.Length.EqualTo(1), preflight.Error);
        Assert.That(preflight.Error, Does.Contain("needs a Stampede checkout").And.Contain("STAMPEDE_HOME"));
    }

    [Test]
    public void The_runtimes_to_compile_in_come_with_the_tool()
    {
        var coverage = Stampede(temp, "cflags", "--variant", "coverage", "--runtime-source");
        Assert.That(coverage.ExitCode, Is.EqualTo(0), coverage.Error);
        Assert.That(File.ReadAllText(coverage.Out.Trim()), Does.Contain("__sanitizer_cov_8bit_counters_init"));
        var schedule = Stampede(temp, "cflags", "--variant", "schedule", "--runtime-source");
        var sources = schedule.Out.Trim().Split(' ');
        Assert.That(sources.Select(Path.GetFileName), Is.EqualTo(new[] { "schedrt.c", "heapguard.c" }));
        Assert.That(sources.Where(File.Exists).Count(), Is.EqualTo(2), schedule.Out);
    }

    /// <summary>The optional target of the Stampede.Execution package: bindings follow the header on dotnet build,
    /// and an unchanged header leaves the target skipped.</summary>
    [Test]
    public void A_harness_project_regenerates_its_bindings_when_the_header_changes()
    {
        string work = Directory.CreateDirectory(Path.Combine(temp, "msbuild")).FullName;
        string header = Path.Combine(work, "kvstore.h");
        File.Copy(RepositoryPaths.SampleHeader("kvstore"), header);
        string harness = Path.Combine(work, "harness");
        var made = Stampede(work, "new", "-H", header, "-l", RepositoryPaths.SampleLibrary("kvstore"), "--prefix", "kv_", "--out", harness);
        Assert.That(made.ExitCode, Is.EqualTo(0), made.Out + made.Error);
        string project = Path.Combine(harness, "kvstore.Harness.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", $"""
              <PropertyGroup>
                <StampedeLibrary>{RepositoryPaths.SampleLibrary("kvstore")}</StampedeLibrary>
                <StampedeCommand>{tool}</StampedeCommand>
              </PropertyGroup>
              <ItemGroup>
                <StampedeHeader Include="../kvstore.h" />
              </ItemGroup>
            </Project>
            """));
        string bindings = Path.Combine(harness, "Bindings.g.cs");
        Assert.That(File.ReadAllText(bindings), Does.Contain("kv_close"));

        // The header loses a declaration: the next build drops its binding.
        File.WriteAllLines(header, File.ReadAllLines(header).Where(line => !line.Contains("kv_close(")));
        var build = Build(harness);
        Assert.That(build.ExitCode, Is.EqualTo(0), build.Out + build.Error);
        Assert.That(build.Out, Does.Contain("StampedeBindings:"));
        Assert.That(File.ReadAllText(bindings), Does.Not.Contain("kv_close"));

        var again = Build(harness);
        Assert.That(again.ExitCode, Is.EqualTo(0), again.Out + again.Error);
        Assert.That(again.Out, Does.Contain("Skipping target \"StampedeBindings\""));
    }

    static CliProcess.Result Build(string harness) =>
        CliProcess.Run("dotnet", harness, ["build", "-nologo", "-v", "n", "-p:RestoreAdditionalProjectSources=" + LocalPackages.Directory],
            environment: Outside);
}

using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

/// <summary>stampede new given a library that does not match its headers, or headers that declare nothing: a warning
/// or one error line (exit 2), never a harness that fails later, and no --out directory left behind by a failure.</summary>
public sealed class BadInputTests
{
    private string _temp = null!;

    [SetUp]
    public void CreateTemp() => _temp = Directory.CreateTempSubdirectory("stampede-badinput-").FullName;

    [TearDown]
    public void DeleteTemp() => Directory.Delete(_temp, recursive: true);

    private static void AssertOneError(CliProcess.Result r, string expected) => Assert.Multiple(() =>
    {
        Assert.That(r.ExitCode, Is.EqualTo(2), r.Out + r.Error);
        Assert.That(r.Error.TrimEnd().Split('\n'), Has.Length.EqualTo(1), r.Error);
        Assert.That(r.Error, Does.StartWith("error: ").And.Contain(expected));
    });

    /// <summary>kvstore.h with one more function, which libkvstore.so does not have.</summary>
    private string KvstoreHeaderWithAnExtraFunction()
    {
        var text = File.ReadAllText(RepositoryPaths.SampleHeader("kvstore"));
        int end = text.LastIndexOf("#endif", StringComparison.Ordinal);
        var header = Path.Combine(_temp, "kvstore.h");
        File.WriteAllText(header, text[..end] + "kv_status kv_backup(kv_store *store, const char *path);\n" + text[end..]);
        return header;
    }

    [Test]
    public void Functions_the_library_does_not_export_are_named_in_a_warning_and_left_out()
    {
        var dir = Path.Combine(_temp, "kv");
        var r = CliProcess.Run(_temp, "new", "-H", KvstoreHeaderWithAnExtraFunction(), "-l", RepositoryPaths.SampleLibrary("kvstore"), "-o", dir);
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Error);
        var model = ApiModelJson.Read(Path.Combine(dir, "api.json"));
        Assert.Multiple(() =>
        {
            Assert.That(r.Error, Does.StartWith("WARNING: ").And.Contain("kv_backup"));
            Assert.That(model.Function("kv_backup"), Is.Null);
            Assert.That(model.Function("kv_open"), Is.Not.Null);
            Assert.That(model.Skipped.Single(s => s.Name == "kv_backup").Reason, Does.StartWith("not exported by libkvstore.so"));
        });
    }

    [Test]
    public void A_library_exporting_none_of_the_functions_is_an_error_and_leaves_no_directory()
    {
        var dir = Path.Combine(_temp, "wrong", "kv");
        AssertOneError(CliProcess.Run(_temp, "new", "-H", RepositoryPaths.SampleHeader("kvstore"), "-l", RepositoryPaths.SampleLibrary("textkit"), "-o", dir),
            "libtextkit.so exports none of the 11 function(s) declared");
        Assert.That(Directory.Exists(Path.Combine(_temp, "wrong")), Is.False, "a failed new leaves the --out directory it created");
    }

    [Test]
    public void A_library_that_is_not_a_shared_object_is_an_error()
    {
        var fake = Path.Combine(_temp, "libfake.so");
        File.WriteAllText(fake, "not an ELF file\n");
        var dir = Path.Combine(_temp, "fake");
        AssertOneError(CliProcess.Run(_temp, "new", "-H", RepositoryPaths.SampleHeader("kvstore"), "-l", fake, "-o", dir),
            $"library cannot be loaded: {fake}");
        Assert.That(Directory.Exists(dir), Is.False, "a failed new leaves the --out directory it created");
    }

    [Test]
    public void A_header_that_declares_no_function_is_an_error_and_an_existing_out_directory_stays()
    {
        var header = Path.Combine(_temp, "types.h");
        File.WriteAllText(header, "#define ONLY_A_CONSTANT 1\nstruct point { int x, y; };\n");
        var dir = Directory.CreateDirectory(Path.Combine(_temp, "existing")).FullName;
        AssertOneError(CliProcess.Run(_temp, "new", "-H", header, "-l", RepositoryPaths.SampleLibrary("kvstore"), "-o", dir),
            $"{header}: no function declared");
        Assert.That(Directory.Exists(dir), Is.True, "a directory that existed before is never removed");
        Assert.That(Directory.GetFileSystemEntries(dir), Is.Empty);
    }

    [Test]
    public void A_prefix_that_selects_no_function_is_an_error()
    {
        var dir = Path.Combine(_temp, "none");
        AssertOneError(CliProcess.Run(_temp, "new", "-H", RepositoryPaths.SampleHeader("kvstore"), "-l", RepositoryPaths.SampleLibrary("kvstore"),
            "--prefix", "zz_", "-o", dir), "no function declared matches the selection (prefix 'zz_')");
        Assert.That(Directory.Exists(dir), Is.False);
    }

    /// <summary>new compiles what it writes. A C struct named like a generated class (Native) is a collision the generator
    /// does not avoid: one error line quoting the compiler, and no --out directory.</summary>
    [Test]
    public void Bindings_that_do_not_compile_are_an_error_and_leave_no_directory()
    {
        var header = Path.Combine(_temp, "native.h");
        File.WriteAllText(header, "typedef struct Native { int x; } Native;\nunsigned long strlen(const Native *s);\n");
        var dir = Path.Combine(_temp, "made", "native");
        AssertOneError(CliProcess.Run(_temp, "new", "-H", header, "-l", "libc.so.6", "-o", dir),
            "generated bindings do not compile (1 error(s)): Bindings.g.cs");
        Assert.That(Directory.Exists(Path.Combine(_temp, "made")), Is.False, "a failed new leaves the --out directory it created");
    }
}

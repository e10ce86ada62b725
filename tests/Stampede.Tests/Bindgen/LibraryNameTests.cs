using Stampede.Bindgen;
using Stampede.Harnesses;

namespace Stampede.Tests.Bindgen;

/// <summary>A library given by a short name is resolved as the linker's -l and the loader would: on Debian libc.so and
/// libm.so are linker scripts and libpthread.so does not exist, so those load as their installed sonames, while names
/// the runtime's probing finds itself (lib&lt;name&gt;.so is an ELF library) are kept as given.</summary>
public sealed class LibraryNameTests
{
    [TestCase("c", "libc.so.6")]
    [TestCase("m", "libm.so.6")]
    [TestCase("pthread", "libpthread.so.0")]
    public void A_name_whose_linker_file_is_not_a_library_loads_as_its_installed_soname(string name, string soname)
    {
        var exports = LibraryExports.Open(name);
        Assert.Multiple(() =>
        {
            Assert.That(exports.Name, Is.EqualTo(soname));
            Assert.That(exports.Has(name == "m" ? "cos" : "strlen"), Is.True);
        });
    }

    [TestCase("z", "zlibVersion")]
    [TestCase("sqlite3", "sqlite3_libversion")]
    [TestCase("cjson", "cJSON_Version")]
    [TestCase("xml2", "xmlReadFile")]
    public void A_name_the_runtime_finds_itself_is_kept_as_given(string name, string symbol)
    {
        var exports = LibraryExports.Open(name);
        Assert.Multiple(() =>
        {
            Assert.That(exports.Name, Is.EqualTo(name));
            Assert.That(exports.Has(symbol), Is.True);
        });
    }

    [Test]
    public void A_name_nothing_resolves_is_one_error_naming_what_was_tried()
    {
        var e = Assert.Throws<BindgenException>(() => LibraryExports.Open("no-such-library-anywhere"));
        Assert.That(e!.Message, Does.Contain("'libno-such-library-anywhere.so'"));
    }

    /// <summary>The brief's reproduction of both: `new --lib c` and a parameter named like a wrapper's local.</summary>
    [Test]
    public void New_with_lib_c_writes_a_harness_that_opens_and_loads_libc_so_6()
    {
        var temp = Directory.CreateTempSubdirectory("stampede-libname-").FullName;
        try
        {
            var header = Path.Combine(temp, "time.h");
            File.WriteAllText(header, "struct tm;\nstruct tm *gmtime_r(const long *t, struct tm *result);\n");
            var dir = Path.Combine(temp, "libc");
            var r = CliProcess.Run(temp, "new", "-H", header, "-l", "c", "-o", dir);
            Assert.That(r.ExitCode, Is.EqualTo(0), r.Out + r.Error);
            var harness = Harness.Open(dir);
            Assert.That(harness.Library, Is.EqualTo("libc.so.6"));
            using var target = harness.Load();
            Assert.That(target.Instance.Export("gmtime_r"), Is.Not.Zero);
        }
        finally { Directory.Delete(temp, recursive: true); }
    }
}

using System.Runtime.InteropServices;
using Stampede.Execution.Instances;

namespace Stampede.Tests.Execution;

[TestFixture]
public unsafe class LibraryInstanceTests
{
    string copy = "";

    // A private copy, so that no other test's load of the same file keeps it mapped.
    [SetUp]
    public void CopyLibrary()
    {
        copy = Path.Combine(Path.GetTempPath(), $"stampede-instance-{Guid.NewGuid():N}.so");
        File.Copy(RepoPaths.SampleLibrary("objcache"), copy);
    }

    [TearDown]
    public void DeleteCopy() => File.Delete(copy);

    static int RegAdd(LibraryInstance lib, string name)
    {
        var regAdd = (delegate* unmanaged<byte*, int>)lib.Export("reg_add");
        fixed (byte* n = System.Text.Encoding.UTF8.GetBytes(name + "\0")) return regAdd(n);
    }

    [Test]
    public void Reloading_gives_the_library_its_initial_global_state_back()
    {
        using var lib = LibraryInstance.Load(copy);
        Assert.That(RegAdd(lib, "a"), Is.Zero);
        Assert.That(RegAdd(lib, "b"), Is.EqualTo(1));
        Assert.That(lib.Reload(), Is.True, "unmapped between the two loads");
        Assert.That(RegAdd(lib, "c"), Is.Zero, "the registry is empty again");
    }

    [Test]
    public void A_library_loaded_elsewhere_in_the_process_keeps_its_state_and_says_so()
    {
        using var lib = LibraryInstance.Load(copy);
        nint other = NativeLibrary.Load(copy);
        try
        {
            RegAdd(lib, "a");
            Assert.That(lib.Reload(), Is.False);
            Assert.That(RegAdd(lib, "b"), Is.EqualTo(1), "state carried over");
        }
        finally { NativeLibrary.Free(other); }
    }

    [Test]
    public void A_missing_library_is_a_clear_error()
    {
        var e = Assert.Throws<DllNotFoundException>(() => LibraryInstance.Load("/nonexistent/libnothing.so"));
        Assert.That(e!.Message, Does.Contain("/nonexistent/libnothing.so"));
    }

    /// <summary>libxml2 maps ICU, liblzma and zlib with it: the instance is the file dlopen returned, so a reload loads
    /// libxml2 again and its functions bind (taking the first newly mapped file reloaded a dependency instead).</summary>
    [Test]
    public void A_library_loaded_by_name_is_the_file_the_loader_opened_not_a_dependency()
    {
        using var lib = LibraryInstance.Load("xml2");
        Assert.That(Path.GetFileName(lib.Path), Does.StartWith("libxml2.so"));
        lib.Reload();
        Assert.That(lib.Export("xmlReadFile"), Is.Not.Zero, "the reloaded instance is libxml2");
    }
}

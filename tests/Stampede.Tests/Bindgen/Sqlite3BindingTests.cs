using System.Runtime.InteropServices;
using Stampede.Bindgen;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

public sealed class Sqlite3BindingTests
{
    private static GeneratedLibrary _sqlite = null!;

    [OneTimeSetUp]
    public void Generate() => _sqlite = GeneratedLibrary.Build(new BindgenOptions(["/usr/include/sqlite3.h"], "sqlite3"));

    [Test]
    public void OpenExecCloseThroughTheDispatcher()
    {
        var slot = Marshal.AllocHGlobal(8);
        try
        {
            using var name = new NativeString(":memory:");
            using var sql = new NativeString("create table t(x); insert into t values (1), (2);");
            Assert.That(_sqlite.Call("sqlite3_open", name.Slot, slot), Is.EqualTo(0));
            var db = Marshal.ReadIntPtr(slot);
            Assert.That(_sqlite.Call("sqlite3_exec", db, sql.Slot, 0, 0, 0), Is.EqualTo(0));
            Assert.That(_sqlite.Call("sqlite3_changes", db), Is.EqualTo(2));
            Assert.That(_sqlite.Call("sqlite3_close", db), Is.EqualTo(0));
        }
        finally { Marshal.FreeHGlobal(slot); }
    }

    [Test]
    public void Sqlite3IsProducedByOpensOutParameterAndDestroyedByClose()
    {
        var db = _sqlite.Model.Resource("sqlite3")!;
        var open = _sqlite.Function("sqlite3_open");
        Assert.Multiple(() =>
        {
            Assert.That(db.Opaque, Is.True);
            Assert.That(db.Producers, Does.Contain(new ResourceProducer("sqlite3_open", "out-parameter", 1)));
            Assert.That(db.Destructors, Is.EqualTo(new[] { "sqlite3_close", "sqlite3_close_v2" }));
            Assert.That(open.Parameters[1].Role, Is.EqualTo(ParameterRole.HandleOut));
            Assert.That(open.Parameters[1].Resource, Is.EqualTo("sqlite3"));
            Assert.That(open.Parameters[0].Role, Is.EqualTo(ParameterRole.StringIn));
            Assert.That(_sqlite.Function("sqlite3_exec").Parameters[2].Role, Is.EqualTo(ParameterRole.Callback));
            Assert.That(_sqlite.Function("sqlite3_exec").Parameters[3].Role, Is.EqualTo(ParameterRole.UserData));
            Assert.That(_sqlite.Type("sqlite3").IsValueType, Is.True, "opaque handles are distinct value types");
        });
    }

    [Test]
    public void StructLayoutMatchesC() => StructLayoutProbe.AssertMatches(_sqlite, "#include <sqlite3.h>");

    [Test]
    public void VariadicFunctionsAreSkippedWithTheReason()
    {
        var mprintf = _sqlite.Model.Skipped.Single(s => s.Name == "sqlite3_mprintf");
        Assert.Multiple(() =>
        {
            Assert.That(mprintf.Reason, Does.StartWith("variadic"));
            Assert.That(mprintf.Where, Does.StartWith("sqlite3.h:"));
            Assert.That(_sqlite.Model.Function("sqlite3_mprintf"), Is.Null);
            Assert.That(_sqlite.Model.Skipped.Single(s => s.Name == "sqlite3_vmprintf").Reason, Does.StartWith("parameter").And.Contain("va_list"));
        });
    }
}

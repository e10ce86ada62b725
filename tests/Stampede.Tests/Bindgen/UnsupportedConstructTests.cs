using Stampede.Bindgen;

namespace Stampede.Tests.Bindgen;

/// <summary>Constructs bindings cannot represent are listed as skipped with the reason, and never emitted wrong.</summary>
public sealed class UnsupportedConstructTests
{
    private const string Header = """
        #include <stddef.h>
        struct flags { unsigned ready : 1; unsigned mode : 3; };
        union value { int i; double d; };
        struct holder { struct { int x; } inner; int y; };
        struct plain { int a; char name[8]; double d; };
        typedef struct opaque opaque;
        int log_printf(const char *format, ...);
        int takes_union(union value v);
        int reads_flags(const struct flags *f);
        int reads_plain(struct plain *p);
        opaque *opaque_make(void);
        long double precise(void);
        """;

    private static GeneratedLibrary _library = null!;
    private static string _dir = null!;

    [OneTimeSetUp]
    public void Generate()
    {
        _dir = Directory.CreateTempSubdirectory("stampede-unsupported-").FullName;
        var header = Path.Combine(_dir, "odd.h");
        File.WriteAllText(header, Header);
        _library = GeneratedLibrary.Build(new BindgenOptions([header], "libc.so.6"));
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_dir, recursive: true);

    private string Reason(string name) => _library.Model.Skipped.Single(s => s.Name == name).Reason;

    [Test]
    public void EachIsSkippedWithItsReason() => Assert.Multiple(() =>
    {
        Assert.That(Reason("log_printf"), Does.StartWith("variadic"));
        Assert.That(Reason("takes_union"), Does.Contain("union"));
        Assert.That(Reason("precise"), Does.Contain("long double"));
        Assert.That(Reason("flags"), Does.StartWith("bitfield 'ready'"));
        Assert.That(Reason("value"), Does.StartWith("union"));
        Assert.That(Reason("holder"), Is.EqualTo("field 'inner': struct (unnamed): anonymous struct or union: bound as an opaque handle, its fields are not accessible"));
        Assert.That(_library.Model.Skipped.Single(s => s.Name == "log_printf").Where, Is.EqualTo("odd.h:7"));
    });

    [Test]
    public void WhatCanBeBoundIsBoundAndCompiles() => Assert.Multiple(() =>
    {
        Assert.That(_library.Model.Functions.Select(f => f.Name), Is.EquivalentTo(new[] { "reads_flags", "reads_plain", "opaque_make" }));
        Assert.That(_library.Model.Structs.Select(s => s.Name), Is.EqualTo(new[] { "plain" }));
        Assert.That(_library.Type("flags").GetProperty("Value"), Is.Not.Null, "a struct with bitfields is passed only as an opaque handle");
        Assert.That(_library.Type("opaque").GetProperty("Value"), Is.Not.Null);
        Assert.That(GeneratedLibrary.SizeOf(_library.Type("plain")), Is.EqualTo(24));
    });
}

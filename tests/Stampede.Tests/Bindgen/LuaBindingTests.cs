using Stampede.Bindgen;
using Stampede.Model.Api;

namespace Stampede.Tests.Bindgen;

public sealed class LuaBindingTests
{
    private static GeneratedLibrary _lua = null!;

    [OneTimeSetUp]
    public void Generate() => _lua = GeneratedLibrary.Build(new BindgenOptions(
        ["/usr/include/lua5.4/lua.h", "/usr/include/lua5.4/lauxlib.h"], "lua5.4", IncludeDirectories: ["/usr/include/lua5.4"]));

    [Test]
    public void NewStateRunChunkClose()
    {
        var state = _lua.Call("luaL_newstate");
        Assert.That(state, Is.Not.Zero);
        using var chunk = new NativeString("return 20 + 22");
        Assert.Multiple(() =>
        {
            Assert.That(_lua.Call("luaL_loadstring", state, chunk.Slot), Is.EqualTo(0));
            Assert.That(_lua.Call("lua_pcallk", state, 0, 1, 0, 0, 0), Is.EqualTo(0));
            Assert.That(_lua.Call("lua_tointegerx", state, -1, 0), Is.EqualTo(42));
        });
        _lua.Call("lua_close", state);
    }

    [Test]
    public void StructLayoutMatchesC() => StructLayoutProbe.AssertMatches(_lua, "#include <lua5.4/lua.h>\n#include <lua5.4/lauxlib.h>");

    [Test]
    public void LuaStateIsAResourceAndLuaErrorIsNeverCalled()
    {
        var state = _lua.Model.Resource("lua_State")!;
        Assert.Multiple(() =>
        {
            Assert.That(state.Producers.Select(p => p.Function), Does.Contain("luaL_newstate").And.Contain("lua_newstate"));
            Assert.That(state.Destructors, Is.EqualTo(new[] { "lua_close" }));
            Assert.That(_lua.Function("lua_error").NeverCall, Does.Contain("longjmp"));
            Assert.That(_lua.Function("lua_pcallk").Parameters[5].Role, Is.EqualTo(ParameterRole.Callback));
            Assert.That(_lua.Model.Callbacks.Select(c => c.Name), Does.Contain("lua_KFunction"));
            Assert.That(_lua.Model.Skipped.Single(s => s.Name == "lua_pcall").Reason, Is.EqualTo("function-like macro"));
        });
    }
}

using Stampede.Oracles.Process;
using Stampede.Campaigns.Supervision;

namespace Stampede.Tests.Campaigns;

[TestFixture]
public class NativeStacksTests
{
    const string GdbOutput = """
        Thread 8 (Thread 0x7feaf55ff6c0 (LWP 9583) "stampede-t1"):
        #0  futex_wait (private=0, expected=2, futex_word=0x7feb04597108 <balances_lock>) at ../sysdeps/nptl/futex-internal.h:146
        #3  ___pthread_mutex_lock (mutex=0x7feb04597108 <balances_lock>) at ./nptl/pthread_mutex_lock.c:93
        #4  0x00007feb0459474e in ledger_post (account=0x7fdf2d809778 "a", amount=1) at native/samples/svcconf/svcconf.c:159
        #5  0x00007feb07661bb9 in ?? ()
        Thread 1 (Thread 0x7feb07a4e740 (LWP 9570) "dotnet"):
        #0  0x00007feb07b1a0a9 in _int_malloc (av=0x7feb07c62c60 <main_arena>, bytes=24) at ./malloc/malloc.c:4005
        #1  0x00007feb07b1b0d3 in __GI___libc_malloc (bytes=24) at ./malloc/malloc.c:3315
        #2  0x00007feb0459401c in conf_set () from /lib/libsvcconf.so
        """;

    [Test]
    public void Gdb_backtraces_are_read_per_thread_with_names_functions_and_locations()
    {
        var stacks = NativeStacks.Parse(GdbOutput.Replace("\r", ""));
        Assert.That(stacks.Keys, Is.EquivalentTo(new[] { 9583, 9570 }));
        Assert.That(stacks[9583].Name, Is.EqualTo("stampede-t1"));
        Assert.That(stacks[9583].Frames.Select(f => f.Function), Is.EqualTo(new[] { "futex_wait", "___pthread_mutex_lock", "ledger_post", null }));
        Assert.That(stacks[9583].Frames[2].Location, Is.EqualTo("native/samples/svcconf/svcconf.c:159"));
        Assert.That(stacks[9570].Frames[2].Module, Is.EqualTo("libsvcconf.so"));
    }

    [Test]
    public void A_stall_outside_the_program_threads_is_named_by_the_library_call_or_the_allocator()
    {
        var stacks = NativeStacks.Parse(GdbOutput.Replace("\r", ""));
        Assert.That(HangSignatures.Place([stacks[9570]], ["conf_set", "conf_get"]), Is.EqualTo("conf_set"));
        Assert.That(HangSignatures.Place([stacks[9570]], ["kv_open"]), Is.EqualTo("allocator"));
        Assert.That(HangSignatures.Place([stacks[9583]], ["kv_open"]), Is.Null);
    }
}

using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

/// <summary>A program made fit for the hammer phase: its threads' calls run round after round on setup's handles.</summary>
[TestFixture]
public sealed class HammerLoopTests
{
    [Test]
    public void A_shared_handle_is_never_destroyed_and_what_a_thread_makes_it_gives_back_each_round()
    {
        var program = ProgramText.Parse("""
            # stampede program v1
            library objcache
            setup:
              r0 = obj_new("shared")
              r4 = obj_new("other")
            thread 0:
              r1 = obj_retain(r0)
              obj_refcount(r1)
              obj_release(r1)
              obj_release(r0)
            thread 1:
              r2 = obj_retain(r4)
              r3 = obj_new("mine")
              obj_refcount(r4)
            """, TestModels.ObjCache);

        var hammer = HammerLoop.Of(program, TestModels.ObjCache);

        Assert.Multiple(() =>
        {
            // Thread 0's release of r1 stays (it made r1 this round); its release of setup's r0 goes (a thread may destroy
            // a shared handle no other thread uses: once, not every round).
            Assert.That(Texts(hammer, 0), Is.EqualTo(new[] { "r1 = obj_retain(r0)", "obj_refcount(r1)", "obj_release(r1)" }));
            // Thread 1 ends each round by giving back what it made, newest first.
            Assert.That(Texts(hammer, 1), Is.EqualTo(new[] { "r2 = obj_retain(r4)", "r3 = obj_new(\"mine\")", "obj_refcount(r4)", "obj_release(r3)", "obj_release(r2)" }));
            Assert.That(hammer.Setup, Is.EqualTo(program.Setup));
            Assert.That(ProgramValidator.Validate(hammer, TestModels.ObjCache), Is.Empty);
        });
    }

    static string[] Texts(ConcurrentProgram program, int thread) =>
        ProgramText.Print(program with { Setup = [], Threads = [program.Threads[thread]] })
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .SkipWhile(l => !l.StartsWith("thread", StringComparison.Ordinal)).Skip(1).ToArray();
}

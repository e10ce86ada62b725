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

/// <summary>The opening hammer's broad programs: what a hand-written stress loop does, many calls of many functions on
/// shared handles from every thread.</summary>
[TestFixture]
public sealed class BroadProgramTests
{
    [Test]
    public void A_broad_program_has_every_thread_calling_many_functions_on_handles_setup_shares()
    {
        var model = TestModels.KvStore;
        var generator = new ProgramGenerator(model, new GenerationOptions { MaxThreads = 4 }.Broad(model.Functions.Count));
        for (int seed = 1; seed <= 20; seed++)
        {
            var program = generator.Generate(seed);
            var made = program.Setup.Select(c => c.Result).OfType<int>().ToHashSet();
            Assert.Multiple(() =>
            {
                Assert.That(program.Threads, Has.Count.EqualTo(4), $"seed {seed}");
                Assert.That(program.Threads.Select(t => t.Calls.Count), Has.All.GreaterThanOrEqualTo(16), $"seed {seed}");
                Assert.That(made, Is.Not.Empty, $"seed {seed}: setup makes handles");
                Assert.That(program.Threads.Count(t => t.Calls.Any(c => c.Arguments.OfType<HandleArgument>().Any(h => made.Contains(h.Handle)))),
                    Is.GreaterThanOrEqualTo(2), $"seed {seed}: at least two threads use them");
                Assert.That(program.AllCalls().Select(c => c.Call.Function).Distinct().Count(), Is.GreaterThanOrEqualTo(5), $"seed {seed}: many functions");
                Assert.That(ProgramValidator.Validate(program, model), Is.Empty);
            });
        }
    }

    /// <summary>The opening hammer's later rounds: functions set aside are never chosen for a call of their own, and
    /// every string is one of the program's few pooled ones, which the threads share.</summary>
    [Test]
    public void A_broad_program_leaves_out_what_is_set_aside_and_shares_a_few_strings()
    {
        var model = TestModels.KvStore;
        var setAside = new HashSet<string> { "kv_put", "kv_get" };
        var generator = new ProgramGenerator(model, new GenerationOptions { MaxThreads = 4 }.Broad(model.Functions.Count) with { SetAside = setAside });
        for (int seed = 1; seed <= 20; seed++)
        {
            var program = generator.Generate(seed);
            var strings = program.AllCalls().SelectMany(c => c.Call.Arguments).OfType<StringArgument>().Select(a => a.Value).Distinct().ToArray();
            Assert.Multiple(() =>
            {
                Assert.That(program.AllCalls().Select(c => c.Call.Function), Has.None.AnyOf("kv_put", "kv_get"), $"seed {seed}");
                Assert.That(strings, Has.Length.InRange(1, 3), $"seed {seed}: {string.Join(", ", strings)}");
                Assert.That(ProgramValidator.Validate(program, model), Is.Empty);
            });
        }
    }
}

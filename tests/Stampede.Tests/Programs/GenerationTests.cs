using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

public class GenerationTests
{
    [TestCase("kvstore")]
    [TestCase("objcache")]
    [TestCase("lab")]
    public void ProgramsFromManySeedsAreValidAndRoundTrip(string library)
    {
        var model = TestModels.ByName(library);
        var generator = new ProgramGenerator(model);
        for (var seed = 0; seed < 300; seed++)
            ProgramChecks.AssertSound(generator.Generate(seed), model, generator.Options);
    }

    [Test]
    public void TheSameSeedGivesTheSameProgram()
    {
        var generator = new ProgramGenerator(TestModels.KvStore);
        var first = generator.Generate(42);
        Assert.That(generator.Generate(42), Is.EqualTo(first));
        Assert.That(generator.Generate(43), Is.Not.EqualTo(first));
    }

    [Test]
    public void MostProgramsShareHandlesBetweenThreadsAndSomeIsolateThem()
    {
        var generator = new ProgramGenerator(TestModels.KvStore);
        var programs = Enumerable.Range(0, 400).Select(generator.Generate).ToList();
        var sharing = programs.Count(ProgramChecks.ThreadsShareAHandle);
        var isolated = programs.Count(p => p.Setup.Count == 0);
        Assert.That(sharing, Is.GreaterThan(programs.Count / 2), "programs whose threads meet on a setup handle");
        Assert.That(isolated, Is.InRange(programs.Count / 10, programs.Count / 2), "programs with no shared handle");
    }

    [TestCase("kvstore", "kv_store")]
    [TestCase("objcache", "obj")]
    public void HammerProgramsRunLongOnOneSharedHandle(string library, string resource)
    {
        var model = TestModels.ByName(library);
        var options = new GenerationOptions { IsolatedOneIn = 0, HammerOneIn = 1 };
        var generator = new ProgramGenerator(model, options);
        var programs = Enumerable.Range(0, 100).Select(generator.Generate).ToList();
        foreach (var program in programs)
        {
            ProgramChecks.AssertSound(program, model, options);
            Assert.That(program.Threads, Has.Count.InRange(2, 4));
            var hammered = ProgramChecks.SharedResources(program, model).First();
            var ofResource = program.AllCalls().SelectMany(c => HandlesMade(c.Call, model)).Where(h => h.Resource == hammered)
                .Select(h => h.Id).ToHashSet();
            foreach (var thread in program.Threads)
                Assert.That(thread.Calls.Count(c => c.Arguments.OfType<HandleArgument>().Any(h => ofResource.Contains(h.Handle))),
                    Is.GreaterThanOrEqualTo(options.HammerCallsPerThread / 8), "every thread works on the hammered object\n" + program);
        }
        Assert.That(programs.Count(p => ProgramChecks.SharedResources(p, model).Contains(resource)), Is.GreaterThan(10),
            $"programs hammering a {resource}");
        Assert.That(programs.Average(p => p.Threads.Average(t => t.Calls.Count)), Is.GreaterThan(options.MaxCallsPerThread * 2),
            "hammer threads make long runs");
    }

    [Test]
    public void SomeRetainHammersHandEachThreadAReferenceThatItReleasesItself()
    {
        var model = TestModels.ObjCache;
        var generator = new ProgramGenerator(model, new GenerationOptions { IsolatedOneIn = 0, HammerOneIn = 1 });
        var handing = Enumerable.Range(0, 200).Select(generator.Generate).Where(p =>
            p.Threads.All(t => t.Calls.LastOrDefault() is { Function: "obj_release" } last &&
                               p.Setup.Any(c => c.Result == ((HandleArgument)last.Arguments[0]).Handle))).ToList();
        Assert.That(handing, Has.Count.GreaterThan(10));
        foreach (var program in handing)
        {
            var released = program.Threads.Select(t => ((HandleArgument)t.Calls[^1].Arguments[0]).Handle).ToHashSet();
            Assert.That(released, Has.Count.EqualTo(program.Threads.Count), "one reference per thread\n" + program);
            Assert.That(ProgramTeardown.Calls(program, model).SelectMany(c => c.Arguments.OfType<HandleArgument>()).Select(h => h.Handle),
                Has.None.AnyOf(released.Cast<object>().ToArray()), "teardown does not release them again\n" + program);
        }
    }

    [Test]
    public void A_thread_may_not_destroy_a_setup_handle_another_thread_uses()
    {
        var text = "# stampede program v1\nlibrary objcache\nsetup:\n  r0 = obj_new(\"a\")\n" +
                   "thread 0:\n  obj_release(r0)\nthread 1:\n  obj_label(r0)\n";
        Assert.That(() => ProgramText.Parse(text, TestModels.ObjCache),
            Throws.TypeOf<ProgramTextException>().With.Message.Contains("while another thread uses it"));
        Assert.That(() => ProgramText.Parse(text.Replace("obj_label(r0)", "obj_refcount(r0)").Replace("thread 1:\n  obj_refcount(r0)\n", ""), TestModels.ObjCache),
            Throws.Nothing, "handed over: only thread 0 uses it");
    }

    static IEnumerable<(int Id, string Resource)> HandlesMade(Call call, Stampede.Model.Api.ApiModel model)
    {
        var f = model.Function(call.Function)!;
        if (call.Result is { } r && f.Returns.Resource is { } returned) yield return (r, returned);
        for (var i = 0; i < call.Arguments.Count; i++)
            if (call.Arguments[i] is HandleOutArgument o && f.Parameters[i].Resource is { } produced) yield return (o.Handle, produced);
    }

    [Test]
    public void IsolatedProgramsKeepEachThreadsStringsApart()
    {
        var generator = new ProgramGenerator(TestModels.ObjCache, new GenerationOptions { IsolatedOneIn = 1, NullStringOneIn = 0 });
        for (var seed = 0; seed < 100; seed++)
        {
            var program = generator.Generate(seed);
            var strings = program.Threads.Select(t => t.Calls.SelectMany(c => c.Arguments.OfType<StringArgument>().Select(s => s.Value)).ToHashSet()).ToList();
            for (var a = 0; a < strings.Count; a++)
                for (var b = a + 1; b < strings.Count; b++)
                    Assert.That(strings[a].Intersect(strings[b]).Where(s => s.StartsWith('t')), Is.Empty, program.ToString());
        }
    }

    [Test]
    public void ThreadsOftenPassTheSameStringSoTheyCollideOnKeys()
    {
        var generator = new ProgramGenerator(TestModels.ObjCache, new GenerationOptions { IsolatedOneIn = 0 });
        var colliding = Enumerable.Range(0, 200).Select(generator.Generate).Count(p =>
            p.Threads.Select(t => t.Calls.SelectMany(c => c.Arguments.OfType<StringArgument>().Select(s => s.Value)).ToHashSet())
                .SelectMany(s => s).GroupBy(s => s).Any(g => g.Count() > 1));
        Assert.That(colliding, Is.GreaterThan(100));
    }

    [Test]
    public void ThreadConfinedResourcesStayInTheThreadThatMadeThem()
    {
        var model = TestModels.Lab;
        var generator = new ProgramGenerator(model, new GenerationOptions { IsolatedOneIn = 0, FocusFunctions = 6 });
        var streamsUsed = 0;
        for (var seed = 0; seed < 300; seed++)
        {
            var program = generator.Generate(seed);
            Assert.That(ProgramChecks.SharedResources(program, model), Has.None.EqualTo("lab_stream"), program.ToString());
            streamsUsed += program.Threads.Count(t => t.Calls.Any(c => c.Function == "lab_stream_feed"));
        }
        Assert.That(streamsUsed, Is.GreaterThan(0), "generation used the thread-confined resource at all");
    }

    [Test]
    public void ProducersComeBeforeConsumersAndNeverCallFunctionsAreNotCalled()
    {
        var generator = new ProgramGenerator(TestModels.Lab);
        var calls = Enumerable.Range(0, 300).SelectMany(s => generator.Generate(s).AllCalls()).Select(c => c.Call.Function).ToHashSet();
        Assert.That(calls, Has.None.EqualTo("lab_abort").And.None.EqualTo("lab_pair"));
        Assert.That(calls, Is.SupersetOf(new[] { "lab_create", "lab_write", "lab_scale", "lab_mask", "lab_level", "lab_stream_init", "lab_on_event" }));
    }

    [Test]
    public void ArgumentDomainsBoundTheValues()
    {
        var generator = new ProgramGenerator(TestModels.Lab, new GenerationOptions { FocusFunctions = 1 });
        var levels = Enumerable.Range(0, 500).SelectMany(s => generator.Generate(s).AllCalls())
            .Where(c => c.Call.Function == "lab_level").Select(c => ((IntegerArgument)c.Call.Arguments[0]).Value).ToList();
        Assert.That(levels, Is.Not.Empty.And.All.InRange(0, 9));
        Assert.That(levels, Does.Contain(0L).And.Contain(9L));
    }

    [TestCase(0, 4, "threads")]
    [TestCase(3, 2, "threads")]
    [TestCase(1, 65, "threads")]
    public void BadThreadCountsAreRejected(int min, int max, string knob)
    {
        var e = Assert.Throws<ArgumentException>(() => new ProgramGenerator(TestModels.KvStore, new GenerationOptions { MinThreads = min, MaxThreads = max }))!;
        Assert.That(e.Message, Does.StartWith(knob));
    }

    [Test]
    public void TeardownDestroysWhatIsStillAliveThreadHandlesFirstNewestFirst()
    {
        const string text = "# stampede program v1\nlibrary kvstore\nsetup:\n  r0 = kv_open(\"a\")\n  r1 = kv_open(\"b\")\n" +
            "thread 0:\n  r2 = kv_open(\"c\")\n  r3 = kv_open(\"d\")\n  kv_close(r2)\nthread 1:\n  r4 = kv_open(\"e\")\n";
        var teardown = ProgramTeardown.Calls(ProgramText.Parse(text, TestModels.KvStore), TestModels.KvStore);
        Assert.That(teardown.Select(c => $"{c.Function}(r{((HandleArgument)c.Arguments[0]).Handle})"),
            Is.EqualTo(new[] { "kv_close(r3)", "kv_close(r4)", "kv_close(r1)", "kv_close(r0)" }));
    }
}

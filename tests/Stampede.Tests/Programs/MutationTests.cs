using Stampede.Model.Programs;

namespace Stampede.Tests.Programs;

public class MutationTests
{
    [TestCase("kvstore")]
    [TestCase("objcache")]
    [TestCase("lab")]
    public void ChainsOfMutationsKeepProgramsValidAndUseEveryKind(string library)
    {
        const int seed = 7;
        TestContext.Out.WriteLine($"seed {seed}");
        var model = TestModels.ByName(library);
        var generator = new ProgramGenerator(model);
        var mutator = new ProgramMutator(model);
        var choices = new RandomChoiceSource(seed);
        var kinds = new Dictionary<MutationKind, int>();
        var unchanged = 0;
        for (var p = 0; p < 60; p++)
        {
            var program = generator.Generate(choices);
            for (var step = 0; step < 25; step++)
            {
                var mutation = mutator.Mutate(program, choices);
                ProgramChecks.AssertSound(mutation.Program, model, generator.Options);
                if (mutation.Kind is { } kind)
                {
                    kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                    Assert.That(mutation.Program, Is.Not.EqualTo(program));
                }
                else unchanged++;
                program = mutation.Program;
            }
        }
        TestContext.Out.WriteLine(string.Join(", ", kinds.Select(k => $"{k.Key}: {k.Value}")) + $", unchanged: {unchanged}");
        Assert.That(kinds.Keys, Is.EquivalentTo(Enum.GetValues<MutationKind>()));
        Assert.That(unchanged, Is.LessThan(60 * 25 / 20));
    }

    [Test]
    public void MutatedProgramsNumberHandlesInTextOrder()
    {
        var model = TestModels.KvStore;
        var mutator = new ProgramMutator(model);
        var choices = new RandomChoiceSource(3);
        var program = new ProgramGenerator(model).Generate(choices);
        for (var step = 0; step < 200; step++)
        {
            program = mutator.Mutate(program, choices).Program;
            Assert.That(HandleNumbers.Renumber(program), Is.EqualTo(program));
        }
    }

    [Test]
    public void SharingAHandleMovesItsProducerToSetupAndDropsTheThreadsDestructor()
    {
        const string text = "# stampede program v1\nlibrary kvstore\nthread 0:\n  r0 = kv_open(\"a\")\n  kv_put(r0, \"k\", \"v\")\n  kv_close(r0)\nthread 1:\n  r1 = kv_open(\"b\")\n  kv_count(r1)\n";
        var model = TestModels.KvStore;
        var mutator = new ProgramMutator(model);
        var program = ProgramText.Parse(text, model);
        var shared = Enumerable.Range(0, 400).Select(s => mutator.Mutate(program, new RandomChoiceSource(s)))
            .Where(m => m.Kind == MutationKind.ShareHandle).Select(m => m.Program).ToList();
        Assert.That(shared, Is.Not.Empty);
        Assert.That(shared.Select(ProgramText.Print), Has.Some.EqualTo(
            "# stampede program v1\nlibrary kvstore\nsetup:\n  r0 = kv_open(\"a\")\nthread 0:\n  kv_put(r0, \"k\", \"v\")\nthread 1:\n  r1 = kv_open(\"b\")\n  kv_count(r0)\n"));
    }

    [Test]
    public void A_producer_whose_handle_is_not_kept_is_not_shared()
    {
        // obj_retain produces an obj, but the program keeps no handle of it: sharing it once threw from an empty pick.
        const string text = "# stampede program v1\nlibrary objcache\nsetup:\n  r0 = obj_new(\"o\")\nthread 0:\n  obj_retain(r0)\n  obj_refcount(r0)\n" +
                            "thread 1:\n  obj_retain(r0)\n  obj_refcount(r0)\n";
        var model = TestModels.ByName("objcache");
        var mutator = new ProgramMutator(model);
        var program = ProgramText.Parse(text, model);
        var mutations = Enumerable.Range(0, 400).Select(s => mutator.Mutate(program, new RandomChoiceSource(s))).ToList();
        Assert.That(mutations.Select(m => m.Kind), Has.Some.Not.Null);
        foreach (var m in mutations) ProgramChecks.AssertSound(m.Program, model, GenerationOptions.Default);
    }

    [Test]
    public void AnInvalidProgramIsRefused()
    {
        var program = ProgramText.Parse("# stampede program v1\nlibrary kvstore\nthread 0:\n  kv_count(r0)\n");
        Assert.Throws<ProgramValidationException>(() => new ProgramMutator(TestModels.KvStore).Mutate(program, new RandomChoiceSource(1)));
    }
}

using Stampede.Model.Contracts;
using Stampede.Tests.Bindgen;

namespace Stampede.Tests.Contracts;

/// <summary>
/// <c>stampede classify</c> through real workers on textkit (plain and ThreadSanitizer builds), on four of its functions
/// so the default test run stays short; the benchmark (<c>scripts/bench --only contracts</c>) classifies every function of
/// the four samples. Fixed seed; two runs of 300 repetitions per experiment and mode, as by default: the races here show
/// in most single runs, so what it guarantees is the verdicts below with a wide margin, not timing.
/// </summary>
[TestFixture]
public sealed class ClassifyCommandTests
{
    static readonly string Harness = Path.Combine(RepoPaths.Root, "harnesses", "textkit");
    static readonly string Manifest = Path.Combine(RepoPaths.SamplesDir, "contracts.json");
    string dir = null!;

    [SetUp]
    public void MakeDirectory() => dir = Directory.CreateTempSubdirectory("stampede-classify-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(dir, recursive: true);

    [Test]
    public void Four_textkit_functions_get_the_contracts_and_race_groups_of_the_ground_truth_with_evidence()
    {
        string output = Path.Combine(dir, "contracts.json");
        string[] functions = ["tk_parse_int", "tk_last_error", "tk_tokenizer_new", "tk_tokenizer_next"];
        var run = CliProcess.Run(null, ["classify", "--harness", Harness, "--out", output, "--seed", "1", .. functions.SelectMany(f => new[] { "--function", f })]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
        var contracts = LibraryContracts.Read(output);
        var agreement = ContractAgreement.Of(contracts, ContractAgreement.Truth(Manifest, "textkit"));
        Assert.Multiple(() =>
        {
            Assert.That(contracts.Functions.Keys, Is.EquivalentTo(functions));
            Assert.That(agreement.Disagreements.Select(d => $"{d.Function}: {d.Why}"), Is.Empty, run.Out);
            foreach (var c in Enum.GetValues<ThreadSafety>())
            {
                Assert.That(agreement.Precision(c), Is.EqualTo(1.0), $"precision of {c}");
                Assert.That(agreement.Recall(c), Is.EqualTo(1.0), $"recall of {c}");
            }
            Assert.That(contracts.Functions["tk_tokenizer_next"].Group, Is.EqualTo("tk_tokenizer"));
            var evidence = contracts.Functions["tk_last_error"].Evidence;
            Assert.That(evidence, Is.Not.Empty, "an unsafe verdict links its evidence");
            Assert.That(evidence[0].Repro, Does.StartWith("stampede repro --harness "));
            Assert.That(File.Exists(Path.Combine(RepoPaths.Root, evidence[0].Repro.Split(' ')[^1])), Is.True, evidence[0].Repro);
            // f ∥ f and f ∥ each of 3 others, on shared and on distinct handles, and mixed where that can blame a pair.
            Assert.That(contracts.Functions["tk_tokenizer_new"].Tried.Experiments, Is.InRange(8, 11));
            Assert.That(contracts.Functions["tk_tokenizer_new"].Tried.Sentence, Does.StartWith("no failure in "));
            Assert.That(contracts.Functions["tk_tokenizer_new"].Tried.Modes, Is.EquivalentTo(new[] { "stress", "thread-sanitizer" }));
            string md = File.ReadAllText(Path.ChangeExtension(output, ".md"));
            Assert.That(md, Does.Contain("| `tk_tokenizer_next` | safe-on-distinct-handles | tk_tokenizer |"));
            Assert.That(md, Does.Contain("- `tk_tokenizer_next`: `MT-Safe on distinct tk_tokenizer`"));
            Assert.That(run.Out, Does.Contain("CONTRACT: tk_tokenizer_new: MT-Safe"));
        });
    }

    [Test]
    public void Diff_against_an_older_contract_fails_on_a_function_that_became_less_safe()
    {
        string old = Path.Combine(dir, "old.json");
        var tried = new ContractTried(1, 600, ["stress"]);
        File.WriteAllText(old, new LibraryContracts(LibraryContracts.CurrentSchemaVersion, "libtextkit.so", new Dictionary<string, FunctionContract>
        {
            ["tk_parse_int"] = new(ThreadSafety.MtSafe, null, [], [], tried),
        }).ToJson());
        // tk_parse_int ∥ tk_parse_int: both write the error slot; ThreadSanitizer sees it if stress does not.
        var run = CliProcess.Run(null, "classify", "--harness", Harness, "--out", Path.Combine(dir, "new.json"), "--function", "tk_parse_int", "--diff", old);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
            Assert.That(run.Out, Does.Contain("CHANGED: tk_parse_int: MT-Safe -> MT-Unsafe race:").And.Contain("(regression: less safe)"));
            Assert.That(File.ReadAllText(Path.Combine(dir, "new.md")), Does.Contain("## Changes"));
        });
    }

    [Test]
    public void Ctrl_C_judges_what_ran_writes_the_contracts_and_says_what_was_not_run()
    {
        string output = Path.Combine(dir, "contracts.json");
        using var run = new Cli.StampedeProcess(dir, "classify", "--harness", Harness, "--out", output, "--no-sanitizer");
        run.WaitForLine(TimeSpan.FromMinutes(2), "PROGRESS: classify 3/");
        run.Signal("INT");
        int exit = run.Exit();
        Assert.Multiple(() =>
        {
            Assert.That(exit, Is.EqualTo(0), run.Out + run.Error);
            Assert.That(run.Error, Does.Contain("experiment(s) not run (interrupted)"));
            Assert.That(run.Out, Does.Contain("SUMMARY: "));
            Assert.That(LibraryContracts.Read(output).Functions, Has.Count.EqualTo(11), "every function is judged on what ran");
        });
    }

    [TestCase("--function", "tk_nope", "--function tk_nope: libtextkit.so has no such function")]
    [TestCase("--diff", "missing.json", "--diff missing.json: no such file")]
    public void Bad_input_is_one_line_and_exit_2(string option, string value, string message)
    {
        var run = CliProcess.Run(dir, "classify", "--harness", Harness, "--out", Path.Combine(dir, "c.json"), option, value);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(2), run.Out + run.Error);
            Assert.That(run.Error.Trim(), Does.Contain(message).And.Not.Contain("\n"));
        });
    }
}

using Stampede.Model.Contracts;

namespace Stampede.Tests.Contracts;

[TestFixture]
public sealed class ContractChangeTests
{
    static readonly ContractTried Tried = new(3, 900, ["stress"]);

    static FunctionContract C(ThreadSafety contract, string? group = null) => new(contract, group, [], [], Tried);

    static LibraryContracts Of(params (string Name, FunctionContract Contract)[] functions) =>
        new(LibraryContracts.CurrentSchemaVersion, "libx.so", functions.ToDictionary(f => f.Name, f => f.Contract));

    [Test]
    public void A_function_that_became_less_safe_is_a_regression_and_one_that_became_safer_is_not()
    {
        var old = Of(("a", C(ThreadSafety.MtSafe)), ("b", C(ThreadSafety.MtUnsafe, "g")), ("c", C(ThreadSafety.SafeOnDistinctHandles, "h")), ("d", C(ThreadSafety.MtSafe)));
        var now = Of(("a", C(ThreadSafety.SafeOnDistinctHandles, "h")), ("b", C(ThreadSafety.MtSafe)), ("c", C(ThreadSafety.SafeOnDistinctHandles, "h")), ("e", C(ThreadSafety.MtSafe)));
        var changes = ContractChange.Between(old, now);
        Assert.Multiple(() =>
        {
            Assert.That(changes.Select(c => c.Function), Is.EqualTo(new[] { "a", "b", "d", "e" }), "c did not change");
            Assert.That(changes.Where(c => c.Regression).Select(c => c.Function), Is.EqualTo(new[] { "a" }));
            Assert.That(changes[0].Describe(), Is.EqualTo("a: MT-Safe -> MT-Safe on distinct h (regression: less safe)"));
            Assert.That(changes[2].Describe(), Does.StartWith("d: removed"));
            Assert.That(changes[3].Describe(), Does.StartWith("e: new function"));
        });
    }

    [Test]
    public void An_unsafe_function_that_joined_another_race_group_is_a_regression()
    {
        var changes = ContractChange.Between(Of(("f", C(ThreadSafety.MtUnsafe, "g1"))), Of(("f", C(ThreadSafety.MtUnsafe, "g2"))));
        Assert.That(changes.Single().Regression, Is.True);
    }

    [Test]
    public void Contracts_round_trip_through_their_file_and_a_bad_file_says_where()
    {
        string dir = Directory.CreateTempSubdirectory("stampede-contracts-").FullName;
        try
        {
            var contracts = Of(("z", C(ThreadSafety.MtUnsafe, "g")), ("a", C(ThreadSafety.MtSafe)));
            string file = Path.Combine(dir, "contracts.json");
            File.WriteAllText(file, contracts.ToJson());
            var read = LibraryContracts.Read(file);
            Assert.Multiple(() =>
            {
                Assert.That(File.ReadAllText(file), Does.Contain("\"contract\": \"mt-unsafe\"").And.Contain("\"group\": \"g\""));
                Assert.That(File.ReadAllText(file).IndexOf("\"a\"", StringComparison.Ordinal), Is.LessThan(File.ReadAllText(file).IndexOf("\"z\"", StringComparison.Ordinal)), "name order");
                Assert.That(read.Functions.Keys, Is.EquivalentTo(new[] { "a", "z" }));
                Assert.That(read.Functions["z"].Group, Is.EqualTo("g"));
                Assert.That(read.Functions["a"].Tried, Is.EqualTo(Tried).Using<ContractTried>((x, y) => x.Experiments == y.Experiments && x.Repetitions == y.Repetitions && x.Modes.SequenceEqual(y.Modes)));
            });
            File.WriteAllText(file, "{\"schemaVersion\": 1, \"library\": \"x\", \"functions\": {\"f\": {\"contract\": \"sometimes\"}}}");
            Assert.That(() => LibraryContracts.Read(file), Throws.TypeOf<InvalidDataException>().With.Message.StartsWith(file + ": not a contracts file"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

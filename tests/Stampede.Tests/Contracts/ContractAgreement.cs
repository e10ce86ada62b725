using System.Text.Json;
using Stampede.Model.Contracts;

namespace Stampede.Tests.Contracts;

/// <summary>
/// How a classification agrees with the samples' ground truth (native/samples/contracts.json): per function, the
/// contract and, for MT-Unsafe ones, the race group — compared as who shares it (the group's members among the
/// functions classified), since names are the classifier's own. Per class, precision and recall. Shared by the tests
/// and the benchmark (linked into it), which reports every disagreement.
/// </summary>
public sealed class ContractAgreement
{
    public sealed record Row(string Function, ThreadSafety Truth, ThreadSafety Found, bool Agrees, string Why);

    public IReadOnlyList<Row> Rows { get; }

    ContractAgreement(IReadOnlyList<Row> rows) => Rows = rows;

    public double Rate => Rows.Count == 0 ? 0 : (double)Rows.Count(r => r.Agrees) / Rows.Count;

    public IEnumerable<Row> Disagreements => Rows.Where(r => !r.Agrees);

    public double Precision(ThreadSafety c) => Rows.Count(r => r.Found == c) is var n and > 0 ? (double)Rows.Count(r => r.Found == c && r.Truth == c) / n : double.NaN;

    public double Recall(ThreadSafety c) => Rows.Count(r => r.Truth == c) is var n and > 0 ? (double)Rows.Count(r => r.Found == c && r.Truth == c) / n : double.NaN;

    /// <summary>The truth of one sample library: function → (contract, group).</summary>
    public static IReadOnlyDictionary<string, (ThreadSafety Contract, string? Group)> Truth(string manifest, string library)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        var lib = json.RootElement.GetProperty("libraries").EnumerateArray().Single(l => l.GetProperty("name").GetString() == library);
        return lib.GetProperty("functions").EnumerateObject().ToDictionary(f => f.Name, f => (
            JsonSerializer.Deserialize<ThreadSafety>(f.Value.GetProperty("contract").GetRawText()),
            f.Value.TryGetProperty("group", out var g) ? g.GetString() : null));
    }

    public static ContractAgreement Of(LibraryContracts found, IReadOnlyDictionary<string, (ThreadSafety Contract, string? Group)> truth)
    {
        var names = found.Functions.Keys.Where(truth.ContainsKey).Order(StringComparer.Ordinal).ToList();
        IEnumerable<string> TrueMates(string f) => names.Where(g => truth[g].Contract == ThreadSafety.MtUnsafe && truth[g].Group == truth[f].Group);
        IEnumerable<string> FoundMates(string f) => names.Where(g => found.Functions[g].Contract == ThreadSafety.MtUnsafe && found.Functions[g].Group == found.Functions[f].Group);
        var rows = names.Select(f =>
        {
            var (t, c) = (truth[f].Contract, found.Functions[f].Contract);
            if (t != c) return new Row(f, t, c, false, $"{Name(c)}, truth {Name(t)}{(truth[f].Group is { } g ? " " + g : "")}");
            if (t != ThreadSafety.MtUnsafe) return new Row(f, t, c, true, "");
            var (mates, foundMates) = (TrueMates(f).ToList(), FoundMates(f).ToList());
            return mates.Order().SequenceEqual(foundMates.Order())
                ? new Row(f, t, c, true, "")
                : new Row(f, t, c, false, $"race group {{{string.Join(", ", foundMates)}}}, truth {{{string.Join(", ", mates)}}}");
        }).ToList();
        return new ContractAgreement(rows);
    }

    static string Name(ThreadSafety c) => ContractAnnotation.Name(c);
}

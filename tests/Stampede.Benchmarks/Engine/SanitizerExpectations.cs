using System.Text.Json;
using Stampede.Campaigns.Supervision;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// What each race group of <c>native/samples/contracts.json</c> should look like under a sanitizer (its
/// <c>"sanitizer"</c> field: <c>data-race</c>, <c>lock-order-inversion</c>, <c>heap-use-after-free</c>,
/// <c>double-free</c>), and which sanitizer reports that: ThreadSanitizer for races and lock-order inversions,
/// AddressSanitizer for freed memory.
/// </summary>
public sealed class SanitizerExpectations
{
    readonly Dictionary<string, string> reportByGroup;

    SanitizerExpectations(Dictionary<string, string> reports) => reportByGroup = reports;

    public static SanitizerExpectations Read(string contractsPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(contractsPath));
        var reports = new Dictionary<string, string>();
        foreach (var g in json.RootElement.GetProperty("groups").EnumerateObject())
            if (g.Value.TryGetProperty("sanitizer", out var s) && s.GetString() is { } report)
                reports[g.Name] = report;
        return new SanitizerExpectations(reports);
    }

    /// <summary>The report the group's bug should produce, or null when the contracts name none.</summary>
    public string? ExpectedReport(RaceGroup group) => reportByGroup.GetValueOrDefault(group.Name);

    /// <summary>The sanitizer that reports <see cref="ExpectedReport"/>, or null.</summary>
    public Sanitizer? SanitizerFor(RaceGroup group) => ExpectedReport(group) switch
    {
        "data-race" or "lock-order-inversion" => Sanitizer.Thread,
        "heap-use-after-free" or "double-free" => Sanitizer.Address,
        _ => null,
    };

    /// <summary>The sanitizers some group of <paramref name="groups"/> wants, ThreadSanitizer first.</summary>
    public IReadOnlyList<Sanitizer> SanitizersFor(IEnumerable<RaceGroup> groups)
    {
        var wanted = groups.Select(SanitizerFor).OfType<Sanitizer>().Select(s => s.Name).ToHashSet();
        return new[] { Sanitizer.Thread, Sanitizer.Address }.Where(s => wanted.Contains(s.Name)).ToArray();
    }

    /// <summary>TSan / ASan, as the tables write them.</summary>
    public static string Short(string sanitizerName) => sanitizerName switch
    {
        "thread" => "TSan",
        "address" => "ASan",
        _ => sanitizerName,
    };
}

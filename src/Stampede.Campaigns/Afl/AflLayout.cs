using Stampede.Harnesses;
using Stampede.Worker.Afl;
using System.Text.Json;

namespace Stampede.Campaigns.Afl;

/// <summary>
/// The working directory of AFL++ campaigns on one harness:
/// <code>
/// target/          a private copy of the stampede CLI whose decoder is instrumented for SharpFuzz
/// mutator/         the record mutator, compiled (<see cref="RecordMutator"/>)
/// in/              the seeds of the current campaign
/// out/             AFL++'s output (-o): out/&lt;instance&gt;/{queue,crashes,hangs,fuzzer_stats}
/// decoding.json    how out/'s inputs decode (<see cref="AflDecoding"/>), for the import and the export
/// work/&lt;instance&gt;/  the working directory of each instance and its target, during a campaign: files the library makes
///                  from relative paths land there, and are removed with it
/// </code>
/// </summary>
public sealed record AflLayout(string Directory)
{
    public string Target => Path.Combine(Directory, "target");
    public string Mutator => Path.Combine(Directory, "mutator");
    public string Seeds => Path.Combine(Directory, "in");
    public string Output => Path.Combine(Directory, "out");
    public string Work => Path.Combine(Directory, "work");
    string DecodingFile => Path.Combine(Directory, "decoding.json");

    /// <summary>The instances' directories under <see cref="Output"/> (main, s1, ...).</summary>
    public IReadOnlyList<string> Instances() =>
        System.IO.Directory.Exists(Output)
            ? System.IO.Directory.GetDirectories(Output).Where(d => File.Exists(Path.Combine(d, "fuzzer_setup")) || System.IO.Directory.Exists(Path.Combine(d, "queue")))
                .Order(StringComparer.Ordinal).ToArray()
            : [];

    /// <summary>The inputs AFL++ saved under one of queue, crashes or hangs, over every instance (README.txt left out).</summary>
    public IReadOnlyList<string> Saved(string kind) =>
        Instances().SelectMany(i => System.IO.Directory.Exists(Path.Combine(i, kind))
                ? System.IO.Directory.GetFiles(Path.Combine(i, kind), "id:*")
                : [])
            .Order(StringComparer.Ordinal).ToArray();

    /// <exception cref="HarnessException">decoding.json is not what this class writes.</exception>
    public AflDecoding? ReadDecoding()
    {
        if (!File.Exists(DecodingFile)) return null;
        try { return JsonSerializer.Deserialize<AflDecoding>(File.ReadAllText(DecodingFile)); }
        catch (JsonException e) { throw new HarnessException($"{DecodingFile}: not a decoding Stampede wrote ({e.Message})"); }
    }

    public void WriteDecoding(AflDecoding decoding) =>
        Stampede.Findings.AtomicFile.WriteAllText(DecodingFile, JsonSerializer.Serialize(decoding));

    /// <summary>When AFL++ found a saved input: the <c>time:</c> field of its name (ms since its instance started).</summary>
    public static TimeSpan? FoundAfter(string file)
    {
        foreach (string field in Path.GetFileName(file).Split(','))
            if (field.StartsWith("time:", StringComparison.Ordinal) && long.TryParse(field[5..], out long ms)) return TimeSpan.FromMilliseconds(ms);
        return null;
    }
}

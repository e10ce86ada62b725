using System.Text.Json;

namespace Stampede.Findings.Merging;

/// <summary>
/// The control file of a merge's output (<see cref="FileName"/>), as libFuzzer's merge keeps one: one JSON line per
/// event, appended and flushed to disk before the merge goes on. <c>started</c> names the input finding about to be
/// read, <c>done</c> what was read of it (<see cref="Fact"/>). The output is computed from the <c>done</c> facts alone,
/// so a merge killed at any point is run again to the same result, and inputs merged once count even after they are
/// gone (a nightly merge into a long-lived corpus). A line cut short by the kill is ignored.
/// </summary>
public sealed class MergeControl : IDisposable
{
    public const string FileName = "merge.control";

    /// <summary>What a merge read of one input finding: where, under which library and key, and its counts.</summary>
    public sealed record Fact(string Path, string Library, string Signature, int Hits, DateTimeOffset FirstSeen, DateTimeOffset LastSeen,
        IReadOnlyDictionary<string, int>? Variants);

    sealed record Line(string State, string Path, Fact? Fact = null);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly FileStream stream;
    readonly Dictionary<string, Fact> done = new(StringComparer.Ordinal);

    MergeControl(FileStream stream, string? interrupted)
    {
        this.stream = stream;
        Interrupted = interrupted;
    }

    /// <summary>Per input finding's path, the last fact read of it.</summary>
    public IReadOnlyDictionary<string, Fact> Done => done;

    /// <summary>The input an earlier merge had started reading when it stopped; null when it finished.</summary>
    public string? Interrupted { get; }

    /// <summary>Opens (creating) the control file of <paramref name="output"/>, holding it for this merge alone.</summary>
    /// <exception cref="CorpusException">Another merge holds it, or it cannot be written.</exception>
    public static MergeControl Open(string output)
    {
        string path = System.IO.Path.Combine(output, FileName);
        FileStream stream;
        try { stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CorpusException(output, $"cannot take the merge's control file {FileName} (another merge on it, or not writable: {e.Message})", e);
        }
        var facts = new Dictionary<string, Fact>(StringComparer.Ordinal);
        string? started = null;
        using (var reader = new StreamReader(stream, leaveOpen: true))
            while (reader.ReadLine() is { } text)
            {
                Line? line;
                try { line = JsonSerializer.Deserialize<Line>(text, Json); }
                catch (JsonException) { continue; } // cut short by a kill
                if (line is null) continue;
                if (line.State == "started") started = line.Path;
                else if (line is { State: "done", Fact: { } fact })
                {
                    facts[line.Path] = fact;
                    if (started == line.Path) started = null;
                }
            }
        stream.Seek(0, SeekOrigin.End);
        var control = new MergeControl(stream, started);
        foreach (var (key, fact) in facts) control.done[key] = fact;
        return control;
    }

    public void Started(string path) => Append(new Line("started", path));

    public void Finished(Fact fact)
    {
        Append(new Line("done", fact.Path, fact));
        done[fact.Path] = fact;
    }

    void Append(Line line)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(JsonSerializer.Serialize(line, Json) + "\n");
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    public void Dispose() => stream.Dispose();
}

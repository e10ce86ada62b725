using Stampede.Harnesses;
using Stampede.Findings;
using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Afl;

/// <summary>
/// AFL++'s queue as programs: each input decoded the way its campaign decoded it and written in text form into a
/// directory (named by the hash of its text, as the corpus names programs), with its bytes beside it
/// (<see cref="BytesExtension"/>) so that a later AFL++ campaign can start from it again. Into a corpus's
/// interesting/ directory, random campaigns run these programs first and AFL++ campaigns seed from their bytes.
/// </summary>
public static class AflQueueExport
{
    /// <summary>The extension of the AFL++ input kept beside a program (<c>&lt;hash&gt;.txt</c> and <c>&lt;hash&gt;.afl</c>).</summary>
    public const string BytesExtension = ".afl";

    /// <summary>Exports every input of the queue; returns how many inputs there were and how many programs were new.</summary>
    /// <exception cref="HarnessException">The directory holds no AFL++ campaign of Stampede's, or one of another byte format.</exception>
    public static (int Inputs, int New) Run(AflLayout layout, ApiModel model, string destination)
    {
        var decoding = layout.ReadDecoding()
            ?? throw new HarnessException($"{layout.Directory}: no AFL++ campaign here (no decoding.json; run stampede fuzz --engine afl first)");
        if (!decoding.IsCurrent)
            throw new HarnessException($"{layout.Directory}: its inputs are in byte format {decoding.Format}, this version decodes format " +
                                       $"{Model.Programs.ProgramGenerator.ByteFormat}; run stampede fuzz --engine afl again");
        var generator = decoding.Generator(model);
        Directory.CreateDirectory(destination);
        var queue = layout.Saved("queue");
        int fresh = queue.Count(file => Keep(destination, generator.Decode(File.ReadAllBytes(file)), File.ReadAllBytes(file)));
        return (queue.Count, fresh);
    }

    /// <summary>Writes a program and the bytes it came from into <paramref name="directory"/>; true when the program is new there.</summary>
    public static bool Keep(string directory, ConcurrentProgram program, byte[] bytes)
    {
        string text = ProgramText.Print(program);
        bool added = ProgramFiles.Add(directory, text);
        string beside = Path.Combine(directory, ProgramFiles.Hash(text) + BytesExtension);
        if (added || !File.Exists(beside)) AtomicFile.WriteAllBytes(beside, bytes);
        return added;
    }
}

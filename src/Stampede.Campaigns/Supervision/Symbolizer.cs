using Stampede.Oracles.Process;
using Stampede.Sanitizers;
using System.Diagnostics;

namespace Stampede.Campaigns.Supervision;

/// <summary>
/// Turns native frames (module + offset) into function and file:line with llvm-symbolizer, for the libraries whose
/// files are known (the target library and its variants). Frames of other modules are left as they are, and so are
/// frames with no address (gdb's, named by gdb). A return address is looked up one byte earlier, inside its call
/// (<see cref="CapturedFrame.LookupOffset"/>); what llvm-symbolizer cannot name ("??") is an unknown function (null).
/// Without llvm-symbolizer (<paramref name="tool"/> not on PATH) frames keep the names the crash report gave: a finding
/// is never lost for want of a line number.
/// </summary>
public sealed class Symbolizer(IReadOnlyDictionary<string, string> libraryPathsByFileName, string tool = Symbolizer.Tool)
{
    public const string Tool = "llvm-symbolizer-19";

    /// <summary>A symbolizer for one library file.</summary>
    public static Symbolizer For(string libraryPath) =>
        new(new Dictionary<string, string> { [Path.GetFileName(libraryPath)] = libraryPath });

    public IReadOnlyList<CapturedFrame> Symbolize(IReadOnlyList<CapturedFrame> frames)
    {
        var wanted = frames.Where(f => !f.Managed && f.Offset > 0 && libraryPathsByFileName.ContainsKey(f.Module)).ToArray();
        if (wanted.Length == 0) return frames;
        var answers = new Dictionary<(string, long), List<(string? Function, string? Location)>>();
        foreach (var group in wanted.GroupBy(f => f.Module))
        {
            var offsets = group.Select(f => f.LookupOffset).Distinct().ToArray();
            var blocks = Run(tool, libraryPathsByFileName[group.Key], offsets);
            for (int i = 0; i < offsets.Length && i < blocks.Count; i++) answers[(group.Key, offsets[i])] = blocks[i];
        }
        // A frame whose address lies in inlined code becomes one frame per inlined function, innermost first. The crash
        // report's own name stays only where llvm-symbolizer has none and it was looked up at the frame's real place.
        return frames.SelectMany(f => f.Offset > 0 && answers.TryGetValue((f.Module, f.LookupOffset), out var inlined)
            ? inlined.Select(a => f with { Function = a.Function ?? (f.ReturnAddress ? null : f.Function), Location = a.Location })
            : [f]).ToArray();
    }

    /// <summary>Per offset, its (function, file:line:col) pairs, innermost first. llvm-symbolizer prints a pair of
    /// lines per function (more than one when inlined) and a blank line between addresses.</summary>
    static List<List<(string?, string?)>> Run(string tool, string library, long[] offsets)
    {
        var result = new List<List<(string?, string?)>>();
        var psi = new ProcessStartInfo(tool, ["--obj=" + library, .. offsets.Select(o => $"0x{o:x}")])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        string output;
        try
        {
            using var process = Process.Start(psi);
            if (process is null) return result;
            _ = process.StandardError.ReadToEndAsync();
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception) { return result; } // not installed: the frames stay as they were

        foreach (var block in output.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var pairs = new List<(string?, string?)>();
            for (int i = 0; i + 1 < lines.Length; i += 2)
                pairs.Add((UnknownSymbol.OrNull(lines[i]), UnknownSymbol.OrNull(lines[i + 1]) is { } place ? SourcePaths.Relative(place) : null));
            result.Add(pairs);
        }
        return result;
    }
}

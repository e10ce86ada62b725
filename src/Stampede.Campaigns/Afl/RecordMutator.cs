using Stampede.Harnesses;
using System.Diagnostics;
using System.Globalization;
using Stampede.Model.Programs;

namespace Stampede.Campaigns.Afl;

/// <summary>
/// AFL++'s mutations for Stampede's byte format: the custom mutator <c>native/aflmutator/records.c</c>, which works on
/// whole call records (<see cref="CallRecords"/>) and walks the single-decision neighbours of the call whose change
/// made an input worth keeping. Its source travels inside this assembly and is compiled into the campaign's directory
/// with the C compiler the setup installs, so a campaign needs no build step of its own; the layout it mutates is
/// handed over in <see cref="LayoutVariable"/>, so the decoder stays its only definition.
/// </summary>
public static class RecordMutator
{
    public const string LayoutVariable = "STAMPEDE_AFL_RECORDS";
    const string Source = "records.c", Library = "librecords.so";

    /// <summary>The value of <see cref="LayoutVariable"/> for programs of <paramref name="generator"/>: header bytes, record
    /// bytes, records that count, and the options of a record's first two decisions (whose call, which function).</summary>
    public static string Layout(ProgramGenerator generator) => string.Create(CultureInfo.InvariantCulture,
        $"{CallRecords.HeaderSize},{CallRecords.RecordSize},{CallRecords.MaxRecords},{CallRecords.ThreadOptions(generator)},{CallRecords.FunctionOptions(generator)}");

    /// <summary>The compiled mutator in <paramref name="directory"/>, compiled again when its source changed.</summary>
    /// <exception cref="HarnessException">No C compiler, or the source does not compile.</exception>
    public static string Prepare(string directory)
    {
        Directory.CreateDirectory(directory);
        string source = Path.Combine(directory, Source), library = Path.Combine(directory, Library);
        using var embedded = typeof(RecordMutator).Assembly.GetManifestResourceStream(Source)
                             ?? throw new InvalidOperationException($"{Source} is not embedded in {typeof(RecordMutator).Assembly.GetName().Name}");
        string text = new StreamReader(embedded).ReadToEnd();
        if (File.Exists(library) && File.Exists(source) && File.ReadAllText(source) == text) return library;

        File.WriteAllText(source, text);
        string compiler = new[] { "clang-19", "clang", "cc" }.Select(SearchPath.Find).FirstOrDefault(c => c is not null)
                          ?? throw new HarnessException("no C compiler (clang-19, clang or cc) on PATH for the AFL++ record mutator: run scripts/setup");
        var psi = new ProcessStartInfo(compiler) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in (string[])["-O2", "-shared", "-fPIC", "-o", library, source]) psi.ArgumentList.Add(arg);
        using var process = Process.Start(psi) ?? throw new HarnessException($"cannot start {compiler}");
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new HarnessException($"{compiler} could not compile {source}: {errors.Split('\n').FirstOrDefault(l => l.Length > 0)}");
        return library;
    }
}

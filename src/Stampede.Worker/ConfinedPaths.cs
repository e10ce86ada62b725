using Stampede.Model.Api;
using Stampede.Model.Programs;

namespace Stampede.Worker;

/// <summary>
/// Keeps the files a program's calls name inside the worker's working directory (a scratch directory of its own, which
/// the supervisor sets). A relative path lands there already; a string passed to a parameter named like a path
/// (path, file, dir, name: <c>fopen(__filename, __modes)</c>), or left unnamed by its header (zlib's
/// <c>gzopen(const char *, const char *)</c>), that is absolute or climbs out
/// with a <c>..</c> component — generated strings can be, since <c>/</c> and <c>.</c> are in generation's alphabet, and
/// corpus programs are text anyone writes — is rewritten before the program runs: its <c>/</c> become <c>_</c>, and a
/// bare <c>..</c> becomes <c>__</c>, so it names one file in the working directory (<c>/tmp/x</c> opens <c>_tmp_x</c>).
/// The rewrite keeps the string's length, so a length argument that goes with it still fits. Every run of the program
/// (repetitions, reference runs, reproduction) is rewritten alike; the program kept in findings is as generated.
/// </summary>
public static class ConfinedPaths
{
    static readonly string[] PathWords = ["path", "file", "dir", "name"];

    /// <summary><paramref name="program"/> with its path-like string arguments confined.</summary>
    public static ConcurrentProgram Of(ConcurrentProgram program, ApiModel model)
    {
        EquatableList<Call> Calls(EquatableList<Call> calls) => [.. calls.Select(c => Confined(c, model.Function(c.Function)))];
        return program with { Setup = Calls(program.Setup), Threads = [.. program.Threads.Select(t => new ProgramThread(Calls(t.Calls)))] };
    }

    static Call Confined(Call call, ApiFunction? function) => function is null ? call : call with
    {
        Arguments = [.. call.Arguments.Select((a, i) =>
            a is StringArgument s && i < function.Parameters.Count && IsPathLike(function.Parameters[i].Name, i) ? new StringArgument(Confine(s.Value)) : a)],
    };

    /// <summary>Whether parameter <paramref name="index"/> may take a path: its name says so (headers write
    /// <c>path</c>, <c>filename</c>, <c>__file</c>, <c>dirname</c>, <c>zFilename</c>), or the header gave it no name.</summary>
    public static bool IsPathLike(string parameterName, int index)
    {
        string name = parameterName.ToLowerInvariant();
        return parameterName == ApiParameter.Unnamed(index) || PathWords.Any(word => name.Contains(word, StringComparison.Ordinal));
    }

    /// <summary>A path that stays in the working directory: <paramref name="value"/> itself when it is relative and does
    /// not climb out, else the same with every <c>/</c> made <c>_</c> (and a bare <c>..</c> made <c>__</c>).</summary>
    public static string Confine(string value)
    {
        string seen = value.Split('\0')[0]; // what the C side reads
        if (!seen.StartsWith('/') && !seen.Split('/').Contains("..")) return value;
        string flat = value.Replace('/', '_');
        return flat.Split('\0')[0] == ".." ? "__" + flat[2..] : flat;
    }
}

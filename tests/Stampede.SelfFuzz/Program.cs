using System.Text;
using SharpFuzz;
using Stampede.SelfFuzz;

// The entry point scripts/fuzz-self runs: under afl-fuzz (fuzz), to set up a run (prepare), or to replay inputs
// without afl-fuzz (check), which is how a crash AFL++ saved is reproduced.
const string Usage = """
    usage: Stampede.SelfFuzz fuzz TARGET            run under afl-fuzz, one input per execution on stdin
           Stampede.SelfFuzz prepare TARGET DIR     write seed inputs to DIR/seeds, an AFL++ dictionary to DIR/dictionary
                                                    and the assemblies to instrument, one a line, to DIR/instrument
           Stampede.SelfFuzz check TARGET FILE...   run inputs once; exit 1 if one breaks the target's contract
    """;

if (args.Length < 2 || !SelfFuzzTargets.Names.Contains(args[1]))
{
    Console.Error.WriteLine(args.Length < 2 ? Usage
        : $"error: target '{args[1]}' is invalid. Available targets are: {string.Join(", ", SelfFuzzTargets.Names)}");
    return 2;
}
if (args is ["fuzz", var name])
{
    // The target (and the instrumented Stampede.Model it loads) is made inside the action, in the process that
    // has the coverage map: instrumented code run before that writes through a null map pointer.
    ISelfFuzzTarget? fuzzed = null;
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var input = new MemoryStream();
        stream.CopyTo(input);
        fuzzed ??= SelfFuzzTargets.Create(name, SampleModels.Bundled);
        fuzzed.Run(input.ToArray());
    });
    return 0;
}
var target = SelfFuzzTargets.Create(args[1], SampleModels.Bundled);
using var scratch = target as IDisposable; // a target's scratch files, removed when the command is done
switch (args[0])
{
    case "prepare" when args.Length == 3:
        var seeds = Directory.CreateDirectory(Path.Combine(args[2], "seeds")).FullName;
        foreach (var seed in target.Seeds()) File.WriteAllBytes(Path.Combine(seeds, seed.Name), seed.Bytes);
        File.WriteAllLines(Path.Combine(args[2], "dictionary"), target.DictionaryTokens().Distinct().Select((t, i) => $"t{i}=\"{AflEscape(t)}\""));
        File.WriteAllLines(Path.Combine(args[2], "instrument"), target.Instrumented);
        return 0;
    case "check" when args.Length >= 3:
        var broken = 0;
        foreach (var file in args[2..])
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
                Console.WriteLine($"ok {file}");
            }
            catch (Exception e)
            {
                broken++;
                Console.WriteLine($"broken {file}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
                Console.WriteLine(string.Join('\n', e.ToString().Split('\n').Select(l => "    " + l)));
            }
        }
        return broken > 0 ? 1 : 0;
    default:
        Console.Error.WriteLine(Usage);
        return 2;
}

// AFL++ dictionary values are quoted, with \" \\ and \xNN for everything outside printable ASCII.
static string AflEscape(string token)
{
    var text = new StringBuilder();
    foreach (var b in Encoding.UTF8.GetBytes(token))
        text.Append(b switch
        {
            (byte)'"' => "\\\"",
            (byte)'\\' => "\\\\",
            >= 0x20 and < 0x7f => ((char)b).ToString(),
            _ => $"\\x{b:X2}",
        });
    return text.ToString();
}

using System.CommandLine;
using Stampede.Cli.Options;
using Stampede.Harnesses;

namespace Stampede.Cli.Commands;

/// <summary><c>stampede cflags --variant V</c>: the compiler and linker flags of a build variant on one line
/// (<see cref="VariantFlags"/>), for users who build their own library that way:
/// <c>clang-19 $(stampede cflags --variant schedule) -shared -fPIC -o libx.so x.c</c>. With <c>--runtime-source</c>,
/// the C files of the variant's runtime instead (<see cref="RuntimeSources"/>), which come with the tool.</summary>
internal static class CflagsCommand
{
    public static Command Create()
    {
        var variant = CliOptions.Variant("plain, thread (ThreadSanitizer), address (AddressSanitizer + UBSan), coverage " +
                                         "(SanitizerCoverage counters; also compile in the runtime --runtime-source names) or schedule (scheduling points of the runtime --runtime-source names)");
        var runtimeSource = new Option<bool>("--runtime-source")
        {
            Description = "print the C files of the variant's runtime instead: coverage's, to compile into the library " +
                          "(uninstrumented); schedule's, to build into libstampede_schedrt.so beside it",
        };
        var command = new Command("cflags", "Print the compiler and linker flags of a build variant, on one line");
        command.Options.Add(variant);
        command.Options.Add(runtimeSource);
        command.SetAction(parse =>
        {
            var chosen = parse.GetValue(variant);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(runtimeSource)
                ? string.Join(' ', RuntimeSources.Of(chosen))
                : VariantFlags.Of(chosen).Line);
            return ExitCodes.Ok;
        });
        return command;
    }
}

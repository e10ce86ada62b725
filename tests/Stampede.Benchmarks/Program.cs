using BenchmarkDotNet.Running;
using Stampede.Benchmarks.Engine;

// engine [options]: the engine benchmark of scripts/bench (time to detect, naive baseline, negative controls, overhead).
// naive ...: the naive baseline's child process, started by the engine benchmark.
// Anything else goes to BenchmarkDotNet, e.g. the call-overhead benchmark:
// dotnet run -c Release --project tests/Stampede.Benchmarks -- --filter '*' --job short --artifacts build/benchmarks
return args.FirstOrDefault() switch
{
    "engine" => EngineBenchmark.Run(args[1..]),
    "naive" => NaiveCommand.Run(args[1..]),
    _ => RunBenchmarkDotNet(args),
};

static int RunBenchmarkDotNet(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    return 0;
}

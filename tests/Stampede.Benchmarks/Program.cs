using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Stampede.Benchmarks -- --filter '*' --job short --artifacts build/benchmarks
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

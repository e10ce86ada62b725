namespace Stampede.SelfFuzz;

/// <summary>A starting input for afl-fuzz, written as <see cref="Name"/> in its input directory.</summary>
public sealed record SeedInput(string Name, byte[] Bytes);

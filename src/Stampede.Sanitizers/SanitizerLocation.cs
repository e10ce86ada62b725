namespace Stampede.Sanitizers;

/// <summary>
/// Where the accessed memory lives. <see cref="Kind"/>: <c>global</c> (<see cref="Name"/> is the variable,
/// <see cref="DefinedAt"/> what the report says about where: <c>libtextkit.so+0x40b8</c> or <c>file.c:3:5</c>),
/// <c>heap</c> (a block of <see cref="Size"/> bytes, allocated by <see cref="Thread"/> at <see cref="AllocationStack"/>),
/// <c>stack</c>, <c>tls</c>, or <c>other</c>. <see cref="Text"/> is the report's line.
/// </summary>
public sealed record SanitizerLocation(
    string Kind, string? Name, string? DefinedAt, long? Size, string? Thread, IReadOnlyList<SanitizerFrame> AllocationStack, string Text);

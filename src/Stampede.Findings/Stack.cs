namespace Stampede.Findings;

/// <summary>A named stack (<c>t1 in kv_get (crashed)</c>), innermost frame first.</summary>
public sealed record Stack(string Name, IReadOnlyList<Frame> Frames);

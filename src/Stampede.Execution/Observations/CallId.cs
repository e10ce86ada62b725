namespace Stampede.Execution.Observations;

/// <summary>A call's place in a program: its thread and its position in that thread's list.</summary>
public readonly record struct CallId(int Thread, int Position)
{
    public override string ToString() => $"t{Thread}.{Position}";
}

namespace Stampede.Model.Programs;

/// <summary>Where a call is: call <see cref="Index"/> of setup (<see cref="Thread"/> null) or of a thread.</summary>
public readonly record struct CallSite(int? Thread, int Index)
{
    public override string ToString() => Thread is { } t ? $"thread {t} call {Index}" : $"setup call {Index}";
}

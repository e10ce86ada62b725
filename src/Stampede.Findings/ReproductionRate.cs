namespace Stampede.Findings;

/// <summary>How often a finding came back when its program was run again: <see cref="Reproduced"/> of <see cref="Runs"/>.</summary>
public readonly record struct ReproductionRate(int Reproduced, int Runs)
{
    public override string ToString() => $"{Reproduced}/{Runs}";

    /// <summary>Two measurements of one program as one: more runs of the same thing.</summary>
    public static ReproductionRate operator +(ReproductionRate a, ReproductionRate b) => new(a.Reproduced + b.Reproduced, a.Runs + b.Runs);
}

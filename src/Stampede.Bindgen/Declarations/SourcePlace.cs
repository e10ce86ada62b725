namespace Stampede.Bindgen.Declarations;

/// <summary>Where a declaration is in a header, for messages and the API model.</summary>
public sealed record SourcePlace(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

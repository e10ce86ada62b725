namespace Stampede.Model.Contracts;

/// <summary>
/// How one function's contract changed between two versions of a library (<c>classify --diff</c>). A function that
/// became less safe, or joined another race group, is a <see cref="Regression"/>: callers that relied on the old
/// contract now race.
/// </summary>
public sealed record ContractChange(string Function, FunctionContract? Old, FunctionContract? New)
{
    public bool Regression => Old is not null && New is not null &&
        (New.Contract > Old.Contract || New.Contract == ThreadSafety.MtUnsafe && Old.Contract == ThreadSafety.MtUnsafe && New.Group != Old.Group);

    public string Describe() => (Old, New) switch
    {
        (null, { } n) => $"{Function}: new function, {Text(n)}",
        ({ } o, null) => $"{Function}: removed (was {Text(o)})",
        ({ } o, { } n) => $"{Function}: {Text(o)} -> {Text(n)}{(Regression ? " (regression: less safe)" : " (safer)")}",
        _ => Function,
    };

    static string Text(FunctionContract c) => ContractAnnotation.Of(c);

    /// <summary>The functions whose contract (or race group) differs between <paramref name="old"/> and <paramref name="new"/>.</summary>
    public static IReadOnlyList<ContractChange> Between(LibraryContracts old, LibraryContracts @new) =>
        old.Functions.Keys.Union(@new.Functions.Keys).Order(StringComparer.Ordinal)
            .Select(name => new ContractChange(name, old.Functions.GetValueOrDefault(name), @new.Functions.GetValueOrDefault(name)))
            .Where(c => c.Old is null || c.New is null || c.Old.Contract != c.New.Contract || c.Old.Group != c.New.Group)
            .ToList();
}

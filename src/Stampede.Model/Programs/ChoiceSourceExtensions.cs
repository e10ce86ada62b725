namespace Stampede.Model.Programs;

/// <summary>Decisions built on <see cref="IChoiceSource.Choose"/>.</summary>
public static class ChoiceSourceExtensions
{
    /// <summary>True with probability 1/<paramref name="n"/>; false when a byte source has run out, so that the
    /// rare branch is never the default.</summary>
    public static bool OneIn(this IChoiceSource source, int n) => source.Choose(n) == n - 1;

    public static T Pick<T>(this IChoiceSource source, IReadOnlyList<T> items) => items[source.Choose(items.Count)];

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public static int Between(this IChoiceSource source, int min, int max) => min + source.Choose(max - min + 1);
}

using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Stampede.Model;

/// <summary>
/// Makes System.Text.Json refuse, with a <see cref="JsonException"/>, an object that holds null where its type says
/// it cannot: a non-nullable member that the JSON leaves out or sets to null, or a null element of a list (value of a
/// dictionary) whose element type is non-nullable. Left alone, System.Text.Json stores such a null (its
/// <c>RespectNullableAnnotations</c> sees neither a constructor parameter left out nor what a list holds), the code
/// that gets the object trusts the annotation, and the null fails far from the input, as a NullReferenceException.
/// One check for every type read, rather than one per member.
/// </summary>
public static class DeclaredNullability
{
    /// <summary>A resolver for <see cref="JsonSerializerOptions.TypeInfoResolver"/> that checks every object it reads.</summary>
    public static DefaultJsonTypeInfoResolver Resolver() => new() { Modifiers = { Enforce } };

    private sealed record Check(string Member, Func<object, object?> Get, bool Itself, bool Elements);

    private static void Enforce(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        var context = new NullabilityInfoContext();
        var checks = type.Properties
            .Where(p => p.Get is not null && p.AttributeProvider is PropertyInfo)
            .Select(p => (Property: p, Info: context.Create((PropertyInfo)p.AttributeProvider!)))
            .Select(p => new Check($"{type.Type.Name}.{p.Property.Name}", p.Property.Get!, NotNull(p.Info), ElementsNotNull(p.Info)))
            .Where(c => c.Itself || c.Elements)
            .ToArray();
        if (checks.Length == 0) return;
        var previous = type.OnDeserialized;
        type.OnDeserialized = value =>
        {
            previous?.Invoke(value);
            foreach (var check in checks)
            {
                var member = check.Get(value);
                if (member is null && check.Itself) throw new JsonException($"{check.Member} is missing or null");
                var entries = member is IDictionary map ? map.Values : member as IEnumerable;
                if (check.Elements && entries is not null && entries.Cast<object?>().Any(e => e is null))
                    throw new JsonException($"{check.Member} holds a null");
            }
        };
    }

    private static bool NotNull(NullabilityInfo info) => info.ReadState == NullabilityState.NotNull && !info.Type.IsValueType;

    // A list's element, or a dictionary's value (its last type argument).
    private static bool ElementsNotNull(NullabilityInfo info) =>
        info.Type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(info.Type)
        && (info.ElementType ?? info.GenericTypeArguments.LastOrDefault()) is { } element && NotNull(element);
}

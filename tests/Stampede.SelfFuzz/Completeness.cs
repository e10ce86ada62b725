using System.Collections;
using System.Reflection;

namespace Stampede.SelfFuzz;

/// <summary>
/// Whether an object read from JSON is whole: no property its type declares non-nullable holds null, in it or in
/// the records and lists it holds. System.Text.Json leaves such a member null unless told to respect nullable
/// annotations, and the code that gets the object trusts the annotation, so a null there fails far from the input.
/// </summary>
public static class Completeness
{
    public static void Check(object value, string path)
    {
        var context = new NullabilityInfoContext();
        Check(value, path, context);
    }

    private static void Check(object value, string path, NullabilityInfoContext context)
    {
        if (!IsStampedeType(value.GetType())) return;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            var info = context.Create(property);
            var member = property.GetValue(value);
            var at = $"{path}.{property.Name}";
            if (member is null)
            {
                if (info.ReadState == NullabilityState.NotNull) throw new ContractViolation($"{at} is null, which its type does not allow");
                continue;
            }
            if (member is IEnumerable items and not string)
            {
                var element = info.ElementType ?? info.GenericTypeArguments.LastOrDefault();
                var index = 0;
                foreach (var item in items)
                {
                    // A dictionary's entries: what may not be null is the value.
                    var entry = item is not null && item.GetType() is { IsGenericType: true } pair && pair.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
                        ? pair.GetProperty("Value")!.GetValue(item) : item;
                    if (entry is null && element?.ReadState == NullabilityState.NotNull)
                        throw new ContractViolation($"{at}[{index}] is null, which its type does not allow");
                    if (entry is not null) Check(entry, $"{at}[{index}]", context);
                    index++;
                }
                continue;
            }
            Check(member, at, context);
        }
    }

    private static bool IsStampedeType(Type type) =>
        type.Namespace?.StartsWith("Stampede.", StringComparison.Ordinal) == true && type.IsClass;
}

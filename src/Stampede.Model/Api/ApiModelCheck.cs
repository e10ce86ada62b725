using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Stampede.Model.Api;

/// <summary>
/// What the JSON schema cannot say about an API model: every member present, names that the program text form
/// can write, one function per name at its own index, parameter links that point at parameters. api.json is
/// generated, but it is a file that can be stale, edited or damaged; a model that passes here does not fail later,
/// deep inside generation or validation, with an exception that names neither the file nor the member.
/// </summary>
internal static class ApiModelCheck
{
    /// <summary>The first problem, as "member: what is wrong", or null for a usable model. A NullabilityInfoContext
    /// per check, because it caches without locks and models may be read on several threads.</summary>
    public static string? FirstProblem(ApiModel model) => Missing(new NullabilityInfoContext(), model, "") ?? Names(model) ?? Links(model);

    /// <summary>A null where the record's type says there is always a value (JSON <c>null</c>, or the member left
    /// out), in the model's records and in the lists they hold.</summary>
    private static string? Missing(NullabilityInfoContext nullabilities, object record, string path)
    {
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var at = (path.Length == 0 ? "" : path + ".") + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var nullability = nullabilities.Create(property);
            switch (property.GetValue(record))
            {
                case null when nullability.ReadState == NullabilityState.NotNull: return $"{at} is missing";
                case null or string: break;
                case IEnumerable list:
                    var elementMayBeNull = nullability.GenericTypeArguments is [{ ReadState: NullabilityState.Nullable }];
                    var i = 0;
                    foreach (var element in list)
                    {
                        if (element is null && !elementMayBeNull) return $"{at}[{i}] is missing";
                        if (element is not null && IsModelRecord(element) && Missing(nullabilities, element, $"{at}[{i}]") is { } inElement) return inElement;
                        i++;
                    }
                    break;
                case var value when IsModelRecord(value):
                    if (Missing(nullabilities, value, at) is { } inValue) return inValue;
                    break;
            }
        }
        return null;
    }

    private static bool IsModelRecord(object value) =>
        value.GetType() is { IsClass: true } t && t.Namespace == typeof(ApiModel).Namespace;

    /// <summary>Names that appear in program text must be writable there: programs are stored and replayed as text.</summary>
    private static string? Names(ApiModel model)
    {
        if (!ApiNames.IsLibraryName(model.Library))
            return $"library '{model.Library}' cannot be written in a program (letters, digits and _ . - + only)";
        var first = new Dictionary<string, int>();
        for (var i = 0; i < model.Functions.Count; i++)
        {
            var name = model.Functions[i].Name;
            if (!ApiNames.IsName(name)) return $"functions[{i}].name '{name}' is not a C identifier";
            if (!first.TryAdd(name, i)) return $"functions[{i}].name: {name} is also functions[{first[name]}]";
        }
        for (var e = 0; e < model.Enums.Count; e++)
            for (var m = 0; m < model.Enums[e].Members.Count; m++)
                if (model.Enums[e].Members[m].Name is var member && !ApiNames.IsName(member))
                    return $"enums[{e}].members[{m}].name '{member}' is not a C identifier";
        return null;
    }

    /// <summary>The generated dispatcher calls a function by its index; a buffer and its length name each other by
    /// parameter position, and so do a handle and its owner.</summary>
    private static string? Links(ApiModel model)
    {
        for (var i = 0; i < model.Functions.Count; i++)
        {
            var f = model.Functions[i];
            if (f.Index != i) return $"functions[{i}].index is {f.Index}, not its position {i}";
            for (var p = 0; p < f.Parameters.Count; p++)
            {
                var parameter = f.Parameters[p];
                foreach (var (member, link) in new[] { ("lengthParameter", parameter.LengthParameter), ("bufferParameter", parameter.BufferParameter) })
                    if (link is { } l && (l < 0 || l >= f.Parameters.Count || l == p))
                        return $"functions[{i}].parameters[{p}].{member} {l} is not a parameter of {f.Name} other than this one";
                if (parameter.ElementSize is < 1)
                    return $"functions[{i}].parameters[{p}].elementSize {parameter.ElementSize} is not a size in bytes (1 or more)";
                if (parameter.PassedTo is { } passed && (parameter.Role != ParameterRole.HandleIn || passed.Parameter == p || !IsHandle(f, passed.Parameter)))
                    return $"functions[{i}].parameters[{p}].passedTo: only a handle-in parameter is passed, to another handle-in parameter of {f.Name} or to the library (no parameter)";
                if (parameter.MemberOf is { } memberOf && (parameter.Role != ParameterRole.HandleIn || memberOf.Parameter is not { } k || k == p || !IsHandle(f, k)))
                    return $"functions[{i}].parameters[{p}].memberOf: only a handle-in parameter is a member, of another handle-in parameter of {f.Name}";
                if (parameter.ReferenceIn is { } referenceIn && (parameter.Role != ParameterRole.HandleIn || referenceIn.Parameter is not { } r || r == p || !IsHandle(f, r)))
                    return $"functions[{i}].parameters[{p}].referenceIn: only a handle-in parameter is referenced, from another handle-in parameter of {f.Name}";
                if (parameter.DropsOwned is not null && parameter.Role != ParameterRole.HandleIn)
                    return $"functions[{i}].parameters[{p}].dropsOwned: only a handle-in parameter owns handles";
            }
            if (f.Returns.RefersTo is { } refers && (f.Returns.Role != ReturnRole.HandleProducer || refers.Parameter is null || !IsHandle(f, refers.Parameter)))
                return $"functions[{i}].returns.refersTo: only a returned handle refers, to a handle-in parameter of {f.Name}";
            if (f.Returns.BorrowedFrom is { } borrowed && (f.Returns.Role != ReturnRole.HandleProducer || !IsHandle(f, borrowed.Parameter)))
                return $"functions[{i}].returns.borrowedFrom: only a returned handle is borrowed, from a handle-in parameter of {f.Name} or from the library (no parameter)";
        }
        return null;
    }

    /// <summary>An owner is a handle-in parameter, or the library (null).</summary>
    private static bool IsHandle(ApiFunction f, int? parameter) =>
        parameter is not { } k || (k >= 0 && k < f.Parameters.Count && f.Parameters[k].Role == ParameterRole.HandleIn);
}

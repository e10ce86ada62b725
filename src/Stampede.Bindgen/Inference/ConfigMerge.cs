using Stampede.Bindgen.Config;
using Stampede.Bindgen.Declarations;
using Stampede.Model.Api;

namespace Stampede.Bindgen.Inference;

/// <summary>Applies a function's config overrides over its inferred model; parameter names must exist.</summary>
internal static class ConfigMerge
{
    public static ApiFunction Function(ApiFunction inferred, FunctionDecl decl, BindgenConfig config, string configName, string? neverCall, string? nondeterministic)
    {
        var function = inferred with
        {
            NeverCall = neverCall,
            Nondeterministic = nondeterministic,
            OrderInsensitive = config.OrderInsensitive?.GetValueOrDefault(decl.Name),
            KeepCalling = config.KeepCalling?.GetValueOrDefault(decl.Name),
        };
        if (config.Functions?.GetValueOrDefault(decl.Name) is not { } over) return function;
        if (over.Returns is { } role)
            function = function with { Returns = function.Returns with { Role = role, Why = "set in config" } };
        var parameters = function.Parameters.ToList();
        if (over.BorrowedFrom is { } from)
            function = function with { Returns = function.Returns with { BorrowedFrom = Owner(from, parameters, decl.Name, "borrowedFrom", configName) } };
        foreach (var (name, p) in over.Parameters ?? new Dictionary<string, ParameterOverride>())
        {
            var i = parameters.FindIndex(x => x.Name == name);
            if (i < 0)
                throw new BindgenException($"{configName}: function '{decl.Name}' has no parameter '{name}' (it has: {string.Join(", ", parameters.Select(x => x.Name))})");
            var merged = parameters[i];
            if (p.Role is { } r) merged = merged with { Role = r, Why = "set in config" };
            if (p.Resource is { } res) merged = merged with { Resource = res };
            if (p.Domain is { } d) merged = merged with { Domain = d };
            if (p.PassedTo is { } to) merged = merged with { PassedTo = Owner(to, parameters, decl.Name, $"parameters.{name}.passedTo", configName) };
            if (p.DropsOwned is { } drops) merged = merged with { DropsOwned = drops ? "set in config" : null };
            if (p.LengthOf is { } of)
            {
                var b = parameters.FindIndex(x => x.Name == of);
                if (b < 0) throw new BindgenException($"{configName}: function '{decl.Name}' has no parameter '{of}' (lengthOf of '{name}')");
                merged = merged with { Role = ParameterRole.Length, BufferParameter = b, Why = "set in config" };
                parameters[b] = parameters[b] with { LengthParameter = i };
            }
            parameters[i] = merged;
        }
        return function with { Parameters = parameters };
    }

    /// <summary>An owner named in the config: a parameter, the library, or the caller (no owner: null).</summary>
    private static HandleOwner? Owner(string name, List<ApiParameter> parameters, string function, string key, string configName)
    {
        if (name == OwnerName.Caller) return null;
        if (name == OwnerName.Library) return new HandleOwner(null, "set in config");
        var i = parameters.FindIndex(x => x.Name == name);
        if (i >= 0 && parameters[i].Role != ParameterRole.HandleIn)
            throw new BindgenException($"{configName}: function '{function}': {key} names '{name}', which is not a handle parameter");
        return i >= 0 ? new HandleOwner(i, "set in config")
            : throw new BindgenException($"{configName}: function '{function}' has no parameter '{name}' ({key}: a parameter, \"{OwnerName.Library}\" or \"{OwnerName.Caller}\")");
    }
}

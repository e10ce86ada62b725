using Stampede.Model.Api;

namespace Stampede.Bindgen.Inference;

/// <summary>
/// Infers, from a function's name and handle parameters, whose a handle is when it is not simply the caller's: a
/// returned handle <em>borrowed</em> from a parameter's handle or from the library, a handle parameter whose ownership
/// is <em>passed</em> to another, and a handle parameter whose owned handles the call may free or detach. Conservative:
/// a name that says the call makes its result keeps the result the caller's, and a rule fires only on the words of
/// <see cref="NamingRules"/>; the config corrects both ways.
/// </summary>
internal static class OwnershipInference
{
    public static ApiFunction Infer(ApiFunction f)
    {
        var handles = Enumerable.Range(0, f.Parameters.Count).Where(i => f.Parameters[i].Role == ParameterRole.HandleIn).ToList();
        var parameters = f.Parameters.ToList();
        if (Passed(f, handles) is var (item, container, insert))
            parameters[item] = parameters[item] with
            {
                PassedTo = new HandleOwner(container,
                    $"name has '{insert}' and takes two {f.Parameters[item].Resource} handles: the call puts '{f.Parameters[item].Name}' into '{f.Parameters[container].Name}', which owns it then"),
            };
        if (handles.Count > 0 && f.Parameters.Count >= 2 &&
            NamingRules.WordOf(f.Name, [.. NamingRules.DestructorWords, .. NamingRules.DropWords]) is { } drop)
            parameters[handles[0]] = parameters[handles[0]] with
            {
                DropsOwned = $"name has '{drop}' and the call takes more than '{f.Parameters[handles[0]].Name}': it may free or detach what '{f.Parameters[handles[0]].Name}' holds",
            };
        return f with { Parameters = parameters, Returns = f.Returns with { BorrowedFrom = Borrowed(f, handles) } };
    }

    /// <summary>Keeps <see cref="ApiParameter.DropsOwned"/> only on resources whose handles can hold others (some
    /// function borrows a handle from one, or passes one to one): kv_delete(store, key) deletes an entry, not a handle.</summary>
    public static List<ApiFunction> DropOnlyWhereHeld(List<ApiFunction> functions)
    {
        var holders = functions.SelectMany(f => OwnerParameters(f).Select(k => f.Parameters[k].Resource)).ToHashSet();
        return [.. functions.Select(f => f with
        {
            Parameters = [.. f.Parameters.Select(p => p.DropsOwned is not null && !holders.Contains(p.Resource) ? p with { DropsOwned = null } : p)],
        })];
    }

    private static IEnumerable<int> OwnerParameters(ApiFunction f)
    {
        if (f.Returns.BorrowedFrom?.Parameter is { } from) yield return from;
        foreach (var p in f.Parameters)
            if (p.PassedTo?.Parameter is { } to) yield return to;
    }

    /// <summary>A returned handle the call does not make: one it puts into its first handle parameter
    /// (cJSON_AddObjectToObject), or one it finds (cJSON_GetObjectItem, sqlite3_db_mutex, lua_newthread), borrowed from
    /// the first handle parameter or, without one, from the library (sqlite3_vfs_find).</summary>
    private static HandleOwner? Borrowed(ApiFunction f, List<int> handles)
    {
        if (f.Returns.Role != ReturnRole.HandleProducer) return null;
        if (NamingRules.WordOf(f.Name, NamingRules.ConstructorWords) is not null) return null;
        var resource = f.Returns.Resource;
        if (handles.Count > 0 && NamingRules.WordOf(f.Name, NamingRules.InsertWords) is { } insert)
            return new HandleOwner(handles[0],
                $"returns a {resource} that the call puts into '{f.Parameters[handles[0]].Name}' (name has '{insert}'): '{f.Parameters[handles[0]].Name}' owns it");
        if (NamingRules.WordOf(f.Name, NamingRules.BorrowWords, glued: true) is not { } borrow) return null;
        return handles.Count > 0
            ? new HandleOwner(handles[0],
                $"returns a {resource} it does not make (name has '{borrow}', no constructor word): borrowed from '{f.Parameters[handles[0]].Name}'")
            : new HandleOwner(null, $"returns a {resource} it does not make (name has '{borrow}', no constructor word) and takes no handle: the library owns it");
    }

    /// <summary>The handle parameter passed to a container: with an insert word (and no reference word), the last of
    /// two or more handle parameters of one resource goes into the first of them (cJSON_AddItemToObject(object, name,
    /// item), cJSON_ReplaceItemViaPointer(parent, item, replacement)).</summary>
    private static (int Item, int Container, string Insert)? Passed(ApiFunction f, List<int> handles)
    {
        if (NamingRules.WordOf(f.Name, NamingRules.InsertWords) is not { } insert || NamingRules.WordOf(f.Name, NamingRules.ReferenceWords) is not null)
            return null;
        foreach (var group in handles.GroupBy(i => f.Parameters[i].Resource))
            if (group.Count() >= 2)
                return (group.Last(), group.First(), insert);
        return null;
    }
}

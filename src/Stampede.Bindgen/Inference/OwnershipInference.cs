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
        if (Put(f, handles) is var (item, container, insert))
            parameters[item] = NamingRules.WordOf(f.Name, NamingRules.ReferenceWords) is { } reference
                ? parameters[item] with
                {
                    ReferenceIn = new HandleOwner(container,
                        $"name has '{insert}' and '{reference}' and takes two {f.Parameters[item].Resource} handles: the call puts a reference to '{f.Parameters[item].Name}' into '{f.Parameters[container].Name}'"),
                }
                : parameters[item] with
                {
                    PassedTo = new HandleOwner(container,
                        $"name has '{insert}' and takes two {f.Parameters[item].Resource} handles: the call puts '{f.Parameters[item].Name}' into '{f.Parameters[container].Name}', which owns it then"),
                };
        if (handles.Count > 0 && f.Parameters.Count >= 2 &&
            NamingRules.WordOf(f.Name, [.. NamingRules.DestructorWords, .. NamingRules.DropWords]) is { } drop)
        {
            var holder = f.Parameters[handles[0]];
            parameters[handles[0]] = holder with
            {
                DropsOwned = $"name has '{drop}' and the call takes more than '{holder.Name}': it may free or detach what '{holder.Name}' holds",
            };
            // The other handles of the holder's resource that the call does not put in are what it takes out: the
            // library finds them in the holder's list (a handle from elsewhere is unlinked through pointers it lacks).
            foreach (var k in handles.Skip(1).Where(k => f.Parameters[k].Resource == holder.Resource && parameters[k].PassedTo is null))
                parameters[k] = parameters[k] with
                {
                    MemberOf = new HandleOwner(handles[0],
                        $"name has '{drop}' and the call takes '{f.Parameters[k].Name}' out of '{holder.Name}': it must be one '{holder.Name}' holds"),
                };
        }
        var borrowed = Borrowed(f, handles);
        return f with { Parameters = parameters, Returns = f.Returns with { BorrowedFrom = borrowed, RefersTo = borrowed is null ? RefersTo(f, handles) : null } };
    }

    /// <summary>Why a program must never call <paramref name="f"/>, when it frees memory the library allocated
    /// (cJSON_free(void *object), sqlite3_free, xmlFree): named like a destructor, its only parameter a pointer that is
    /// no handle. Such memory comes back as a pointer or string no program holds as a handle, so every argument a
    /// program can give it (a buffer of the worker's, a string literal) is memory malloc never gave: freeing it aborts
    /// the process on one thread. Null for any other function.</summary>
    public static string? FreesLibraryMemory(ApiFunction f) =>
        f.Parameters is [{ Role: ParameterRole.Pointer or ParameterRole.StringIn or ParameterRole.StringOut } p]
        && NamingRules.DestructorWord(f.Name) is { } why
            ? $"frees memory the library allocated ({why}, only parameter is {p.CType}): no argument a program makes is such memory"
            : null;

    /// <summary>Keeps <see cref="ApiParameter.DropsOwned"/> and <see cref="ApiParameter.MemberOf"/> only on resources whose handles can hold others (some
    /// function borrows a handle from one, or passes one to one): kv_delete(store, key) deletes an entry, not a handle.</summary>
    public static List<ApiFunction> DropOnlyWhereHeld(List<ApiFunction> functions)
    {
        var holders = functions.SelectMany(f => OwnerParameters(f).Select(k => f.Parameters[k].Resource)).ToHashSet();
        return [.. functions.Select(f => f with
        {
            Parameters = [.. f.Parameters.Select(p => !holders.Contains(p.Resource) ? p with { DropsOwned = null, MemberOf = null } : p)],
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

    /// <summary>A returned handle of the caller's that is a reference to a handle parameter of its resource (name has a
    /// reference word: cJSON_CreateObjectReference(child)), or null.</summary>
    private static HandleOwner? RefersTo(ApiFunction f, List<int> handles)
    {
        if (f.Returns.Role != ReturnRole.HandleProducer || NamingRules.WordOf(f.Name, NamingRules.ReferenceWords) is not { } reference) return null;
        var target = handles.FirstOrDefault(i => f.Parameters[i].Resource == f.Returns.Resource, -1);
        return target < 0 ? null : new HandleOwner(target,
            $"name has '{reference}': the {f.Returns.Resource} it returns shows what '{f.Parameters[target].Name}' holds, so it must never go into it");
    }

    /// <summary>The handle parameter put into a container: with an insert word, the last of two or more handle
    /// parameters of one resource goes into the first of them (cJSON_AddItemToObject(object, name, item),
    /// cJSON_ReplaceItemViaPointer(parent, item, replacement)); with a reference word too, a reference to it does
    /// (cJSON_AddItemReferenceToArray(array, item)).</summary>
    private static (int Item, int Container, string Insert)? Put(ApiFunction f, List<int> handles)
    {
        if (NamingRules.WordOf(f.Name, NamingRules.InsertWords) is not { } insert)
            return null;
        foreach (var group in handles.GroupBy(i => f.Parameters[i].Resource))
            if (group.Count() >= 2)
                return (group.Last(), group.First(), insert);
        return null;
    }
}

using Stampede.Model.Api;

namespace Stampede.Model.Programs;

/// <summary>How the two threads of an experiment meet (<see cref="ExperimentPrograms"/>).</summary>
public enum HandleSharing
{
    /// <summary>Setup makes one handle of each resource the functions take, and both threads use it, with the same few
    /// strings: what a function does to state any caller can reach.</summary>
    Shared,

    /// <summary>Each thread makes and uses handles of its own, with strings of its own: state that leaks between
    /// callers who share nothing is the library's own (a global, a static buffer).</summary>
    Distinct,

    /// <summary>Setup makes one object and a reference to it for each thread (by a retain-like function), which each
    /// thread then uses as its own: distinct handles that are one object, as callers of a reference-counted API hold.</summary>
    Aliased,
}

/// <summary>
/// The programs <c>classify</c> runs: two threads, one calling f and the other g, many times each (or, mixed, each thread
/// calling both in turn: a global slot one call writes and another reads shows only to a thread that makes both), inside
/// the learned preconditions, on handles met as <see cref="HandleSharing"/> says. With f = g it is f ∥ f. Setup makes
/// the handles the threads use (each thread's own ones handed over to it), so the threads call nothing but f and g and a
/// failure is theirs; only handles the harness confines to one thread are made by the thread itself.
/// </summary>
public static class ExperimentPrograms
{
    /// <summary>f ∥ g; null when one of them cannot be called that way (a handle nothing produces, or no resource of
    /// theirs has a retain-like function for <see cref="HandleSharing.Aliased"/>).</summary>
    public static ConcurrentProgram? Pair(ApiModel model, string f, string g, HandleSharing sharing, bool mixed, int callsPerThread, int seed)
    {
        var index = new ResourceIndex(model);
        if (index.Callable.FirstOrDefault(x => x.Name == f) is not { } first || index.Callable.FirstOrDefault(x => x.Name == g) is not { } second) return null;
        var choices = new RandomChoiceSource(seed);
        var calls = new CallGenerator(index, choices, new ArgumentValues(index, GenerationOptions.Default, choices, poolPerThread: sharing == HandleSharing.Distinct))
        {
            AlwaysShared = true,
            GivesHanded = true,
        };
        var builder = new ProgramBuilder(index, model.Library);
        var functions = new[] { first, second };
        var resources = Taken(index, functions);
        if (sharing == HandleSharing.Shared)
            foreach (var resource in resources)
                if (Producer(index, calls, resource) is { } producer)
                    calls.TryAdd(builder, null, producer);
        if (sharing == HandleSharing.Aliased && !HandOverReferences(index, calls, builder, resources, functions.Length)) return null;
        while (builder.Threads.Count < functions.Length) builder.Threads.Add([]);
        for (int t = 0; t < functions.Length; t++)
        {
            int made = 0;
            for (int k = 0; k < callsPerThread; k++)
            {
                var function = mixed && k % 2 == 1 ? functions[1 - t] : functions[t];
                HandOverOwn(index, calls, builder, function, t, all: sharing == HandleSharing.Distinct);
                if (calls.TryAdd(builder, t, function)) made++;
            }
            if (made == 0) return null;
        }
        var program = builder.Build();
        ProgramValidator.EnsureValid(program, index);
        return program;
    }

    /// <summary>Setup makes, and hands to <paramref name="thread"/>, a handle for each handle parameter of
    /// <paramref name="function"/> (<paramref name="all"/>), or for each it destroys or passes on: one per call, since such
    /// a call uses its handle up.</summary>
    static void HandOverOwn(ResourceIndex index, CallGenerator calls, ProgramBuilder builder, ApiFunction function, int thread, bool all)
    {
        for (int i = 0; i < function.Parameters.Count; i++)
        {
            if (function.Parameters[i] is not { Role: ParameterRole.HandleIn, Resource: { } resource, MemberOf: null } || index.IsThreadConfined(resource)) continue;
            bool gives = index.DestroyedAt(function, i) is not null || index.PassedTo(function, i) is not null;
            if (!all && !gives) continue;
            if (Producer(index, calls, resource) is { } producer && calls.Add(builder, null, producer) is { } made && calls.HandleMade(made, resource) is { } id)
                builder.HandOver(id, thread);
        }
    }

    /// <summary>A function setup may call to make a handle of <paramref name="resource"/>: one that makes it from scratch
    /// first (a retain would make another reference to a handle already there).</summary>
    static ApiFunction? Producer(ResourceIndex index, CallGenerator calls, string resource) =>
        calls.Callable.Where(p => index.Produced(p).Contains(resource) && calls.MaySetupCall(p) && !p.Parameters.Any(x => x.DropsOwned is not null))
            .OrderBy(p => p.Parameters.Any(x => x is { Role: ParameterRole.HandleIn } && x.Resource == resource))
            .FirstOrDefault();

    /// <summary><paramref name="program"/> without any thread's calls of <paramref name="function"/> (and the calls that
    /// used what they made), and without the threads left with no call; null when none is left.</summary>
    public static ConcurrentProgram? Without(ConcurrentProgram program, string function)
    {
        var sites = program.AllCalls().Where(c => c.Site.Thread is not null && c.Call.Function == function).Select(c => c.Site).Reverse().ToList();
        foreach (var site in sites) program = CallRemoval.WithoutCall(program, site);
        var left = program.Threads.Where(t => t.Calls.Count > 0).ToList();
        return left.Count > 0 ? program with { Threads = [.. left] } : null;
    }

    /// <summary><paramref name="program"/> with the library warmed up first: setup begins with one call of each function
    /// its threads call, as the first of them is made (only calls that take and make no handle, since setup's handles would
    /// be shared). A race that shows in the program and not warmed lives in first use (glibc's <c>init</c> remark); null
    /// when some function's calls all involve handles, so no warm-up is possible.</summary>
    public static ConcurrentProgram? Warmed(ApiModel model, ConcurrentProgram program)
    {
        var warm = new List<Call>();
        foreach (var name in program.Threads.SelectMany(t => t.Calls).Select(c => c.Function).Distinct())
        {
            var first = program.Threads.SelectMany(t => t.Calls).FirstOrDefault(c => c.Function == name && c.Result is null &&
                                                                                   !c.Arguments.Any(a => a is HandleArgument or HandleOutArgument));
            if (first is null) return null;
            warm.Add(first);
        }
        var warmed = program with { Setup = [.. warm, .. program.Setup] };
        ProgramValidator.EnsureValid(warmed, new ResourceIndex(model));
        return warmed;
    }

    /// <summary>Whether <paramref name="functions"/> take a handle that <see cref="HandleSharing.Aliased"/> can make
    /// references of.</summary>
    public static bool CanAlias(ApiModel model, IEnumerable<string> functions)
    {
        var index = new ResourceIndex(model);
        return Taken(index, index.Callable.Where(f => functions.Contains(f.Name))).Any(r => Retain(index, r) is not null);
    }

    /// <summary>The functions an experiment may call (those the generator may).</summary>
    public static IReadOnlyList<string> Callable(ApiModel model) => new ResourceIndex(model).Callable.Select(f => f.Name).ToList();

    /// <summary>The shareable handle types <paramref name="function"/> takes.</summary>
    public static IReadOnlySet<string> HandleTypes(ApiModel model, string function)
    {
        var index = new ResourceIndex(model);
        return index.Callable.FirstOrDefault(f => f.Name == function) is { } f ? Taken(index, [f]).ToHashSet() : new HashSet<string>();
    }

    /// <summary>The handle types <paramref name="function"/> takes that the harness confines to one thread (its
    /// stampede.json says so, or inference did: a caller-allocated struct a named initializer fills): experiments never
    /// share them, so their contract is the harness's word, not a result.</summary>
    public static IReadOnlySet<string> ConfinedHandleTypes(ApiModel model, string function)
    {
        var index = new ResourceIndex(model);
        return model.Function(function) is { } f
            ? f.Parameters.Where(p => p is { Role: ParameterRole.HandleIn, Resource: { } r } && index.IsThreadConfined(r)).Select(p => p.Resource!).ToHashSet()
            : new HashSet<string>();
    }

    /// <summary>The shareable resources the functions take as handles.</summary>
    static List<string> Taken(ResourceIndex index, IEnumerable<ApiFunction> functions) =>
        functions.SelectMany(f => f.Parameters)
            .Where(p => p is { Role: ParameterRole.HandleIn, Resource: { } r } && !index.IsThreadConfined(r))
            .Select(p => p.Resource!).Distinct().ToList();

    /// <summary>A function that takes a handle of <paramref name="resource"/> and returns another reference to it (an
    /// <c>obj_retain</c>), not borrowed from it and not destroying it.</summary>
    static ApiFunction? Retain(ResourceIndex index, string resource) =>
        index.Callable.FirstOrDefault(f => ResourceIndex.ReturnedResource(f) == resource && ResourceIndex.BorrowedFrom(f) is null &&
                                           !index.IsDestructor(f) && f.Parameters.Count(p => p.Role == ParameterRole.HandleIn) == 1 &&
                                           f.Parameters.Any(p => p is { Role: ParameterRole.HandleIn } && p.Resource == resource));

    /// <summary>Setup: one object of the first resource that has a retain-like function, and a reference to it handed to
    /// each thread.</summary>
    static bool HandOverReferences(ResourceIndex index, CallGenerator calls, ProgramBuilder builder, List<string> resources, int threads)
    {
        foreach (var resource in resources)
        {
            if (Retain(index, resource) is not { } retain) continue;
            if (calls.Callable.FirstOrDefault(p => index.Produced(p).Contains(resource) && calls.MaySetupCall(p) &&
                                                   !p.Parameters.Any(x => x.Role == ParameterRole.HandleIn)) is not { } producer) continue;
            if (calls.Add(builder, null, producer) is not { } made || calls.HandleMade(made, resource) is not { } object0) continue;
            var references = new List<int> { object0 };
            for (int t = 1; t < threads; t++)
            {
                // The retain must take the one object: it is the only live handle of the resource in setup.
                if (calls.Add(builder, null, retain) is not { } reference || calls.HandleMade(reference, resource) is not { } id) return false;
                references.Add(id);
            }
            for (int t = 0; t < threads; t++)
            {
                builder.Threads.Add([]);
                builder.HandOver(references[t], t);
            }
            return true;
        }
        return false;
    }
}

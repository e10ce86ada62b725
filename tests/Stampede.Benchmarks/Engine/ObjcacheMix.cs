using Stampede.Execution.CallLayer;
using Stampede.Model.Api;

namespace Stampede.Benchmarks.Engine;

/// <summary>
/// objcache's mix: each thread retains and releases an atom of its own (atomic count, no lock), makes an object of its
/// own and retains and releases it until it is freed (obj_new no lock; obj_retain and obj_release take race group
/// obj_refs's lock), and interns one of 8 names (sym_intern: no lock in the layer, the library's own mutex). No other
/// thread sees a thread's objects, so the non-atomic count cannot race and the raw bindings run the same mix safely.
/// </summary>
public sealed class ObjcacheMix : LockMix
{
    const int Names = 8;
    readonly int atomNew, atomRetain, atomRelease, objNew, objRetain, objRelease, symIntern;

    public ObjcacheMix(ApiModel model) : base(model) =>
        (atomNew, atomRetain, atomRelease, objNew, objRetain, objRelease, symIntern) =
        (Index("atom_new"), Index("atom_retain"), Index("atom_release"), Index("obj_new"), Index("obj_retain"),
         Index("obj_release"), Index("sym_intern"));

    public override string Description =>
        "each thread loops `atom_retain` + `atom_release` on its own atom (no lock), `obj_new` (no lock) then `obj_retain` " +
        "and two `obj_release` on that object of its own, which frees it (race group obj_refs's lock), and `sym_intern` of " +
        "one of 8 names (no lock in the layer; the library's own mutex)";

    public override long Run(INativeDispatcher d, int thread, Action ready, Func<bool> stop)
    {
        long label = Text($"bench-{thread}");
        long[] names = Enumerable.Range(0, Names).Select(k => Text($"symbol-{k}")).ToArray();
        long atom = d.Invoke(atomNew, [label]);
        ready();
        long calls = 0;
        for (int i = 0; !stop(); i++)
        {
            d.Invoke(atomRetain, [atom]);
            d.Invoke(atomRelease, [atom]);
            long obj = d.Invoke(objNew, [label]);
            d.Invoke(objRetain, [obj]);
            d.Invoke(objRelease, [obj]);
            d.Invoke(objRelease, [obj]);
            d.Invoke(symIntern, [names[i % Names]]);
            calls += 7;
        }
        d.Invoke(atomRelease, [atom]);
        Free([label, .. names]);
        return calls;
    }
}

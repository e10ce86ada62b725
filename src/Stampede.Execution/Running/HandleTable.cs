namespace Stampede.Execution.Running;

/// <summary>
/// The values of a program's handles (<c>rN</c>) during one run. Each handle is written by exactly one call and
/// read only by calls of the same thread or, for setup handles, after the start barrier, so no lock is needed.
/// </summary>
public sealed class HandleTable(int highestHandle)
{
    readonly nint[] values = new nint[highestHandle + 1];

    public nint this[int handle]
    {
        get => values[handle];
        set => values[handle] = value;
    }

    public void Clear() => Array.Clear(values);
}

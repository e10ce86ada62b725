namespace Stampede.SelfFuzz;

/// <summary>The file name of the assembly that holds a type: how a target names what <c>scripts/fuzz-self</c>
/// instruments, so that a type moving to another assembly moves the instrumentation with it.</summary>
public static class Assemblies
{
    public static string Of<T>() => Path.GetFileName(typeof(T).Assembly.Location);
}

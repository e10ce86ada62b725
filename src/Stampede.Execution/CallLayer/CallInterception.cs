namespace Stampede.Execution.CallLayer;

/// <summary>
/// The one interception point of all generated bindings. Each generated wrapper reads <see cref="Interceptor"/>
/// once: when it is null the wrapper calls the native function directly (a field load and a branch);
/// otherwise it calls <see cref="ICallInterceptor.Enter"/> and <see cref="ICallInterceptor.Exit"/> around it.
/// </summary>
public static class CallInterception
{
    /// <summary>Process-wide: the engine attaches one interceptor per run (compose several inside it).
    /// Volatile so a change is seen by threads already running.</summary>
    public static volatile ICallInterceptor? Interceptor;
}

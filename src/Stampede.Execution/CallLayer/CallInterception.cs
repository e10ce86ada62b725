namespace Stampede.Execution.CallLayer;

/// <summary>
/// The one interception point of all generated bindings. Each generated wrapper reads <see cref="Interceptor"/>
/// once: when it is null the wrapper calls the native function directly (a field load and a branch);
/// otherwise it calls <see cref="ICallInterceptor.Enter"/> and <see cref="ICallInterceptor.Exit"/> around it.
/// </summary>
public static class CallInterception
{
    /// <summary>Process-wide: the engine attaches one interceptor per run (compose several inside it), through
    /// <see cref="Attach"/>. Volatile so a change is seen by threads already running.</summary>
    public static volatile ICallInterceptor? Interceptor;

    /// <summary>Attaches <paramref name="interceptor"/> until the returned scope is disposed, which puts back the one
    /// attached before.</summary>
    public static IDisposable Attach(ICallInterceptor? interceptor)
    {
        var previous = Interceptor;
        Interceptor = interceptor;
        return new Attachment(previous);
    }

    sealed class Attachment(ICallInterceptor? previous) : IDisposable
    {
        bool disposed;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            Interceptor = previous;
        }
    }
}

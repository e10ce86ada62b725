namespace Stampede.Bindgen;

/// <summary>A problem with the input (header, library, config): the CLI prints its one-line message and exits 2.</summary>
public sealed class BindgenException(string message) : Exception(message);

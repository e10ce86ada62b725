namespace Stampede.Harnesses;

/// <summary>The builds of a library the project makes (the presets of CMakePresets.json, each in
/// build/native/&lt;preset&gt;/lib): plain, ThreadSanitizer, AddressSanitizer + UBSan, SanitizerCoverage counters.</summary>
public enum BuildVariant { Plain, Thread, Address, Coverage }

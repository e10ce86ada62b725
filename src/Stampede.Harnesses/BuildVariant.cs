namespace Stampede.Harnesses;

/// <summary>The builds of a library the project makes (the presets of CMakePresets.json, each in
/// build/native/&lt;preset&gt;/lib): plain, ThreadSanitizer, AddressSanitizer + UBSan, SanitizerCoverage counters, and
/// the schedule build, whose loads, stores and locks are scheduling points of native/schedrt. Their flags:
/// <see cref="VariantFlags"/>.</summary>
public enum BuildVariant { Plain, Thread, Address, Coverage, Schedule }

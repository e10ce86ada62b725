using Stampede.Sanitizers;

namespace Stampede.Tests.Sanitizers;

/// <summary>
/// Each captured report parsed: kind, the two accesses and their source lines (checked against the samples' sources),
/// the global or the heap block, the threads, the SUMMARY.
/// </summary>
[TestFixture]
public class SanitizerReportTests
{
    static SanitizerReport Single(string fixture)
    {
        var reports = SanitizerReport.Parse(Fixtures.Read(fixture));
        Assert.That(reports, Has.Count.EqualTo(1), fixture);
        return reports[0];
    }

    static SanitizerFrame InLibrary(IReadOnlyList<SanitizerFrame> stack, string library) =>
        stack.First(f => f.IsIn(library) || f.File is not null);

    [Test]
    public void Tsan_race_on_a_global_static_buffer()
    {
        var r = Single("tsan-data-race-global-durbuf.txt");
        Assert.Multiple(() =>
        {
            Assert.That(r.Tool, Is.EqualTo(ReportKinds.Thread));
            Assert.That(r.Kind, Is.EqualTo(ReportKinds.DataRace));
            Assert.That(r.Pid, Is.EqualTo(12356));
            Assert.That(r.Accesses, Has.Count.EqualTo(2));
            var (now, before) = (r.Accesses[0], r.Accesses[1]);
            Assert.That((now.Operation, now.Size, now.Thread, now.Previous), Is.EqualTo(("write", (int?)1, (string?)"T13", false)));
            Assert.That((before.Operation, before.Size, before.Thread, before.Previous), Is.EqualTo(("write", (int?)1, (string?)"T12", true)));
            var frame = now.Stack[0];
            Assert.That(frame.Function, Is.EqualTo("tk_format_duration"));
            Assert.That(frame.File, Is.EqualTo("native/samples/textkit/textkit.c"));
            Assert.That((frame.Line, frame.Column), Is.EqualTo(((int?)28, (int?)28)));
            Assert.That((frame.ModuleName, frame.ModuleOffset), Is.EqualTo(((string?)"libtextkit.so", (ulong?)0x12fb)));
            Assert.That(frame.Address, Is.EqualTo(0x7f72457042fcUL));
            Assert.That(now.Stack[1].IsAnonymous, Is.True, "the JIT-compiled binding that called it");
            Assert.That(now.Stack[1].ModuleName, Is.EqualTo("memfd:doublemapper (deleted)"));
            Assert.That(Fixtures.SourceLine("textkit", 28), Does.Contain("duration_buffer[i] = tmp[i]"));

            Assert.That(r.Location, Is.Not.Null);
            Assert.That((r.Location!.Kind, r.Location.Name, r.Location.Size, r.Location.DefinedAt),
                Is.EqualTo(("global", (string?)"duration_buffer", (long?)32, (string?)"libtextkit.so+0x40b8")));
            Assert.That(Fixtures.SourceLine("textkit", 13), Does.Contain("char duration_buffer["));

            Assert.That(r.Threads.Select(t => t.Id), Is.EqualTo(new[] { "T13", "T12" }));
            var t13 = r.Thread("T13")!;
            Assert.That((t13.Name, t13.OsThreadId, t13.State, t13.CreatedBy),
                Is.EqualTo(((string?)"stampede-seq-t1", (int?)12372, (string?)"running", (string?)"main thread")));
            Assert.That(t13.CreationStack.Select(f => f.ModuleName), Is.EqualTo(new[] { "libclang_rt.tsan-x86_64.so", "libcoreclr.so" }));
            Assert.That(t13.CreationStack[0].Function, Is.EqualTo("pthread_create"));
            Assert.That(r.Summary, Is.EqualTo("SUMMARY: ThreadSanitizer: data race native/samples/textkit/textkit.c:28:28 in tk_format_duration"));
            Assert.That(r.OtherSections, Is.Empty, "the symbolizer's complaint is not part of the report");
        });
    }

    [Test]
    public void Tsan_race_on_a_lazily_built_table_write_through_an_interceptor()
    {
        // At -O1 LLVM turns the calloc'ed table behind a static pointer into a global ('class_table.body'), so the
        // first-use race is reported on a global; the writer is calloc's zeroing, seen as __tsan_memset.
        var r = Single("tsan-data-race-global-classtab.txt");
        Assert.Multiple(() =>
        {
            Assert.That(r.Kind, Is.EqualTo(ReportKinds.DataRace));
            var (write, read) = (r.Accesses[0], r.Accesses[1]);
            Assert.That((write.Operation, write.Size, write.Thread), Is.EqualTo(("write", (int?)8, (string?)"T12")));
            Assert.That((read.Operation, read.Size, read.Thread, read.Previous), Is.EqualTo(("read", (int?)1, (string?)"T13", true)));
            Assert.That(write.Stack[0].Function, Is.EqualTo("__tsan_memset"));
            Assert.That(write.Stack[0].File, Is.Null);
            Assert.That(InLibrary(write.Stack, "libtextkit.so").SourceLine, Is.EqualTo("textkit.c:86"));
            Assert.That(InLibrary(read.Stack, "libtextkit.so").SourceLine, Is.EqualTo("textkit.c:94"));
            Assert.That(Fixtures.SourceLine("textkit", 86), Does.Contain("class_table = calloc(256, 1)"));
            Assert.That(Fixtures.SourceLine("textkit", 94), Does.Contain("return class_table[c & 0xff]"));
            Assert.That((r.Location!.Name, r.Location.Size), Is.EqualTo(((string?)"class_table.body", (long?)256)));
            Assert.That(r.Threads.Select(t => t.Name), Is.EqualTo(new[] { "stampede-seq-t0", "stampede-seq-t1" }));
        });
    }

    [Test]
    public void Tsan_frames_without_a_line_keep_their_file()
    {
        var r = Single("tsan-data-race-global-no-line.txt");
        var frame = r.Accesses[0].Stack[0];
        Assert.Multiple(() =>
        {
            Assert.That((frame.Function, frame.File, frame.Line), Is.EqualTo(("tk_char_class", "native/samples/textkit/textkit.c", (int?)null)));
            Assert.That(frame.SourceLine, Is.Null);
            Assert.That(r.Location!.Name, Is.EqualTo("class_table.init"));
            // Captured with called_from_lib:libcoreclr.so, which hides the runtime's pthread_setname_np: no thread names.
            Assert.That(r.Threads.Select(t => (t.Id, t.Name, t.OsThreadId)), Is.EqualTo(new[] { ("T10", (string?)null, (int?)11453), ("T9", null, 11452) }));
        });
    }

    [Test]
    public void Tsan_race_on_a_heap_block_names_its_size_and_allocation_site()
    {
        var r = Single("tsan-data-race-heap-kvstore.txt");
        Assert.Multiple(() =>
        {
            Assert.That(r.Kind, Is.EqualTo(ReportKinds.DataRace));
            var (read, write) = (r.Accesses[0], r.Accesses[1]);
            Assert.That((read.Operation, read.Size, read.Thread), Is.EqualTo(("read", (int?)8, (string?)"T10")));
            Assert.That(read.Stack[0].Function, Is.EqualTo("kv_get"));
            Assert.That((write.Operation, write.Thread), Is.EqualTo(("write", (string?)"T9")));
            Assert.That(write.Stack[0].SourceLine, Is.EqualTo("kvstore.c:98"));
            Assert.That(Fixtures.SourceLine("kvstore", 98), Does.Contain("store->count++"));

            var location = r.Location!;
            Assert.That((location.Kind, location.Size, location.Thread), Is.EqualTo(("heap", (long?)88, (string?)"main thread")));
            Assert.That(location.AllocationStack[0].Function, Is.EqualTo("calloc"));
            Assert.That(location.AllocationStack[1].SourceLine, Is.EqualTo("kvstore.c:45"));
            Assert.That(Fixtures.SourceLine("kvstore", 45), Does.Contain("calloc(1, sizeof *store)"));
            Assert.That(r.Allocation!.Frames, Is.SameAs(location.AllocationStack));
        });
    }

    [Test]
    public void Tsan_lock_order_inversion_names_both_mutexes_and_every_acquisition()
    {
        var r = Single("tsan-lock-order-inversion-ledger.txt");
        Assert.Multiple(() =>
        {
            Assert.That(r.Kind, Is.EqualTo(ReportKinds.LockOrderInversion));
            Assert.That(r.Headline, Does.StartWith("lock-order-inversion (potential deadlock)"));
            Assert.That(r.Mutexes.Select(m => (m.Id, m.Address)), Is.EqualTo(new[] { ("M0", (string?)"0x7fceb1603138"), ("M1", "0x7fceb1603168") }));
            Assert.That(r.Locks.Select(l => (l.Mutex, l.HeldMutex, l.Thread, l.Earlier, InLibrary(l.Stack, "libsvcconf.so").SourceLine)), Is.EqualTo(new[]
            {
                ("M1", (string?)"M0", (string?)"T12", false, (string?)"svcconf.c:170"),
                ("M0", null, "T12", true, "svcconf.c:167"),
                ("M0", "M1", "T13", false, "svcconf.c:184"),
                ("M1", null, "T13", true, "svcconf.c:180"),
            }));
            Assert.That(r.Locks[0].Stack[0].Function, Is.EqualTo("pthread_mutex_lock"));
            Assert.That(r.Locks[0].Stack[1].Function, Is.EqualTo("ledger_post"));
            Assert.That(r.Locks[2].Stack[1].Function, Is.EqualTo("ledger_balance"));
            Assert.That(Fixtures.SourceLine("svcconf", 167), Does.Contain("pthread_mutex_lock(&journal_lock)"));
            Assert.That(Fixtures.SourceLine("svcconf", 170), Does.Contain("pthread_mutex_lock(&balances_lock)"));
            Assert.That(Fixtures.SourceLine("svcconf", 180), Does.Contain("pthread_mutex_lock(&balances_lock)"));
            Assert.That(Fixtures.SourceLine("svcconf", 184), Does.Contain("pthread_mutex_lock(&journal_lock)"));
            Assert.That(r.Accesses, Is.Empty);
            Assert.That(r.Threads.Select(t => t.Name), Is.EqualTo(new[] { "stampede-seq-t0", "stampede-seq-t1" }));
        });
    }

    [Test]
    public void Asan_heap_use_after_free_names_the_access_the_free_and_the_allocation()
    {
        var r = Single("asan-heap-use-after-free-kvstore.txt");
        Assert.Multiple(() =>
        {
            Assert.That((r.Tool, r.Kind, r.Pid), Is.EqualTo((ReportKinds.Address, ReportKinds.HeapUseAfterFree, (int?)13258)));
            var access = r.Accesses.Single();
            Assert.That((access.Operation, access.Size, access.Thread, access.Address), Is.EqualTo(("read", (int?)7, (string?)"T15", (string?)"0x50200029d370")));
            Assert.That(access.Stack[0].Function, Is.EqualTo("__asan_memcpy"));
            Assert.That(access.Stack[0].ModuleName, Is.EqualTo("libclang_rt.asan-x86_64.so"));
            Assert.That((access.Stack[1].Function, access.Stack[1].SourceLine), Is.EqualTo(("kv_get", (string?)"kvstore.c:112")));
            Assert.That(access.Stack[1].Module, Is.Null, "ASan prints a symbolized frame without its module");
            Assert.That(access.Stack[2].IsAnonymous, Is.True);
            Assert.That(Fixtures.SourceLine("kvstore", 112), Does.Contain("memcpy(buf, e->value, n + 1)"));

            Assert.That(r.Free!.Thread, Is.EqualTo("T14"));
            Assert.That(r.Free.Frames.Take(3).Select(f => f.Function), Is.EqualTo(new[] { "free", "free_poisoned", "kv_put" }));
            Assert.That(r.Free.Frames[2].SourceLine, Is.EqualTo("kvstore.c:93"));
            Assert.That(r.Free.Frames[1].Address, Is.EqualTo(r.Free.Frames[2].Address), "an inlined helper shares its caller's address");
            Assert.That(Fixtures.SourceLine("kvstore", 93), Does.Contain("free_poisoned(old"));

            Assert.That(r.Allocation!.Thread, Is.EqualTo("T14"));
            Assert.That((r.Allocation.Frames[1].Function, r.Allocation.Frames[1].SourceLine), Is.EqualTo(("kv_put", (string?)"kvstore.c:92")));
            Assert.That(Fixtures.SourceLine("kvstore", 92), Does.Contain("strdup(value)"));
            Assert.That((r.Location!.Kind, r.Location.Size, r.Location.Thread), Is.EqualTo(("heap", (long?)7, (string?)"T14")));

            Assert.That(r.Threads.Select(t => (t.Id, t.CreatedBy)), Is.EqualTo(new[] { ("T15", (string?)"T0"), ("T14", "T0") }));
            Assert.That(r.Threads[0].CreationStack, Has.Count.EqualTo(30));
            Assert.That(r.Summary, Is.EqualTo("SUMMARY: AddressSanitizer: heap-use-after-free native/samples/kvstore/kvstore.c:112:5 in kv_get"));
            Assert.That(r.OtherSections, Has.Some.StartsWith("Shadow bytes around the buggy address:"));
        });
    }

    [Test]
    public void Asan_double_free_names_both_frees_and_the_allocation()
    {
        var r = Single("asan-double-free-objcache.txt");
        Assert.Multiple(() =>
        {
            Assert.That(r.Kind, Is.EqualTo(ReportKinds.DoubleFree));
            var second = r.Accesses.Single();
            Assert.That((second.Operation, second.Thread), Is.EqualTo(("free", (string?)"T15")));
            Assert.That(second.Stack[1].SourceLine, Is.EqualTo("objcache.c:47"));
            Assert.That((r.Free!.Thread, r.Free.Frames[1].SourceLine), Is.EqualTo(((string?)"T14", (string?)"objcache.c:47")));
            Assert.That((r.Allocation!.Thread, r.Allocation.Frames[1].SourceLine), Is.EqualTo(((string?)"T0", (string?)"objcache.c:29")));
            Assert.That((r.Location!.Kind, r.Location.Size), Is.EqualTo(("heap", (long?)64)));
            Assert.That(Fixtures.SourceLine("objcache", 47), Does.Contain("free(o->payload)"));
            Assert.That(Fixtures.SourceLine("objcache", 29), Does.Contain("malloc(64)"));
        });
    }

    [Test]
    public void Asan_deadly_signal_keeps_the_faulting_stack_and_the_register_dump_as_raw_text()
    {
        var r = Single("asan-segv-kvstore.txt");
        Assert.Multiple(() =>
        {
            Assert.That(r.Kind, Is.EqualTo(ReportKinds.Segv));
            var access = r.Accesses.Single();
            Assert.That((access.Operation, access.Thread), Is.EqualTo(("read", (string?)"T12")));
            Assert.That(access.Stack.Select(f => f.Function).Take(3), Is.EqualTo(new[] { "strcasecmp", "find", "kv_get" }));
            Assert.That(access.Stack[1].SourceLine, Is.EqualTo("kvstore.c:70"));
            Assert.That(r.Threads.Single().Id, Is.EqualTo("T12"));
            Assert.That(r.Summary, Does.StartWith("SUMMARY: AddressSanitizer: SEGV"));
            Assert.That(r.OtherSections, Has.Some.Contains("Register values:").And.Some.Contains("rax = "));
        });
    }

    [Test]
    public void Ubsan_runtime_error_with_its_stack()
    {
        // UBSan output of a standalone program (no sample triggers one): Reports/ubsan-signed-overflow-standalone.c.txt.
        var r = Single("ubsan-signed-overflow-standalone.txt");
        Assert.Multiple(() =>
        {
            Assert.That((r.Tool, r.Kind), Is.EqualTo((ReportKinds.Undefined, ReportKinds.UndefinedBehavior)));
            Assert.That(r.Headline, Does.StartWith("signed integer overflow: 2147483647 * 2"));
            Assert.That(r.Accesses.Single().Stack[0].SourceLine, Is.EqualTo("ub.c:3"));
            Assert.That(r.Summary, Does.StartWith("SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior ub.c:3:36"));
        });
    }

    [TestCase("tsan-data-race-global-durbuf.txt", "libtextkit.so")]
    [TestCase("tsan-data-race-heap-kvstore.txt", "libkvstore.so")]
    [TestCase("tsan-lock-order-inversion-ledger.txt", "libsvcconf.so")]
    [TestCase("asan-heap-use-after-free-kvstore.txt", "libkvstore.so")]
    [TestCase("asan-double-free-objcache.txt", "libobjcache.so")]
    [TestCase("asan-segv-kvstore.txt", "libkvstore.so")]
    public void A_report_on_the_library_involves_it(string fixture, string library) =>
        Assert.That(Single(fixture).InvolvesLibrary(library), Is.True);

    [Test]
    public void A_race_between_the_runtimes_own_allocations_does_not_involve_the_library()
    {
        // Memory the executor allocated on one thread (NativeMemory, calloc) and freed on another after a hand-over in
        // managed code, which ThreadSanitizer does not see; ThreadSanitizer's default frame format (no addresses).
        var r = Single("tsan-data-race-runtime-only.txt");
        Assert.Multiple(() =>
        {
            Assert.That(r.InvolvesLibrary("libkvstore.so"), Is.False);
            Assert.That(r.Accesses.Select(a => a.Stack[0].Function), Is.EqualTo(new[] { "free", "calloc" }));
            Assert.That(r.Accesses[0].Stack[1].ModuleName, Is.EqualTo("System.Private.CoreLib.dll"));
            Assert.That(r.Accesses[0].Stack[1].Address, Is.Null);
            Assert.That(r.Accesses[0].Thread, Is.EqualTo("main thread"));
        });
    }

    [Test]
    public void Several_reports_in_one_output_are_all_found()
    {
        var reports = SanitizerReport.Parse(Fixtures.Read("tsan-several-reports-kvstore.txt"));
        Assert.That(reports, Has.Count.EqualTo(6));
        Assert.That(reports.Select(r => r.Kind), Is.All.EqualTo(ReportKinds.DataRace));
        Assert.That(reports[1].Accesses[0].Stack.Take(2).Select(f => f.SourceLine), Is.EqualTo(new[] { "kvstore.c:70", "kvstore.c:104" }),
            "an inlined frame (find inside kv_get) is its own frame");
    }

    [Test]
    public void Every_fixture_concatenated_with_noise_between_gives_every_report()
    {
        var files = Fixtures.ReportFiles().ToList();
        int expected = files.Sum(f => SanitizerReport.Parse(Fixtures.Read(f)).Count);
        string all = string.Join("\nsome output of the program\n@stampede {\"progress\":3}\n", files.Select(Fixtures.Read));
        Assert.That(SanitizerReport.Parse(all), Has.Count.EqualTo(expected));
        Assert.That(expected, Is.EqualTo(files.Count + 5), "one report per file, six in the flood");
    }
}

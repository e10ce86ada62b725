/* The scheduling runtime's heap guard (internal to the runtime).
 *
 * Why: under a schedule, a use-after-free, a double free or a write past a block's end happens the same way every
 * replay, but how the corrupted heap then FAILS does not: glibc notices a damaged chunk only when that size is
 * allocated or freed again, and the .NET runtime's own threads allocate too, unscheduled. So a replay crashed "most of
 * the time", under several signatures, and sometimes only in the next iteration, whose trace does not lead there. A
 * schedule build routes the library's malloc, calloc, realloc and free here (link-time --wrap=...), and the guard
 * keeps two kinds of poisoned bytes:
 *   - freed blocks, held back from libc in a bounded FIFO (a quarantine) instead of being freed at once;
 *   - the bytes past the end of each live block up to where the next block's data starts (the slack of the size
 *     class and the next chunk's header), which no code may touch.
 * Every load and store a program thread makes inside a run is checked; a poisoned one, or a second free, is reported
 * at once, by the access itself, and the process aborts. The schedule then decides the verdict alone.
 *
 * Granularity: glibc's blocks start and end on 16-byte boundaries (usable size + 8 bytes of the next chunk's size
 * field), so poison is kept per 16-byte granule with the offset from which the granule is poisoned: no false report
 * on a neighbour. Not covered: accesses by libc on the library's behalf (memcpy, strcmp: not instrumented); an
 * overflow that skips past the next chunk's header into its data; blocks larger than 64 KiB (their ends), or larger
 * than a quarter of the quarantine (their frees); blocks freed long enough ago to have left the quarantine; accesses
 * outside runs. A block the library allocates and another, uninstrumented library frees leaves its end poisoned until
 * the library allocates that memory again: the one way to a false report. */
#ifndef STAMPEDE_SCHEDRT_HEAPGUARD_H
#define STAMPEDE_SCHEDRT_HEAPGUARD_H

#include <stdbool.h>
#include <stddef.h>

/* Whether anything is poisoned: the hooks' cheap test before heapguard_check. */
bool heapguard_in_use(void);

/* Reports and aborts when [addr, addr+size) touches a poisoned byte. `thread`: the accessing program thread; `site`:
 * the library's instruction that accesses. */
void heapguard_check(const void *addr, size_t size, bool store, int thread, void *site);

/* The program thread the calling OS thread is in the current run, or -1 (defined by schedrt.c). */
int schedrt_program_thread(void);

#endif

/* The heap guard of schedule builds: see heapguard.h for why and what it covers. */
#define _GNU_SOURCE
#include "heapguard.h"

#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define API __attribute__((visibility("default")))

#define GRANULE ((uintptr_t)16)
#define OFFSET_MASK (GRANULE - 1)
/* At most this many blocks and granules (16 MiB of freed memory) are held back; the oldest leave first. A late access
 * to a block freed more than that many frees or bytes ago is not seen. */
#define MAX_HELD_BLOCKS 4096u
#define MAX_HELD_GRANULES (1u << 20)
/* Ends of live blocks are poisoned only for blocks up to this size (glibc serves them from its heap, never mmap) and
 * while the set holds fewer than this many granules: a library with millions of live blocks is guarded less, not
 * slowed down or refused. */
#define MAX_GUARDED_BLOCK (64u << 10)
#define MAX_SET_GRANULES (1u << 21)
/* The set of poisoned granules: open addressing with linear probing, at most half full. A slot holds the granule's
 * address plus the offset of its first poisoned byte (0: all 16), or 0 when empty. */
#define SET_BITS 22
#define SET_SIZE ((size_t)1 << SET_BITS)

struct held_block {
    void *start;
    size_t granules;
    int thread; /* the program thread that freed it, or -1 */
    void *site; /* the library's call of free() */
};

static pthread_mutex_t guard_lock = PTHREAD_MUTEX_INITIALIZER;
static uintptr_t *slots; /* mapped at the first use */
static size_t set_granules;
static struct held_block ring[MAX_HELD_BLOCKS];
static size_t ring_first, ring_len, held_granules;
static atomic_bool poisoned_any; /* read without the lock by the hooks */

/* ---- the set of poisoned granules (all called with guard_lock held) --------------------------------------------- */

static size_t home(uintptr_t granule) { return (size_t)(((granule / GRANULE) * 0x9E3779B97F4A7C15ull) >> (64 - SET_BITS)); }

/* The slot of `granule`, or the empty slot where it would go. */
static size_t find(uintptr_t granule) {
    size_t i = home(granule);
    while (slots[i] && (slots[i] & ~OFFSET_MASK) != granule) i = (i + 1) & (SET_SIZE - 1);
    return i;
}

static bool ready(void) {
    if (!slots) slots = calloc(SET_SIZE, sizeof *slots);
    return slots != NULL;
}

/* Poisons `granule` from byte `from` on (0: all of it). */
static void poison(uintptr_t granule, unsigned from) {
    size_t i = find(granule);
    if (!slots[i]) set_granules++;
    slots[i] = granule | from;
    atomic_store_explicit(&poisoned_any, true, memory_order_relaxed);
}

/* Clears `granule`, shifting later members of its probe run back (no tombstones). */
static void clear(uintptr_t granule) {
    size_t i = find(granule);
    if (!slots[i]) return;
    set_granules--;
    for (size_t j = i;;) {
        j = (j + 1) & (SET_SIZE - 1);
        if (!slots[j]) break;
        size_t k = home(slots[j] & ~OFFSET_MASK);
        /* The member at j may move to i only if its home is not cyclically within (i, j]. */
        if (i <= j ? (i < k && k <= j) : (i < k || k <= j)) continue;
        slots[i] = slots[j];
        i = j;
    }
    slots[i] = 0;
}

static bool is_poisoned(uintptr_t addr) {
    uintptr_t slot = slots ? slots[find(addr & ~OFFSET_MASK)] : 0;
    return slot && (addr & OFFSET_MASK) >= (slot & OFFSET_MASK);
}

/* ---- blocks ------------------------------------------------------------------------------------------------------- */

/* The granules of block p as glibc laid it out: from p up to where the next block's data starts. */
static size_t granules_of(void *p) { return (malloc_usable_size(p) + OFFSET_MASK) / GRANULE; }

/* A block the library just got: nothing in it stays poisoned (a block freed behind the guard's back, by code that is
 * not instrumented, may have left its end poisoned), and its end is. */
static void guard_live(void *p, size_t size) {
    if (!p) return;
    pthread_mutex_lock(&guard_lock);
    if (ready()) {
        uintptr_t start = (uintptr_t)p;
        size_t granules = granules_of(p);
        if (atomic_load_explicit(&poisoned_any, memory_order_relaxed))
            for (size_t g = 0; g < granules; g++) clear(start + g * GRANULE);
        /* malloc(0)'s block has no byte of its own, and is still given back with free(): left unpoisoned. */
        if (size > 0 && granules * GRANULE <= MAX_GUARDED_BLOCK && set_granules < MAX_SET_GRANULES) {
            uintptr_t end = start + size;
            if (end & OFFSET_MASK) poison(end & ~OFFSET_MASK, (unsigned)(end & OFFSET_MASK));
            for (uintptr_t g = (end + OFFSET_MASK) & ~OFFSET_MASK; g < start + granules * GRANULE; g += GRANULE) poison(g, 0);
        }
    }
    pthread_mutex_unlock(&guard_lock);
}

static void release_oldest(void) {
    struct held_block *b = &ring[ring_first];
    for (size_t g = 0; g < b->granules; g++) clear((uintptr_t)b->start + g * GRANULE);
    held_granules -= b->granules;
    free(b->start);
    ring_first = (ring_first + 1) % MAX_HELD_BLOCKS;
    ring_len--;
}

/* Holds `p` back instead of freeing it, all of it poisoned. Called with guard_lock held. */
static void hold(void *p, int thread, void *site) {
    size_t granules = granules_of(p);
    if (granules > MAX_HELD_GRANULES / 4 || !ready()) { /* too big to hold: freed at once, unguarded */
        for (size_t g = 0; slots && g < granules; g++) clear((uintptr_t)p + g * GRANULE);
        free(p);
        return;
    }
    while (ring_len == MAX_HELD_BLOCKS || held_granules + granules > MAX_HELD_GRANULES) release_oldest();
    for (size_t g = 0; g < granules; g++) poison((uintptr_t)p + g * GRANULE, 0);
    ring[(ring_first + ring_len) % MAX_HELD_BLOCKS] = (struct held_block){p, granules, thread, site};
    ring_len++;
    held_granules += granules;
}

/* The held block that contains `addr`, or NULL (the error path only: a linear search). */
static struct held_block *held_block_of(uintptr_t addr) {
    for (size_t n = 0; n < ring_len; n++) {
        struct held_block *b = &ring[(ring_first + n) % MAX_HELD_BLOCKS];
        if (addr - (uintptr_t)b->start < b->granules * GRANULE) return b;
    }
    return NULL;
}

/* ---- reports ------------------------------------------------------------------------------------------------------ */

/* "libobjcache.so+0x1234 (obj_release)", or the bare address. Offsets, not addresses: the same in every process. */
static void describe_site(char *out, size_t len, void *site) {
    Dl_info info;
    if (site && dladdr(site, &info) && info.dli_fname) {
        const char *file = strrchr(info.dli_fname, '/');
        snprintf(out, len, "%s+0x%zx%s%s%s", file ? file + 1 : info.dli_fname, (size_t)((char *)site - (char *)info.dli_fbase),
                 info.dli_sname ? " (" : "", info.dli_sname ? info.dli_sname : "", info.dli_sname ? ")" : "");
    } else {
        snprintf(out, len, "%p", site);
    }
}

/* One line on stderr, then abort(): the worker dies of SIGABRT with the library's frame under the hook's, and the
 * line says what it was. Called with guard_lock held (never released: the process ends). */
__attribute__((noreturn)) static void report(const char *what, uintptr_t addr, int thread, void *site) {
    char at[256], freed_at[256], line[768];
    describe_site(at, sizeof at, site);
    struct held_block *b = held_block_of(addr);
    if (b) {
        describe_site(freed_at, sizeof freed_at, b->site);
        bool again = addr == (uintptr_t)b->start && strstr(what, "()");
        snprintf(line, sizeof line,
                 "stampede-schedrt: %s: %s of %p by program thread %d at %s, %zu bytes into a %zu-byte block freed by "
                 "program thread %d at %s\n",
                 again ? "double-free" : strstr(what, "()") ? "invalid-free" : "heap-use-after-free", what, (void *)addr,
                 thread, at, (size_t)(addr - (uintptr_t)b->start), b->granules * GRANULE, b->thread, freed_at);
    } else {
        snprintf(line, sizeof line, "stampede-schedrt: %s: %s of %p by program thread %d at %s, past the end of a heap block\n",
                 strstr(what, "()") ? "invalid-free" : "heap-buffer-overflow", what, (void *)addr, thread, at);
    }
    ssize_t written = write(STDERR_FILENO, line, strlen(line));
    (void)written;
    abort();
}

bool heapguard_in_use(void) { return atomic_load_explicit(&poisoned_any, memory_order_relaxed); }

void heapguard_check(const void *addr, size_t size, bool store, int thread, void *site) {
    uintptr_t first = (uintptr_t)addr, last = first + size - 1;
    pthread_mutex_lock(&guard_lock);
    /* An access of up to 16 bytes touches at most two granules: its first and its last byte decide. */
    uintptr_t bad = is_poisoned(first) ? first : is_poisoned(last) ? last : 0;
    if (!bad && (first & ~OFFSET_MASK) != (last & ~OFFSET_MASK) && is_poisoned(last & ~OFFSET_MASK)) bad = last & ~OFFSET_MASK;
    if (bad) {
        char what[48];
        snprintf(what, sizeof what, "%zu-byte %s", size, store ? "write" : "read");
        report(what, bad, thread, site);
    }
    pthread_mutex_unlock(&guard_lock);
}

/* ---- the library's allocation calls (linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free) ---- */

API void *__wrap_malloc(size_t size);
API void *__wrap_calloc(size_t count, size_t size);
API void *__wrap_realloc(void *p, size_t size);
API void __wrap_free(void *p);

void *__wrap_malloc(size_t size) {
    void *p = malloc(size);
    guard_live(p, size);
    return p;
}

void *__wrap_calloc(size_t count, size_t size) {
    void *p = calloc(count, size);
    guard_live(p, count * size); /* calloc refused an overflowing product: p is NULL then */
    return p;
}

/* Freeing a block that is held, or a pointer into one, is reported; else the block is held. */
static void free_guarded(void *p, int thread, void *site, const char *call) {
    pthread_mutex_lock(&guard_lock);
    if (slots && is_poisoned((uintptr_t)p)) report(call, (uintptr_t)p, thread, site);
    hold(p, thread, site);
    pthread_mutex_unlock(&guard_lock);
}

void __wrap_free(void *p) {
    if (p) free_guarded(p, schedrt_program_thread(), __builtin_return_address(0), "free()");
}

/* Always moves the block, so that the old one is held like a freed one: a thread still reading the old array after
 * another grew it is the race this catches. */
void *__wrap_realloc(void *p, size_t size) {
    if (!p) return __wrap_malloc(size);
    void *q = size ? __wrap_malloc(size) : NULL;
    if (size && !q) return NULL;
    if (q) {
        size_t old = malloc_usable_size(p);
        memcpy(q, p, old < size ? old : size);
    }
    free_guarded(p, schedrt_program_thread(), __builtin_return_address(0), "realloc()");
    return q;
}

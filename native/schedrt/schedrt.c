/* The scheduling runtime: see schedrt.h for the model and the API. Built without instrumentation and without
 * --wrap, so that pthread_mutex_lock & co. below are libc's real functions. */
#define _GNU_SOURCE
#include "schedrt.h"
#include "heapguard.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define API __attribute__((visibility("default")))

/* Pauses a waiting thread spins before it sleeps (a pause is some 10 to 40 ns). */
#ifndef SPIN_LIMIT
#define SPIN_LIMIT 1000
#endif
#if defined(__x86_64__) || defined(__i386__)
#define cpu_relax() __builtin_ia32_pause()
#else
#define cpu_relax() __asm__ volatile("" ::: "memory")
#endif

/* ---- state ------------------------------------------------------------------------------------ */

enum thread_state {
    T_AWAY,     /* not entered yet, or left between calls: a candidate, waited for when chosen */
    T_RUNNABLE, /* present, holds the token or waits for it */
    T_BLOCKED,  /* waits for a lock, or for a signal in pthread_cond_wait */
    T_TIMED,    /* waits in pthread_cond_timedwait: a candidate; chosen before a signal, it times out */
    T_DONE,
};

struct ptr_list {
    void **items;
    size_t len, cap;
};

struct sched_thread {
    int id;
    enum thread_state state;
    struct run *run;
    pthread_cond_t wake; /* signalled when this thread is given the token */
    /* What it is blocked on (meaningful while T_BLOCKED/T_TIMED) and the library's call site. */
    int wait_kind;
    void *wait_obj;
    void *wait_site;
    uint64_t wait_seq;     /* condition waiters are woken first come, first served */
    bool signalled;        /* a condition wait ended by a signal (not a timeout) */
    struct ptr_list held;  /* locks it holds, for "who holds it" */
    uint64_t priority;     /* PCT */
};

struct byte_buf {
    uint8_t *data;
    size_t len, cap;
};

struct run {
    int nthreads;
    struct sched_thread *threads;
    int *candidates; /* scratch, nthreads long */
    int unfinished;
    int running; /* the token holder (or the chosen thread while it is away); -1 once the run is over */
    bool over;
    int exiting; /* threads inside stampede_sched_thread_exit, waiting for the end of the run */
    int status;
    pthread_cond_t over_cond;

    int strategy;
    int param;
    uint64_t rng[4];
    uint64_t pct_k;
    uint64_t *change_points; /* PCT: sorted decision numbers, param-1 of them */
    int next_change;

    uint64_t points, decisions, wait_seq;

    /* The trace: 'S', 1, varint threads, then (kept, chosen) pairs; `kept` counts decisions since the last switch. */
    struct byte_buf trace;
    uint64_t kept;
    int trace_fd;

    /* Replay: the pairs of a given trace; a chosen value of nthreads is the end marker of a complete trace. */
    uint64_t *replay; /* 2 numbers per pair */
    size_t replay_pairs, replay_at;
    uint64_t replay_keep_left;
    bool replaying, diverged;

    char *description;
};

/* One lock for all scheduling state. Only the token holder runs library code, so it is never contended on the hot
 * path; other threads take it only to enter, to leave, or to unlock a lock a program thread may wait for. */
static pthread_mutex_t sched_lock = PTHREAD_MUTEX_INITIALIZER;
static struct run *current; /* the active or last run */
static atomic_int run_active; /* read without the lock by the hooks: is any run going on? */
static uint64_t largest_decisions; /* PCT's k estimate: the most decisions any earlier run made */
static int trace_fd = -1;

/* Per OS thread: the program thread it is (while entered and not away) and its stack, for the hot path. */
struct tls_state {
    struct sched_thread *self;   /* set while the thread takes part in a run and is not away */
    struct sched_thread *member; /* set from its first enter to its exit, away or not (for the locks it holds) */
    uintptr_t stack_lo, stack_size;
    bool stack_known;
};
static _Thread_local struct tls_state tls;

/* ---- small helpers ---------------------------------------------------------------------------- */

static void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n);
    if (!q) {
        /* Out of memory inside a scheduling decision: nothing sensible to return to the library. */
        fputs("stampede-schedrt: out of memory\n", stderr);
        abort();
    }
    return q;
}

static void ptr_add(struct ptr_list *l, void *p) {
    if (l->len == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->len++] = p;
}

static void ptr_remove(struct ptr_list *l, void *p) {
    for (size_t i = l->len; i-- > 0;)
        if (l->items[i] == p) {
            l->items[i] = l->items[--l->len];
            return;
        }
}

static bool ptr_has(const struct ptr_list *l, const void *p) {
    for (size_t i = 0; i < l->len; i++)
        if (l->items[i] == p) return true;
    return false;
}

static void buf_put(struct byte_buf *b, const uint8_t *p, size_t n) {
    if (b->len + n > b->cap) {
        b->cap = b->cap ? b->cap * 2 : 64;
        if (b->cap < b->len + n) b->cap = b->len + n;
        b->data = xrealloc(b->data, b->cap);
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static size_t varint(uint8_t out[10], uint64_t v) {
    size_t n = 0;
    do {
        out[n] = (uint8_t)(v & 0x7f);
        v >>= 7;
        if (v) out[n] |= 0x80;
        n++;
    } while (v);
    return n;
}

static bool read_varint(const uint8_t *p, size_t len, size_t *at, uint64_t *v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*at >= len) return false;
        uint8_t b = p[(*at)++];
        *v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return true;
    }
    return false;
}

/* Appends bytes to the trace and, when the host asked for it, to its file right away (crash safety). */
static void trace_put(struct run *r, const uint8_t *p, size_t n) {
    buf_put(&r->trace, p, n);
    if (r->trace_fd >= 0) {
        while (n > 0) {
            ssize_t w = write(r->trace_fd, p, n);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                r->trace_fd = -1; /* the trace in memory is still whole */
                break;
            }
            p += w;
            n -= (size_t)w;
        }
    }
}

static void trace_pair(struct run *r, uint64_t kept, uint64_t chosen) {
    uint8_t b[20];
    size_t n = varint(b, kept);
    n += varint(b + n, chosen);
    trace_put(r, b, n);
}

/* xoshiro256** seeded by splitmix64: small, fast, and the same everywhere. */
static uint64_t splitmix(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(uint64_t s[4]) {
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n) (n >= 1), without modulo bias worth caring about at these sizes (n is a thread count or k). */
static uint64_t rng_below(uint64_t s[4], uint64_t n) { return (uint64_t)(((unsigned __int128)rng_next(s) * n) >> 64); }

/* "libsvcconf.so+0x4060", or "ledger_post+0x2d (libsvcconf.so+0x1a2d)" for code with a symbol. */
static void describe_address(char *out, size_t cap, const void *addr, bool code) {
    Dl_info info;
    if (addr && dladdr(addr, &info) && info.dli_fname) {
        const char *base = strrchr(info.dli_fname, '/');
        base = base ? base + 1 : info.dli_fname;
        uintptr_t off = (uintptr_t)addr - (uintptr_t)info.dli_fbase;
        if (code && info.dli_sname && info.dli_saddr)
            snprintf(out, cap, "%s+0x%zx (%s+0x%zx)", info.dli_sname,
                     (size_t)((uintptr_t)addr - (uintptr_t)info.dli_saddr), base, (size_t)off);
        else
            snprintf(out, cap, "%s+0x%zx", base, (size_t)off);
    } else {
        snprintf(out, cap, "%p", addr);
    }
}

static void append(char **s, const char *fmt, ...) {
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t old = *s ? strlen(*s) : 0, add = strlen(line);
    *s = xrealloc(*s, old + add + 1);
    memcpy(*s + old, line, add + 1);
}

static const char *wait_name(int kind) {
    switch (kind) {
    case STAMPEDE_SCHED_WAIT_MUTEX: return "mutex";
    case STAMPEDE_SCHED_WAIT_RDLOCK: return "rwlock (read)";
    case STAMPEDE_SCHED_WAIT_WRLOCK: return "rwlock (write)";
    case STAMPEDE_SCHED_WAIT_COND: return "condition variable";
    }
    return "nothing";
}

static int holder_of(const struct run *r, const void *obj) {
    for (int i = 0; i < r->nthreads; i++)
        if (ptr_has(&r->threads[i].held, obj)) return i;
    return -1;
}

/* ---- the scheduler ---------------------------------------------------------------------------- */

static bool is_candidate(enum thread_state s) { return s == T_RUNNABLE || s == T_AWAY || s == T_TIMED; }

static void finish(struct run *r, int status) {
    /* A strict replay must end exactly at its end marker; a cut-short one stops replaying before the end. */
    if (r->replaying && (r->replay[2 * r->replay_at + 1] != (uint64_t)r->nthreads || r->replay_keep_left > 0)) {
        r->diverged = true;
        append(&r->description, "replay diverged: the run ended after %llu decisions, before its trace did\n",
               (unsigned long long)r->decisions);
    }
    /* A complete trace ends with the decisions kept since the last switch and the end marker. */
    trace_pair(r, r->kept, (uint64_t)r->nthreads);
    r->status = r->diverged ? STAMPEDE_SCHED_DIVERGED : status;
    r->over = true;
    __atomic_store_n(&r->running, -1, __ATOMIC_RELEASE);
    if (r->decisions > largest_decisions) largest_decisions = r->decisions;
    atomic_store(&run_active, 0);
    pthread_cond_broadcast(&r->over_cond);
}

static void describe_deadlock(struct run *r) {
    append(&r->description, "deadlock: every unfinished thread is blocked (%d of %d)\n", r->unfinished, r->nthreads);
    for (int i = 0; i < r->nthreads; i++) {
        struct sched_thread *t = &r->threads[i];
        if (t->state != T_BLOCKED) continue;
        char obj[256], site[256];
        describe_address(obj, sizeof obj, t->wait_obj, false);
        describe_address(site, sizeof site, t->wait_site, true);
        int h = holder_of(r, t->wait_obj);
        if (t->wait_kind == STAMPEDE_SCHED_WAIT_COND)
            append(&r->description, "  t%d waits on %s %s, in %s, and nobody is left to signal it\n", i,
                   wait_name(t->wait_kind), obj, site);
        else if (h >= 0)
            append(&r->description, "  t%d waits for %s %s, in %s; held by t%d\n", i, wait_name(t->wait_kind), obj,
                   site, h);
        else
            append(&r->description, "  t%d waits for %s %s, in %s; held by no thread of the run\n", i,
                   wait_name(t->wait_kind), obj, site);
    }
}

static void diverge(struct run *r, const char *why, int want, int cur, const int *cand, int n) {
    r->diverged = true;
    r->replaying = false;
    append(&r->description, "replay diverged at decision %llu: %s (trace: t%d, running: t%d, candidates:",
           (unsigned long long)r->decisions, why, want, cur);
    for (int i = 0; i < n; i++) append(&r->description, " t%d", cand[i]);
    append(&r->description, ")\n");
}

/* Loads the next (kept, chosen) pair of the replayed trace. */
static void replay_advance(struct run *r) {
    if (r->replay_at < r->replay_pairs) {
        r->replay_keep_left = r->replay[2 * r->replay_at];
    } else {
        r->replaying = false; /* a cut-short trace: the strategy goes on from here */
    }
}

/* The replayed choice, or -1 after a divergence (then the strategy decides). */
static int replay_choice(struct run *r, int cur, bool cur_ok, const int *cand, int n) {
    int want = (int)r->replay[2 * r->replay_at + 1];
    if (r->replay_keep_left > 0) {
        if (!cur_ok) {
            diverge(r, "the running thread cannot go on", cur, cur, cand, n);
            return -1;
        }
        r->replay_keep_left--;
        return cur;
    }
    if (want == r->nthreads) {
        diverge(r, "the trace ended here", want, cur, cand, n);
        return -1;
    }
    bool ok = want != cur || !cur_ok;
    bool present = false;
    for (int i = 0; i < n; i++) present |= cand[i] == want;
    if (!ok || !present) {
        diverge(r, present ? "the trace switches to the running thread" : "the trace's thread cannot run", want,
                cur, cand, n);
        return -1;
    }
    r->replay_at++;
    replay_advance(r);
    return want;
}

static int strategy_choice(struct run *r, int cur, bool cur_ok, const int *cand, int n) {
    switch (r->strategy) {
    case STAMPEDE_SCHED_RANDOM: return cand[rng_below(r->rng, (uint64_t)n)];
    case STAMPEDE_SCHED_SWITCH: {
        if (cur_ok && rng_below(r->rng, 1000) >= (uint64_t)r->param) return cur;
        int others = cur_ok ? n - 1 : n;
        int k = (int)rng_below(r->rng, (uint64_t)others);
        for (int i = 0; i < n; i++) {
            if (cur_ok && cand[i] == cur) continue;
            if (k-- == 0) return cand[i];
        }
        return cand[0];
    }
    case STAMPEDE_SCHED_PCT: {
        /* At a change point the running thread drops below every initial priority (d-1, then d-2, ...). */
        while (r->next_change < r->param - 1 && r->change_points[r->next_change] == r->decisions) {
            if (cur >= 0) r->threads[cur].priority = (uint64_t)(r->param - 1 - r->next_change);
            r->next_change++;
        }
        int best = cand[0];
        for (int i = 1; i < n; i++)
            if (r->threads[cand[i]].priority > r->threads[best].priority) best = cand[i];
        return best;
    }
    default: return cur_ok ? cur : cand[0];
    }
}

/* Chooses who holds the token next, after the holder reached a point, blocked, left or exited (its state says
 * which), and wakes it. Ends the run when nobody can run. Called with sched_lock held. */
static void hand_on(struct run *r) {
    int cur = r->running, n = 0;
    for (int i = 0; i < r->nthreads; i++)
        if (is_candidate(r->threads[i].state)) r->candidates[n++] = i;
    if (n == 0) {
        if (r->unfinished == 0) {
            finish(r, STAMPEDE_SCHED_COMPLETED);
        } else {
            describe_deadlock(r);
            finish(r, STAMPEDE_SCHED_DEADLOCK);
        }
        return;
    }
    bool cur_ok = cur >= 0 && is_candidate(r->threads[cur].state);
    int pick;
    if (n == 1) {
        pick = r->candidates[0]; /* no choice: neither counted nor recorded */
    } else {
        r->decisions++;
        pick = r->replaying ? replay_choice(r, cur, cur_ok, r->candidates, n) : -1;
        if (pick < 0) pick = strategy_choice(r, cur, cur_ok, r->candidates, n);
        if (pick == cur && cur_ok) {
            r->kept++;
        } else {
            trace_pair(r, r->kept, (uint64_t)pick);
            r->kept = 0;
        }
    }
    __atomic_store_n(&r->running, pick, __ATOMIC_RELEASE); /* read unlocked by spinning waiters */
    if (pick != cur) pthread_cond_signal(&r->threads[pick].wake);
}

/* Waits until t holds the token. After a deadlock, never returns: the thread stays parked. It spins a little
 * first, with the lock released: a hand-over to a thread that is spinning on another core costs well under a
 * microsecond, one through the condition variable a futex wake-up and a context switch (about 10 us here). */
static void wait_turn(struct run *r, struct sched_thread *t) {
    if (r->running == t->id) return;
    pthread_mutex_unlock(&sched_lock);
    for (int i = 0; i < SPIN_LIMIT && __atomic_load_n(&r->running, __ATOMIC_ACQUIRE) != t->id; i++)
        cpu_relax();
    pthread_mutex_lock(&sched_lock);
    while (r->running != t->id) pthread_cond_wait(&t->wake, &sched_lock);
}

/* A scheduling point of the token holder. Called with sched_lock held. */
static void point_locked(struct sched_thread *t) {
    struct run *r = t->run;
    r->points++;
    hand_on(r);
    wait_turn(r, t);
}

static void point(struct sched_thread *t) {
    pthread_mutex_lock(&sched_lock);
    point_locked(t);
    pthread_mutex_unlock(&sched_lock);
}

/* The thread running library code inside a run, or NULL (no run, an outside thread, or an away one). */
static inline struct sched_thread *scheduled_self(void) {
    if (__builtin_expect(!atomic_load_explicit(&run_active, memory_order_relaxed), 1)) return NULL;
    return tls.self;
}

/* The hot path: every load and store of the library comes here first, with its size and the library's instruction
 * (the hook's return address). After the point, when the thread runs again, the access is checked against the heap
 * quarantine: a block another thread freed meanwhile is reported here, by this access, whatever the heap's layout. */
static inline void on_access(const void *addr, size_t size, bool store, void *site) {
    struct sched_thread *t = scheduled_self();
    if (!t) return;
    /* The thread's own stack cannot race (unsigned arithmetic: one comparison for both bounds). */
    if ((uintptr_t)addr - tls.stack_lo < tls.stack_size) return;
    point(t);
    if (heapguard_in_use()) heapguard_check(addr, size, store, t->id, site);
}

int schedrt_program_thread(void) { return tls.member ? tls.member->id : -1; }

/* ---- SanitizerCoverage hooks (clang's SanitizerCoverage documentation gives these signatures) --- */

API void __sanitizer_cov_load1(uint8_t *addr);
API void __sanitizer_cov_load2(uint16_t *addr);
API void __sanitizer_cov_load4(uint32_t *addr);
API void __sanitizer_cov_load8(uint64_t *addr);
API void __sanitizer_cov_load16(__int128 *addr);
API void __sanitizer_cov_store1(uint8_t *addr);
API void __sanitizer_cov_store2(uint16_t *addr);
API void __sanitizer_cov_store4(uint32_t *addr);
API void __sanitizer_cov_store8(uint64_t *addr);
API void __sanitizer_cov_store16(__int128 *addr);
API void __sanitizer_cov_bool_flag_init(bool *start, bool *stop);

#define HOOK(kind, bytes, type, store) \
    void __sanitizer_cov_##kind##bytes(type *addr) { on_access(addr, bytes, store, __builtin_return_address(0)); }
HOOK(load, 1, uint8_t, false)
HOOK(load, 2, uint16_t, false)
HOOK(load, 4, uint32_t, false)
HOOK(load, 8, uint64_t, false)
HOOK(load, 16, __int128, false)
HOOK(store, 1, uint8_t, true)
HOOK(store, 2, uint16_t, true)
HOOK(store, 4, uint32_t, true)
HOOK(store, 8, uint64_t, true)
HOOK(store, 16, __int128, true)

/* clang emits trace-loads/trace-stores only together with an edge-coverage kind (its documentation says so, and
 * clang-19 silently instruments nothing otherwise); the schedule build uses the cheapest one, inline-bool-flag,
 * whose flags nobody here reads. */
void __sanitizer_cov_bool_flag_init(bool *start, bool *stop) {
    (void)start;
    (void)stop;
}

/* ---- pthread wrappers (the library is linked with -Wl,--wrap=pthread_...) ----------------------- */

/* Takes lock `obj` for t (a real try-lock, since only the token holder runs), becoming blocked while it is held.
 * Called with sched_lock held. */
static int acquire(struct sched_thread *t, int kind, void *obj, void *site) {
    for (;;) {
        int rc = kind == STAMPEDE_SCHED_WAIT_MUTEX    ? pthread_mutex_trylock(obj)
                 : kind == STAMPEDE_SCHED_WAIT_RDLOCK ? pthread_rwlock_tryrdlock(obj)
                                                      : pthread_rwlock_trywrlock(obj);
        if (rc == 0) {
            ptr_add(&t->held, obj);
            return 0;
        }
        if (rc != EBUSY) return rc;
        t->state = T_BLOCKED;
        t->wait_kind = kind;
        t->wait_obj = obj;
        t->wait_site = site;
        hand_on(t->run);
        wait_turn(t->run, t);
        t->wait_kind = STAMPEDE_SCHED_WAIT_NONE;
    }
}

static int lock_scheduled(struct sched_thread *t, int kind, void *obj, void *site) {
    pthread_mutex_lock(&sched_lock);
    point_locked(t); /* acquiring a lock is a point of its own: who gets it first is the interleaving */
    int rc = acquire(t, kind, obj, site);
    pthread_mutex_unlock(&sched_lock);
    return rc;
}

static int trylock_scheduled(struct sched_thread *t, int kind, void *obj) {
    pthread_mutex_lock(&sched_lock);
    point_locked(t);
    int rc = kind == STAMPEDE_SCHED_WAIT_MUTEX    ? pthread_mutex_trylock(obj)
             : kind == STAMPEDE_SCHED_WAIT_RDLOCK ? pthread_rwlock_tryrdlock(obj)
                                                  : pthread_rwlock_trywrlock(obj);
    if (rc == 0) ptr_add(&t->held, obj);
    pthread_mutex_unlock(&sched_lock);
    return rc;
}

/* Lock `obj` was just released for real: program threads blocked on it may run again (they try again). */
static void wake_lock_waiters(struct run *r, void *obj) {
    for (int i = 0; i < r->nthreads; i++) {
        struct sched_thread *w = &r->threads[i];
        if (w->state == T_BLOCKED && w->wait_obj == obj && w->wait_kind != STAMPEDE_SCHED_WAIT_COND)
            w->state = T_RUNNABLE;
    }
}

/* After a real unlock by any thread while a run is active. */
static void released(void *obj) {
    if (!atomic_load_explicit(&run_active, memory_order_relaxed)) return;
    pthread_mutex_lock(&sched_lock);
    struct run *r = current;
    if (r && !r->over) {
        struct sched_thread *t = tls.member;
        if (t && t->run == r) ptr_remove(&t->held, obj);
        wake_lock_waiters(r, obj);
    }
    pthread_mutex_unlock(&sched_lock);
}

static void wake_cond_waiters(void *cond, bool all) {
    if (!atomic_load_explicit(&run_active, memory_order_relaxed)) return;
    pthread_mutex_lock(&sched_lock);
    struct run *r = current;
    if (r && !r->over) {
        for (;;) {
            struct sched_thread *first = NULL;
            for (int i = 0; i < r->nthreads; i++) {
                struct sched_thread *w = &r->threads[i];
                if ((w->state == T_BLOCKED || w->state == T_TIMED) && w->wait_kind == STAMPEDE_SCHED_WAIT_COND &&
                    w->wait_obj == cond && !w->signalled && (!first || w->wait_seq < first->wait_seq))
                    first = w;
            }
            if (!first) break;
            first->signalled = true;
            first->state = T_RUNNABLE;
            if (!all) break;
        }
    }
    pthread_mutex_unlock(&sched_lock);
}

static int cond_wait_scheduled(struct sched_thread *t, pthread_cond_t *c, pthread_mutex_t *m, bool timed, void *site) {
    pthread_mutex_lock(&sched_lock);
    struct run *r = t->run;
    r->points++;
    int rc = pthread_mutex_unlock(m);
    if (rc != 0) {
        pthread_mutex_unlock(&sched_lock);
        return rc;
    }
    ptr_remove(&t->held, m);
    wake_lock_waiters(r, m);
    t->state = timed ? T_TIMED : T_BLOCKED;
    t->wait_kind = STAMPEDE_SCHED_WAIT_COND;
    t->wait_obj = c;
    t->wait_site = site;
    t->wait_seq = ++r->wait_seq;
    t->signalled = false;
    hand_on(r);
    wait_turn(r, t);
    /* Chosen while still waiting: the timeout fired (only a timed wait is a candidate while waiting). */
    int result = t->state == T_TIMED ? ETIMEDOUT : 0;
    t->state = T_RUNNABLE;
    t->signalled = false;
    t->wait_kind = STAMPEDE_SCHED_WAIT_NONE;
    rc = acquire(t, STAMPEDE_SCHED_WAIT_MUTEX, m, site);
    pthread_mutex_unlock(&sched_lock);
    return rc ? rc : result;
}

#define WRAP(ret, name, params) \
    API ret __wrap_##name params; \
    ret __wrap_##name params

WRAP(int, pthread_mutex_lock, (pthread_mutex_t *m)) {
    struct sched_thread *t = scheduled_self();
    if (!t) return pthread_mutex_lock(m);
    return lock_scheduled(t, STAMPEDE_SCHED_WAIT_MUTEX, m, __builtin_return_address(0));
}

WRAP(int, pthread_mutex_trylock, (pthread_mutex_t *m)) {
    struct sched_thread *t = scheduled_self();
    if (!t) return pthread_mutex_trylock(m);
    return trylock_scheduled(t, STAMPEDE_SCHED_WAIT_MUTEX, m);
}

WRAP(int, pthread_mutex_unlock, (pthread_mutex_t *m)) {
    int rc = pthread_mutex_unlock(m);
    if (rc == 0) released(m);
    return rc;
}

WRAP(int, pthread_rwlock_rdlock, (pthread_rwlock_t *l)) {
    struct sched_thread *t = scheduled_self();
    if (!t) return pthread_rwlock_rdlock(l);
    return lock_scheduled(t, STAMPEDE_SCHED_WAIT_RDLOCK, l, __builtin_return_address(0));
}

WRAP(int, pthread_rwlock_wrlock, (pthread_rwlock_t *l)) {
    struct sched_thread *t = scheduled_self();
    if (!t) return pthread_rwlock_wrlock(l);
    return lock_scheduled(t, STAMPEDE_SCHED_WAIT_WRLOCK, l, __builtin_return_address(0));
}

WRAP(int, pthread_rwlock_tryrdlock, (pthread_rwlock_t *l)) {
    struct sched_thread *t = scheduled_self();
    if (!t) return pthread_rwlock_tryrdlock(l);
    return trylock_scheduled(t, STAMPEDE_SCHED_WAIT_RDLOCK, l);
}

WRAP(int, pthread_rwlock_trywrlock, (pthread_rwlock_t *l)) {
    struct sched_thread *t = scheduled_self();
    if (!t) return pthread_rwlock_trywrlock(l);
    return trylock_scheduled(t, STAMPEDE_SCHED_WAIT_WRLOCK, l);
}

WRAP(int, pthread_rwlock_unlock, (pthread_rwlock_t *l)) {
    int rc = pthread_rwlock_unlock(l);
    if (rc == 0) released(l);
    return rc;
}

WRAP(int, pthread_cond_wait, (pthread_cond_t *c, pthread_mutex_t *m)) {
    struct sched_thread *t = scheduled_self();
    if (!t) return pthread_cond_wait(c, m);
    return cond_wait_scheduled(t, c, m, false, __builtin_return_address(0));
}

WRAP(int, pthread_cond_timedwait, (pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)) {
    struct sched_thread *t = scheduled_self();
    if (!t) return pthread_cond_timedwait(c, m, abstime);
    return cond_wait_scheduled(t, c, m, true, __builtin_return_address(0));
}

/* A signal wakes the longest-waiting program thread and, for real, any thread outside the run (a spurious wakeup
 * at worst, which POSIX allows). */
WRAP(int, pthread_cond_signal, (pthread_cond_t *c)) {
    wake_cond_waiters(c, false);
    return pthread_cond_signal(c);
}

WRAP(int, pthread_cond_broadcast, (pthread_cond_t *c)) {
    wake_cond_waiters(c, true);
    return pthread_cond_broadcast(c);
}

/* ---- the host's API --------------------------------------------------------------------------- */

static void free_run(struct run *r) {
    for (int i = 0; i < r->nthreads; i++) {
        pthread_cond_destroy(&r->threads[i].wake);
        free(r->threads[i].held.items);
    }
    pthread_cond_destroy(&r->over_cond);
    free(r->threads);
    free(r->candidates);
    free(r->change_points);
    free(r->trace.data);
    free(r->replay);
    free(r->description);
    free(r);
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Reads a trace into r->replay; false when it is malformed or made for another number of threads. */
static bool load_replay(struct run *r, const uint8_t *p, size_t len) {
    size_t at = 2;
    uint64_t threads, kept, chosen;
    if (len < 3 || p[0] != 'S' || p[1] != 1 || !read_varint(p, len, &at, &threads) ||
        threads != (uint64_t)r->nthreads)
        return false;
    size_t cap = 0;
    while (at < len) {
        if (!read_varint(p, len, &at, &kept) || !read_varint(p, len, &at, &chosen) || chosen > threads) return false;
        if (r->replay_pairs == cap) {
            cap = cap ? cap * 2 : 16;
            r->replay = xrealloc(r->replay, cap * 2 * sizeof *r->replay);
        }
        r->replay[2 * r->replay_pairs] = kept;
        r->replay[2 * r->replay_pairs + 1] = chosen;
        r->replay_pairs++;
        if (chosen == threads && at != len) return false; /* nothing may follow the end marker */
    }
    r->replaying = r->replay_pairs > 0;
    if (r->replaying) replay_advance(r);
    return true;
}

API int stampede_sched_begin(int threads, int strategy, uint64_t seed, int param, uint64_t pct_steps,
                             const uint8_t *replay, size_t replay_len) {
    if (threads < 1 || strategy < STAMPEDE_SCHED_NONE || strategy > STAMPEDE_SCHED_SWITCH) return -1;
    if (strategy == STAMPEDE_SCHED_PCT && param < 1) return -1;
    if (strategy == STAMPEDE_SCHED_SWITCH && (param < 0 || param > 1000)) return -1;
    pthread_mutex_lock(&sched_lock);
    if (current && !current->over) {
        pthread_mutex_unlock(&sched_lock);
        return -1;
    }
    struct run *r = calloc(1, sizeof *r);
    if (!r) {
        pthread_mutex_unlock(&sched_lock);
        return -1;
    }
    r->nthreads = threads;
    r->threads = calloc((size_t)threads, sizeof *r->threads);
    r->candidates = calloc((size_t)threads, sizeof *r->candidates);
    if (!r->threads || !r->candidates || (replay_len && !load_replay(r, replay, replay_len))) {
        free(r->threads);
        free(r->candidates);
        free(r->replay);
        free(r);
        pthread_mutex_unlock(&sched_lock);
        return -1;
    }
    r->unfinished = threads;
    r->strategy = strategy;
    r->param = param;
    r->trace_fd = trace_fd;
    pthread_cond_init(&r->over_cond, NULL);
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) r->rng[i] = splitmix(&x);
    for (int i = 0; i < threads; i++) {
        struct sched_thread *t = &r->threads[i];
        t->id = i;
        t->state = T_AWAY;
        t->run = r;
        pthread_cond_init(&t->wake, NULL);
    }
    if (strategy == STAMPEDE_SCHED_PCT) {
        /* Distinct initial priorities param..param+threads-1 in a random order (Fisher-Yates), and the change
         * points, uniform among decisions 1..k. */
        for (int i = 0; i < threads; i++) r->threads[i].priority = (uint64_t)(param + i);
        for (int i = threads - 1; i > 0; i--) {
            int j = (int)rng_below(r->rng, (uint64_t)i + 1);
            uint64_t p = r->threads[i].priority;
            r->threads[i].priority = r->threads[j].priority;
            r->threads[j].priority = p;
        }
        r->pct_k = pct_steps ? pct_steps : largest_decisions ? largest_decisions : 1000;
        r->change_points = calloc((size_t)param, sizeof *r->change_points);
        for (int i = 0; i < param - 1; i++) r->change_points[i] = 1 + rng_below(r->rng, r->pct_k);
        qsort(r->change_points, (size_t)(param - 1), sizeof *r->change_points, compare_u64);
    }
    uint8_t header[12] = {'S', 1};
    trace_put(r, header, 2 + varint(header + 2, (uint64_t)threads));

    struct run *previous = current;
    /* A deadlocked run's threads are parked on it forever: it is never freed. */
    if (previous && previous->unfinished == 0) free_run(previous);
    current = r;
    atomic_store(&run_active, 1);
    r->running = -1;
    hand_on(r); /* the first decision: every thread is a candidate before it arrives */
    pthread_mutex_unlock(&sched_lock);
    return 0;
}

API int stampede_sched_thread_enter(int thread) {
    pthread_mutex_lock(&sched_lock);
    struct run *r = current;
    if (!r || r->over || thread < 0 || thread >= r->nthreads || r->threads[thread].state != T_AWAY) {
        pthread_mutex_unlock(&sched_lock);
        return -1;
    }
    struct sched_thread *t = &r->threads[thread];
    t->state = T_RUNNABLE;
    wait_turn(r, t);
    /* Only now, holding the token, may the thread touch its TLS or ask for its stack: the first access to a
     * dlopen'ed library's TLS and pthread_getattr_np both call malloc, and allocations made by two threads at once
     * would leave a heap layout the schedule does not decide (a heap corruption would then fail differently from
     * one replay to the next). */
    if (tls.member && tls.member != t) {
        /* This OS thread is already another program thread: refuse, and hand the token on. */
        t->state = T_AWAY;
        hand_on(r);
        pthread_mutex_unlock(&sched_lock);
        return -1;
    }
    if (!tls.stack_known) {
        pthread_attr_t attr;
        void *lo;
        size_t size;
        if (pthread_getattr_np(pthread_self(), &attr) == 0) {
            if (pthread_attr_getstack(&attr, &lo, &size) == 0) {
                tls.stack_lo = (uintptr_t)lo;
                tls.stack_size = size;
            }
            pthread_attr_destroy(&attr);
        }
        tls.stack_known = true;
    }
    tls.self = tls.member = t;
    pthread_mutex_unlock(&sched_lock);
    return 0;
}

API void stampede_sched_thread_leave(void) {
    struct sched_thread *t = tls.self;
    if (!t) return;
    pthread_mutex_lock(&sched_lock);
    if (!t->run->over) {
        t->run->points++;
        t->state = T_AWAY;
        tls.self = NULL;
        hand_on(t->run);
    }
    pthread_mutex_unlock(&sched_lock);
}

API void stampede_sched_thread_exit(void) {
    struct sched_thread *t = tls.self;
    if (!t) return;
    pthread_mutex_lock(&sched_lock);
    tls.self = tls.member = NULL;
    struct run *r = t->run;
    if (!r->over) {
        t->state = T_DONE;
        r->unfinished--;
        hand_on(r);
    }
    /* Returns only when the run is over: what the thread does next (host code, ending the thread, which frees its
     * allocator cache into the heap the library's objects live in) is not scheduled and must not run alongside the
     * threads that still are. */
    r->exiting++;
    while (!r->over) pthread_cond_wait(&r->over_cond, &sched_lock);
    if (--r->exiting == 0) pthread_cond_broadcast(&r->over_cond);
    pthread_mutex_unlock(&sched_lock);
}

API void stampede_sched_point(void) {
    struct sched_thread *t = scheduled_self();
    if (t) point(t);
}

API int stampede_sched_end(void) {
    pthread_mutex_lock(&sched_lock);
    struct run *r = current;
    int status = -2;
    if (r) {
        /* Also until the exiting threads have left the runtime: then nothing but parked threads touches the run. */
        while (!r->over || r->exiting > 0) pthread_cond_wait(&r->over_cond, &sched_lock);
        status = r->status;
    }
    pthread_mutex_unlock(&sched_lock);
    return status;
}

API int stampede_sched_poll(void) {
    pthread_mutex_lock(&sched_lock);
    int status = !current ? -2 : current->over ? current->status : STAMPEDE_SCHED_RUNNING;
    pthread_mutex_unlock(&sched_lock);
    return status;
}

API size_t stampede_sched_trace(uint8_t *buf, size_t cap) {
    pthread_mutex_lock(&sched_lock);
    size_t len = 0;
    if (current) {
        len = current->trace.len;
        if (buf && cap) memcpy(buf, current->trace.data, len < cap ? len : cap);
    }
    pthread_mutex_unlock(&sched_lock);
    return len;
}

API void stampede_sched_trace_fd(int fd) {
    pthread_mutex_lock(&sched_lock);
    trace_fd = fd;
    pthread_mutex_unlock(&sched_lock);
}

#define COUNT_GETTER(name, field)                      \
    API uint64_t name(void) {                          \
        pthread_mutex_lock(&sched_lock);               \
        uint64_t v = current ? current->field : 0;     \
        pthread_mutex_unlock(&sched_lock);             \
        return v;                                      \
    }

COUNT_GETTER(stampede_sched_points, points)
COUNT_GETTER(stampede_sched_decisions, decisions)
COUNT_GETTER(stampede_sched_pct_steps, pct_k)

API size_t stampede_sched_describe(char *buf, size_t cap) {
    pthread_mutex_lock(&sched_lock);
    const char *d = current && current->description ? current->description : "";
    size_t len = strlen(d);
    if (buf && cap) snprintf(buf, cap, "%s", d);
    pthread_mutex_unlock(&sched_lock);
    return len;
}

API int stampede_sched_waiting(int thread, uintptr_t *lock, int *holder) {
    pthread_mutex_lock(&sched_lock);
    int kind = STAMPEDE_SCHED_WAIT_NONE, h = -1;
    uintptr_t obj = 0;
    struct run *r = current;
    if (r && thread >= 0 && thread < r->nthreads &&
        (r->threads[thread].state == T_BLOCKED || r->threads[thread].state == T_TIMED)) {
        kind = r->threads[thread].wait_kind;
        obj = (uintptr_t)r->threads[thread].wait_obj;
        h = kind == STAMPEDE_SCHED_WAIT_COND ? -1 : holder_of(r, r->threads[thread].wait_obj);
    }
    pthread_mutex_unlock(&sched_lock);
    if (lock) *lock = obj;
    if (holder) *holder = h;
    return kind;
}

/* libstampede_schedrt: controlled, replayable thread interleavings inside native library calls.
 *
 * A library built as the "schedule" variant (clang -fsanitize-coverage=inline-bool-flag,trace-loads,trace-stores,
 * linked with -Wl,--wrap=pthread_mutex_lock,... see CMakeLists.txt) calls __sanitizer_cov_load<N>/store<N> before
 * each of its memory accesses, __wrap_pthread_* instead of the pthread lock and condition-variable calls, and
 * __wrap_malloc/calloc/realloc/free instead of the allocator's (the heap guard, heapguard.h). This
 * runtime defines all of those, so the host must load it into the global scope BEFORE the library:
 *     dlopen("libstampede_schedrt.so", RTLD_NOW | RTLD_GLOBAL)   (or LD_PRELOAD it)
 * Without it, dlopen(RTLD_NOW) of the library fails (undefined symbol: a hook or a __wrap_ function); with RTLD_LAZY,
 * which .NET's NativeLibrary.Load uses, the library's constructor kills the process with "symbol lookup error". So a
 * .NET host dlopens the runtime itself (libc's dlopen, RTLD_NOW | RTLD_GLOBAL) or preloads it.
 *
 * The model. A *run* has a fixed number of program threads, numbered 0..threads-1. Only one of them holds the
 * token and runs at a time. A *scheduling point* is a load or store of the library outside the running thread's own
 * stack, a lock acquisition, a condition wait, and the host's own stampede_sched_point(). At each point where more
 * than one thread could run (a *decision*), the strategy picks who goes on. Every decision is recorded in a compact
 * trace; a run given that trace makes the same decisions, so (for a deterministic library and host) the same
 * execution happens again. Blocking is modelled, not performed: a program thread that would block on a held mutex or
 * rwlock, or waits on a condition variable, is marked blocked and gives the token away. When every unfinished thread
 * is blocked, the run ends as a deadlock, at once (no timeout), and who waits for what is kept for the host.
 *
 * Not controlled: what the library does through libc (malloc's and stdio's own locks, system calls), atomics that
 * compile to read-modify-write instructions (not traced by the compiler), pthread_once, semaphores, spin locks,
 * pthread_mutex_timedlock, weak memory (a run is sequentially consistent), locks held by threads outside the run
 * (they are real locks: a program thread waiting for one is blocked until that thread unlocks through a wrapper,
 * and if every program thread is waiting like that the run is judged a deadlock). There is no bound on steps yet: a
 * library that spins on a flag another thread sets never ends under PCT while the spinner has the top priority.
 *
 * The contract with the host: enter/exit PER THREAD, not per call. A program thread calls
 * stampede_sched_thread_enter(i) once before its first call and stampede_sched_thread_exit() once after its last. In
 * between it keeps the token while it runs host code between its calls, so the host's bookkeeping is ordered like
 * everything else and costs no scheduling. Per-call enter/exit would make a thread finish and reappear at times the
 * scheduler cannot know, which breaks replay. A thread that must run host code WITHOUT the token (long host work
 * other threads should overlap with) calls stampede_sched_thread_leave() and later stampede_sched_thread_enter(i)
 * again: while away it stays a candidate, so decisions do not depend on when it comes back; if it is chosen
 * meanwhile, everybody waits for it to come back. So an away thread must not wait for another program thread.
 *
 * All functions are thread-safe. One run at a time per process. */
#ifndef STAMPEDE_SCHEDRT_H
#define STAMPEDE_SCHEDRT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Strategies (stampede_sched_begin's strategy), all deterministic for a seed. */
enum {
    /* No exploration: the running thread goes on while it can, then the lowest-numbered candidate. The strategy for
     * a strict replay of a trace that was cut short (a crash): see stampede_sched_trace_fd. */
    STAMPEDE_SCHED_NONE = 0,
    /* A uniformly random candidate at each decision. param: unused. */
    STAMPEDE_SCHED_RANDOM = 1,
    /* PCT (Burckhardt et al., ASPLOS 2010): random distinct initial priorities, param-1 priority change points drawn
     * uniformly among the first k decisions; always the highest-priority candidate runs. param: the bug depth d >= 1.
     * k: pct_steps, or when 0 the largest decision count of the earlier runs of this process (1000 before any). */
    STAMPEDE_SCHED_PCT = 2,
    /* Probabilistic switching: at each decision, another candidate (uniformly) with probability param/1000. */
    STAMPEDE_SCHED_SWITCH = 3,
};

/* Outcomes of a run (stampede_sched_end, stampede_sched_poll). */
enum {
    STAMPEDE_SCHED_RUNNING = -1,  /* poll only: the run is not over */
    STAMPEDE_SCHED_COMPLETED = 0, /* every thread called stampede_sched_thread_exit */
    STAMPEDE_SCHED_DEADLOCK = 1,  /* every unfinished thread was blocked; see stampede_sched_describe/waiting */
    STAMPEDE_SCHED_DIVERGED = 2,  /* a replayed trace did not fit the run (see stampede_sched_describe); the run went
                                     on with the strategy and ended, or deadlocked, after that */
};

/* What a blocked thread waits for (stampede_sched_waiting). */
enum {
    STAMPEDE_SCHED_WAIT_NONE = 0,
    STAMPEDE_SCHED_WAIT_MUTEX = 1,
    STAMPEDE_SCHED_WAIT_RDLOCK = 2,
    STAMPEDE_SCHED_WAIT_WRLOCK = 3,
    STAMPEDE_SCHED_WAIT_COND = 4,
};

/* Starts a run of `threads` (>= 1) program threads. strategy/param as above; seed fixes every random choice.
 * pct_steps: PCT's k (0: estimate, see STAMPEDE_SCHED_PCT). replay/replay_len: a trace of an earlier run with the
 * same threads to replay (NULL/0: none). A complete trace (one stampede_sched_trace returned after the run ended) is
 * replayed strictly and any mismatch makes the run DIVERGED; a trace that was cut short (a crash while it was being
 * written to a trace fd) is replayed as far as it goes, then the strategy decides (use STAMPEDE_SCHED_NONE to
 * reproduce the crash). Returns 0, or -1 when a run is already active, an argument is invalid or the trace is
 * malformed. The previous run's results (trace, counts, description) are dropped here. */
int stampede_sched_begin(int threads, int strategy, uint64_t seed, int param, uint64_t pct_steps,
                         const uint8_t *replay, size_t replay_len);

/* Called by program thread `thread` (0..threads-1) on its own OS thread: registers it (first call) or brings it back
 * after stampede_sched_thread_leave, and waits until the scheduler gives it the token. Returns 0, or -1 (no active
 * run, bad number, the thread already entered or exited, or this OS thread is another program thread). */
int stampede_sched_thread_enter(int thread);

/* The calling program thread gives the token away but stays a candidate (see the contract above). */
void stampede_sched_thread_leave(void);

/* The calling program thread is done (it must hold the token, i.e. not be away): the token goes on. Returns when the
 * run is over, so that what the thread does afterwards (host code, ending the OS thread, which frees its allocator
 * cache into the shared heap) cannot interleave with the threads still running: that would be unscheduled. */
void stampede_sched_thread_exit(void);

/* An explicit scheduling point, for the host (for example at each call boundary). No-op on other threads. */
void stampede_sched_point(void);

/* Waits until the run is over (all threads exited, or a deadlock) and the exiting threads have left the runtime, and
 * returns the outcome. After a deadlock the
 * blocked threads stay parked inside the runtime forever (they hold the library's real locks): the process should be
 * recycled. The results below stay readable until the next stampede_sched_begin. */
int stampede_sched_end(void);

/* The outcome without waiting: STAMPEDE_SCHED_RUNNING while the run is not over. -2 when there never was a run. */
int stampede_sched_poll(void);

/* Copies the trace of the current or last run into buf (at most cap bytes) and returns its full length (call with
 * cap 0 to size a buffer). Format: 'S', version 1, varint threads; then per switch varint(decisions kept before
 * it), varint(thread chosen); a complete trace ends with varint(final keeps), varint(threads). Varints are LEB128. */
size_t stampede_sched_trace(uint8_t *buf, size_t cap);

/* Makes the following runs also append their trace to fd as it grows (one write per switch), so that a run that
 * crashes the process leaves a replayable trace behind: everything after the last write was the running thread
 * going on, which STAMPEDE_SCHED_NONE reproduces. -1 turns it off. The fd is not closed by the runtime. */
void stampede_sched_trace_fd(int fd);

/* Scheduling points and decisions (points with more than one candidate) of the current or last run. */
uint64_t stampede_sched_points(void);
uint64_t stampede_sched_decisions(void);
/* The k that PCT used in the current or last run (0 for other strategies). */
uint64_t stampede_sched_pct_steps(void);

/* A readable account of a deadlock (one line per blocked thread: what it waits for, where, and who holds it; lock
 * addresses as library+offset, stable across runs) or of a divergence. Copies at most cap bytes including the NUL,
 * returns the full length like snprintf. Empty for a completed run. */
size_t stampede_sched_describe(char *buf, size_t cap);

/* For program thread `thread` of the last run: what it is blocked on (a STAMPEDE_SCHED_WAIT_* kind); *lock the
 * object's address, *holder the program thread holding it (the first found for a read-locked rwlock) or -1 (none, or
 * not a thread of the run). Either pointer may be NULL. */
int stampede_sched_waiting(int thread, uintptr_t *lock, int *holder);

#ifdef __cplusplus
}
#endif

#endif

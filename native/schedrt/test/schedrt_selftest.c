/* Self-test of the scheduling runtime on schedrt_testlib.c: condition variables (signal, broadcast, timed waits),
 * rwlocks, trylock, a lost wake-up found as a deadlock, strict and cut-short replay, divergence, leave and re-enter,
 * determinism per seed, API misuse. Linked to the runtime and the test library directly. Prints one line per check,
 * "SUMMARY: ..." last; exit code 0 when all pass. */
#define _GNU_SOURCE
#include "../schedrt.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void q_reset(void);
void q_put(int v);
void q_put_all(int v);
int q_take(void);
int q_take_timed(void);
void lw_reset(void);
void lw_wait(void);
void lw_notify(void);
void rw_write(long v);
int rw_read(void);
int try_once(void);
void hold_briefly(void);
char *hg_alloc(size_t n);
char *hg_zalloc(size_t n);
char *hg_grow(char *p, size_t n);
void hg_free(char *p);
char hg_read(const char *p, size_t i);
void hg_write(char *p, size_t i, char v);

static int failures;

static void check(bool ok, const char *what) {
    printf("%s %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok) failures++;
}

/* ---- running a program ------------------------------------------------------------------------ */

typedef void (*body_fn)(int t, int *results);

struct worker {
    int t;
    body_fn body;
    int *results;
};

static void *worker_main(void *arg) {
    struct worker *w = arg;
    if (stampede_sched_thread_enter(w->t) != 0) abort();
    w->body(w->t, w->results);
    stampede_sched_thread_exit();
    return NULL;
}

/* Runs body on n threads; results[] is the program's output. Deadlocked threads are left parked (detached). */
static int run(int n, int strategy, uint64_t seed, int param, const uint8_t *replay, size_t len, body_fn body, int *results) {
    if (stampede_sched_begin(n, strategy, seed, param, 0, replay, len) != 0) return -100;
    pthread_t th[8];
    struct worker w[8];
    for (int t = 0; t < n; t++) {
        w[t] = (struct worker){t, body, results};
        pthread_create(&th[t], NULL, worker_main, &w[t]);
    }
    int status = stampede_sched_end();
    for (int t = 0; t < n; t++) {
        if (status == STAMPEDE_SCHED_COMPLETED) pthread_join(th[t], NULL);
        else pthread_detach(th[t]);
    }
    return status;
}

static size_t trace(uint8_t *buf, size_t cap) { return stampede_sched_trace(buf, cap); }

/* ---- programs --------------------------------------------------------------------------------- */

/* The heap guard's cases, one program thread each: every byte of a block may be used up to its end, through calloc
 * and realloc, and then freed; any step past that is reported by the access (or free) itself. */
static void heap_clean(int t, int *r) {
    (void)t;
    char *p = hg_alloc(24), *z = hg_zalloc(40), *none = hg_alloc(0);
    for (size_t i = 0; i < 24; i++) hg_write(p, i, (char)i);
    p = hg_grow(p, 100);
    for (size_t i = 0; i < 100; i++) hg_write(p, i, hg_read(p, i % 24));
    for (size_t i = 0; i < 40; i++) r[0] += hg_read(z, i);
    hg_free(p);
    hg_free(z);
    hg_free(none);
    r[0] += 1;
}
static void heap_overflow(int t, int *r) { (void)t; (void)r; hg_write(hg_alloc(24), 24, 1); }
static void heap_late_read(int t, int *r) {
    (void)t;
    char *p = hg_alloc(32);
    hg_free(p);
    r[0] = hg_read(p, 8);
}
static void heap_double_free(int t, int *r) {
    (void)t;
    (void)r;
    char *p = hg_alloc(32);
    hg_free(p);
    hg_free(p);
}
static void heap_old_array(int t, int *r) {
    (void)t;
    char *p = hg_alloc(16);
    hg_grow(p, 64);
    r[0] = hg_read(p, 0);
}

/* Runs body on one program thread in a child process; true when the child ended as expected: exit 0 when `report` is
 * NULL, else SIGABRT with a line on stderr that contains `report`. */
static bool guarded(body_fn body, const char *report) {
    int pipefd[2];
    if (pipe(pipefd) != 0) return false;
    pid_t child = fork();
    if (child == 0) {
        dup2(pipefd[1], STDERR_FILENO);
        int r[1] = {0};
        _exit(run(1, STAMPEDE_SCHED_NONE, 1, 0, NULL, 0, body, r) == STAMPEDE_SCHED_COMPLETED ? 0 : 3);
    }
    close(pipefd[1]);
    char err[1024] = "";
    size_t len = 0;
    ssize_t n;
    while (len < sizeof err - 1 && (n = read(pipefd[0], err + len, sizeof err - 1 - len)) > 0) len += (size_t)n;
    err[len] = '\0';
    close(pipefd[0]);
    int status;
    waitpid(child, &status, 0);
    if (!report) return WIFEXITED(status) && WEXITSTATUS(status) == 0 && !strstr(err, "stampede-schedrt");
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT && strstr(err, report);
}

static void prodcons(int t, int *r) {
    if (t == 0) {
        r[0] = q_take();
        r[1] = q_take();
    } else {
        q_put(1);
        q_put(2);
    }
}

static void broadcast(int t, int *r) {
    if (t < 2) r[t] = q_take();
    else {
        q_put_all(1);
        q_put_all(2);
    }
}

static void timed(int t, int *r) {
    if (t == 0) r[0] = q_take_timed();
    else q_put(7);
}

static void timed_alone(int t, int *r) { r[t] = q_take_timed(); }

static void lost_wakeup(int t, int *r) {
    (void)r;
    if (t == 0) lw_wait();
    else lw_notify();
}

static void readers_writer(int t, int *r) {
    for (int i = 1; i <= 3; i++) {
        if (t == 0) rw_write(i);
        else r[0] += !rw_read();
    }
}

static void trylock(int t, int *r) {
    if (t == 0) hold_briefly();
    else r[0] = try_once();
}

static void leaving(int t, int *r) {
    if (t == 0) {
        q_put(1);
        stampede_sched_thread_leave();
        usleep(500); /* host work without the token, overlapping the other thread */
        if (stampede_sched_thread_enter(0) != 0) abort();
        q_put(2);
    } else {
        r[0] = q_take();
        r[1] = q_take();
    }
}

/* ---- checks ----------------------------------------------------------------------------------- */

static const int strategies[][2] = {{STAMPEDE_SCHED_RANDOM, 0}, {STAMPEDE_SCHED_PCT, 3}, {STAMPEDE_SCHED_SWITCH, 200}, {STAMPEDE_SCHED_NONE, 0}};

int main(void) {
    int r[4];
    bool ok = true;
    for (int s = 0; s < 4; s++)
        for (uint64_t seed = 0; seed < 150; seed++) {
            q_reset();
            memset(r, 0, sizeof r);
            int st = run(2, strategies[s][0], seed, strategies[s][1], NULL, 0, prodcons, r);
            ok &= st == STAMPEDE_SCHED_COMPLETED && r[0] + r[1] == 3 && r[0] != r[1];
        }
    check(ok, "producer/consumer (cond_wait, signal): completes with both items, 600 runs, every strategy");

    ok = true;
    for (uint64_t seed = 0; seed < 150; seed++) {
        q_reset();
        memset(r, 0, sizeof r);
        int st = run(3, STAMPEDE_SCHED_RANDOM, seed, 0, NULL, 0, broadcast, r);
        ok &= st == STAMPEDE_SCHED_COMPLETED && r[0] + r[1] == 3;
    }
    check(ok, "broadcast to two waiters: completes, each waiter gets an item, 150 runs");

    int got = 0, timed_out = 0;
    ok = true;
    for (uint64_t seed = 0; seed < 150; seed++) {
        q_reset();
        r[0] = 0;
        int st = run(2, STAMPEDE_SCHED_RANDOM, seed, 0, NULL, 0, timed, r);
        ok &= st == STAMPEDE_SCHED_COMPLETED && (r[0] == 7 || r[0] == -1);
        got += r[0] == 7;
        timed_out += r[0] == -1;
    }
    char line[160];
    snprintf(line, sizeof line, "timed wait: a scheduling choice, never a deadlock (item %d, timeout %d of 150)", got, timed_out);
    check(ok && got > 0 && timed_out > 0, line);
    q_reset();
    r[0] = 0;
    check(run(1, STAMPEDE_SCHED_PCT, 1, 3, NULL, 0, timed_alone, r) == STAMPEDE_SCHED_COMPLETED && r[0] == -1,
          "timed wait with nobody to signal: times out, no deadlock");

    int found = -1;
    for (uint64_t seed = 0; seed < 300 && found < 0; seed++) {
        lw_reset();
        if (run(2, STAMPEDE_SCHED_PCT, seed, 3, NULL, 0, lost_wakeup, r) == STAMPEDE_SCHED_DEADLOCK) found = (int)seed;
    }
    char desc[1024] = "", desc2[1024] = "";
    uint8_t tr[4096];
    size_t len = 0;
    if (found >= 0) {
        stampede_sched_describe(desc, sizeof desc);
        len = trace(tr, sizeof tr);
        uintptr_t lock = 0;
        int holder = 0;
        int kind = stampede_sched_waiting(0, &lock, &holder);
        check(kind == STAMPEDE_SCHED_WAIT_COND && lock != 0 && holder == -1, "stampede_sched_waiting: t0 waits on a condition variable");
    }
    snprintf(line, sizeof line, "lost wake-up found as a deadlock by PCT d=3 (seed %d)", found);
    check(found >= 0 && strstr(desc, "condition variable"), line);
    printf("     %s", desc);
    lw_reset();
    int st = run(2, STAMPEDE_SCHED_RANDOM, 99, 0, tr, len, lost_wakeup, r);
    stampede_sched_describe(desc2, sizeof desc2);
    check(st == STAMPEDE_SCHED_DEADLOCK && !strcmp(desc, desc2), "its trace replays the same deadlock (under another strategy)");

    ok = true;
    for (uint64_t seed = 0; seed < 150; seed++) {
        r[0] = 0;
        ok &= run(2, STAMPEDE_SCHED_RANDOM, seed, 0, NULL, 0, readers_writer, r) == STAMPEDE_SCHED_COMPLETED && r[0] == 0;
    }
    check(ok, "rwlock: readers never see a torn pair, 150 runs");

    int taken = 0, busy = 0;
    for (uint64_t seed = 0; seed < 150; seed++) {
        r[0] = -1;
        run(2, STAMPEDE_SCHED_RANDOM, seed, 0, NULL, 0, trylock, r);
        taken += r[0] == 1;
        busy += r[0] == 0;
    }
    snprintf(line, sizeof line, "trylock: both outcomes explored (got it %d, busy %d of 150)", taken, busy);
    check(taken > 0 && busy > 0, line);

    /* Replay: the same decisions under any strategy, and the same trace back. */
    q_reset();
    run(2, STAMPEDE_SCHED_RANDOM, 7, 0, NULL, 0, prodcons, r);
    uint8_t a[4096], b[4096];
    size_t alen = trace(a, sizeof a);
    uint64_t points = stampede_sched_points();
    q_reset();
    st = run(2, STAMPEDE_SCHED_PCT, 12345, 3, a, alen, prodcons, r);
    size_t blen = trace(b, sizeof b);
    check(st == STAMPEDE_SCHED_COMPLETED && alen == blen && !memcmp(a, b, alen) && points == stampede_sched_points(),
          "strict replay under another strategy: same trace, same points");
    /* The first switch (after the header 'S', 1, 2 and its kept count) to the other thread: a divergence. */
    memcpy(b, a, alen);
    b[4] = b[4] == 0 ? 1 : 0;
    q_reset();
    st = run(2, STAMPEDE_SCHED_NONE, 0, 0, b, alen, prodcons, r);
    stampede_sched_describe(desc, sizeof desc);
    check(st == STAMPEDE_SCHED_DIVERGED && strstr(desc, "replay diverged"), "a tampered trace: DIVERGED, with where");
    printf("     %s", desc);
    /* Cut short (no end marker): replayed as far as it goes, then the strategy. */
    size_t cut = 3;
    for (size_t at = 3; at < alen;) {
        while (a[at] & 0x80) at++;
        at++;
        while (a[at] & 0x80) at++;
        at++;
        if (at < alen) cut = at;
    }
    q_reset();
    st = run(2, STAMPEDE_SCHED_NONE, 0, 0, a, cut, prodcons, r);
    check(st == STAMPEDE_SCHED_COMPLETED, "a cut-short trace (no end marker): replayed, then the strategy goes on");

    /* Same seed, same trace. */
    ok = true;
    for (int s = 0; s < 3; s++)
        for (uint64_t seed = 0; seed < 30; seed++) {
            q_reset();
            run(2, strategies[s][0], seed, strategies[s][1], NULL, 0, prodcons, r);
            alen = trace(a, sizeof a);
            q_reset();
            run(2, strategies[s][0], seed, strategies[s][1], NULL, 0, prodcons, r);
            blen = trace(b, sizeof b);
            ok &= alen == blen && !memcmp(a, b, alen);
        }
    check(ok, "deterministic: the same seed gives the same trace (random, pct, switch; 30 seeds each)");

    ok = true;
    for (uint64_t seed = 0; seed < 30; seed++) {
        q_reset();
        memset(r, 0, sizeof r);
        st = run(2, STAMPEDE_SCHED_RANDOM, seed, 0, NULL, 0, leaving, r);
        alen = trace(a, sizeof a);
        ok &= st == STAMPEDE_SCHED_COMPLETED && r[0] + r[1] == 3;
        q_reset();
        run(2, STAMPEDE_SCHED_RANDOM, seed, 0, NULL, 0, leaving, r);
        blen = trace(b, sizeof b);
        ok &= alen == blen && !memcmp(a, b, alen);
    }
    check(ok, "leave and enter again between calls: completes, and the trace does not depend on timing (30 seeds)");

    check(stampede_sched_begin(0, STAMPEDE_SCHED_RANDOM, 0, 0, 0, NULL, 0) == -1 &&
              stampede_sched_begin(2, STAMPEDE_SCHED_PCT, 0, 0, 0, NULL, 0) == -1 &&
              stampede_sched_begin(2, STAMPEDE_SCHED_RANDOM, 0, 0, 0, (const uint8_t *)"xyz", 3) == -1,
          "invalid arguments and a malformed trace are refused");
    stampede_sched_begin(1, STAMPEDE_SCHED_RANDOM, 0, 0, 0, NULL, 0);
    check(stampede_sched_begin(1, STAMPEDE_SCHED_RANDOM, 0, 0, 0, NULL, 0) == -1 && stampede_sched_thread_enter(1) == -1 &&
              stampede_sched_poll() == STAMPEDE_SCHED_RUNNING,
          "a second begin while a run is active, and a bad thread number, are refused");
    stampede_sched_thread_enter(0);
    stampede_sched_thread_exit();
    check(stampede_sched_end() == STAMPEDE_SCHED_COMPLETED, "a run on the host's own thread completes");

    check(guarded(heap_clean, NULL), "heap guard: a block used up to its end, grown, calloc'ed, malloc(0), freed: no report");
    check(guarded(heap_overflow, "heap-buffer-overflow: 1-byte write"), "heap guard: a write one byte past a 24-byte block is reported");
    check(guarded(heap_late_read, "heap-use-after-free: 1-byte read"), "heap guard: a read of a freed block is reported");
    check(guarded(heap_double_free, "double-free: free()"), "heap guard: a second free of a block is reported");
    check(guarded(heap_old_array, "heap-use-after-free"), "heap guard: a read of the old block after realloc moved it is reported");

    printf("SUMMARY: %s (%d failed)\n", failures ? "FAILED" : "all passed", failures);
    return failures ? 1 : 0;
}

/* Test driver of the scheduling runtime: runs program-like call sequences of the sample libraries (schedule builds)
 * on real pthreads under the scheduler, as the C# worker will, and measures what the runtime costs.
 *
 *   schedrt_driver all [--budget N] [--seed S] [--out DIR]   every scenario, replays, benchmark (README.md)
 *   schedrt_driver search SCENARIO [--strategy pct|random|switch] [--param P] [--budget N] [--seed S] [--out DIR]
 *   schedrt_driver replay SCENARIO TRACE_FILE                  one run replaying a trace (prints OUTCOME: ...)
 *   schedrt_driver bench [--calls N]                           slowdown of the schedule build, cost per point
 *   schedrt_driver loadcheck                                    which libraries load with and without the runtime
 *
 * Libraries are dlopen'ed from build/native/schedule/lib (beside this program's bin/), the runtime first with
 * RTLD_GLOBAL; the plain build for the benchmark from build/native/plain/lib. Each search runs in a child process, so
 * that a crash (a double free, a fault) is a finding and not the end of the driver: the child appends its trace to a
 * file as it goes (stampede_sched_trace_fd), so a crash leaves the trace that replays it. */
#define _GNU_SOURCE
#include "../schedrt.h"
#include "../../samples/kvstore/kvstore.h"
#include "../../samples/objcache/objcache.h"
#include "../../samples/svcconf/svcconf.h"
#include "../../samples/textkit/textkit.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- loading ---------------------------------------------------------------------------------- */

#define FN(name) static __typeof__(&name) p_##name
FN(obj_new); FN(obj_retain); FN(obj_release); FN(obj_refcount);
FN(atom_new); FN(atom_retain); FN(atom_release); FN(atom_refcount);
FN(reg_add); FN(reg_count); FN(cache_intern); FN(sym_intern);
FN(kv_open); FN(kv_close); FN(kv_put); FN(kv_get); FN(kv_count);
FN(conf_set); FN(conf_get); FN(settings_put); FN(settings_get); FN(settings_remove);
FN(ledger_post); FN(ledger_balance); FN(stats_add); FN(stats_total); FN(stats_samples);
FN(tk_format_duration_r); FN(tk_char_class_r);
FN(stampede_sched_begin); FN(stampede_sched_thread_enter); FN(stampede_sched_thread_exit);
FN(stampede_sched_end); FN(stampede_sched_trace); FN(stampede_sched_trace_fd); FN(stampede_sched_points);
FN(stampede_sched_decisions); FN(stampede_sched_describe); FN(stampede_sched_pct_steps);

static char exe_dir[PATH_MAX];

static void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("ERROR: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(3);
}

static void *open_lib(const char *variant, const char *file, int flags) {
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/../../%s/lib/%s", exe_dir, variant, file);
    void *h = dlopen(path, flags);
    if (!h) die("%s", dlerror());
    return h;
}

static void *sym(void *h, const char *name) {
    void *p = dlsym(h, name);
    if (!p) die("no symbol %s: %s", name, dlerror());
    return p;
}

#define LOAD(h, name) p_##name = (__typeof__(p_##name))sym(h, #name)

enum { LIB_OBJCACHE, LIB_KVSTORE, LIB_SVCCONF, LIB_TEXTKIT, NLIBS };
static const char *lib_files[NLIBS] = {"libobjcache.so", "libkvstore.so", "libsvcconf.so", "libtextkit.so"};
static void *lib_handles[NLIBS];
static const char *loaded_variant;

static void load_sample(int lib) {
    void *h = lib_handles[lib] = open_lib(loaded_variant, lib_files[lib], RTLD_NOW | RTLD_LOCAL);
    switch (lib) {
    case LIB_OBJCACHE:
        LOAD(h, obj_new); LOAD(h, obj_retain); LOAD(h, obj_release); LOAD(h, obj_refcount);
        LOAD(h, atom_new); LOAD(h, atom_retain); LOAD(h, atom_release); LOAD(h, atom_refcount);
        LOAD(h, reg_add); LOAD(h, reg_count); LOAD(h, cache_intern); LOAD(h, sym_intern);
        break;
    case LIB_KVSTORE:
        LOAD(h, kv_open); LOAD(h, kv_close); LOAD(h, kv_put); LOAD(h, kv_get); LOAD(h, kv_count);
        break;
    case LIB_SVCCONF:
        LOAD(h, conf_set); LOAD(h, conf_get); LOAD(h, settings_put); LOAD(h, settings_get);
        LOAD(h, settings_remove); LOAD(h, ledger_post); LOAD(h, ledger_balance); LOAD(h, stats_add);
        LOAD(h, stats_total); LOAD(h, stats_samples);
        break;
    case LIB_TEXTKIT:
        LOAD(h, tk_format_duration_r); LOAD(h, tk_char_class_r);
        break;
    }
}

/* Loads the samples of `variant`; the runtime first, into the global scope, when `runtime` is set. */
static void load(const char *variant, bool runtime) {
    if (runtime) {
        void *rt = open_lib("schedule", "libstampede_schedrt.so", RTLD_NOW | RTLD_GLOBAL);
        LOAD(rt, stampede_sched_begin); LOAD(rt, stampede_sched_thread_enter); LOAD(rt, stampede_sched_thread_exit);
        LOAD(rt, stampede_sched_end); LOAD(rt, stampede_sched_trace); LOAD(rt, stampede_sched_trace_fd);
        LOAD(rt, stampede_sched_points); LOAD(rt, stampede_sched_decisions); LOAD(rt, stampede_sched_describe);
        LOAD(rt, stampede_sched_pct_steps);
    }
    loaded_variant = variant;
    for (int lib = 0; lib < NLIBS; lib++) load_sample(lib);
}

/* A fresh instance of one library (its globals back to their initial values), as the C# host's NativeTarget.Fresh
 * does before every run: without it a replay in a fresh process would start from other global state than the
 * iteration it replays (the registry's table, for one, grows across iterations). */
static void reload_sample(int lib) {
    if (dlclose(lib_handles[lib]) != 0) die("dlclose: %s", dlerror());
    load_sample(lib);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- scenarios: setup, the calls of each program thread, and a check of the results ------------- */

struct ctx {
    int iteration;
    char key[32];
    obj *o;
    atom *a;
    kv_store *s[2];
    int id[2], rc[4];
    char buf[2][64];
    long total, samples, regs;
};

struct scenario {
    const char *name, *group, *contract; /* contract: the bug expected, or "mt-safe" for a negative control */
    int lib;
    void (*setup)(struct ctx *);
    void (*thread)(struct ctx *, int t);
    /* Writes what is wrong into detail and returns true, or returns false. May clean up when all is well. */
    bool (*check)(struct ctx *, char *detail, size_t cap);
};

/* obj_refs, lost update: each thread takes and drops a reference of one object that holds two. */
static void obj_refs_setup(struct ctx *c) { c->o = p_obj_retain(p_obj_new("o")); }
static void obj_refs_thread(struct ctx *c, int t) {
    (void)t;
    p_obj_release(p_obj_retain(c->o));
}
static bool obj_refs_check(struct ctx *c, char *d, size_t cap) {
    int refs = p_obj_refcount(c->o); /* never 0 here: the object is never freed by the threads */
    if (refs != 2) return snprintf(d, cap, "wrong-result: refcount %d after retain+release on 2 threads, expected 2", refs), true;
    p_obj_release(c->o);
    p_obj_release(c->o);
    return false;
}

/* obj_refs, double free: two threads drop the last two references. */
static void obj_free_thread(struct ctx *c, int t) {
    (void)t;
    p_obj_release(c->o);
}
static bool no_check(struct ctx *c, char *d, size_t cap) { return (void)c, (void)d, (void)cap, false; }

/* ledger: lock-order inversion. */
static void nothing(struct ctx *c) { (void)c; }
static void ledger_thread(struct ctx *c, int t) {
    (void)c;
    if (t == 0) p_ledger_post("acct", 1);
    else p_ledger_balance("acct");
}

/* kv_store: two threads put new keys into one store (the second put grows it) and read it. */
static void kv_setup(struct ctx *c) {
    c->s[0] = p_kv_open("s");
    p_kv_put(c->s[0], "a", "1");
}
static void kv_thread(struct ctx *c, int t) {
    c->rc[t] = p_kv_put(c->s[0], t ? "c" : "b", t ? "3" : "2");
    c->rc[2 + t] = p_kv_get(c->s[0], "a", c->buf[t], sizeof c->buf[t]);
}
static bool kv_check(struct ctx *c, char *d, size_t cap) {
    char v[3][64];
    const char *keys[] = {"a", "b", "c"}, *want[] = {"1", "2", "3"};
    for (int i = 0; i < 4; i++)
        if (c->rc[i] != KV_OK) return snprintf(d, cap, "wrong-result: call %d returned %d", i, c->rc[i]), true;
    for (int t = 0; t < 2; t++)
        if (strcmp(c->buf[t], "1")) return snprintf(d, cap, "wrong-result: t%d read a=%.20s", t, c->buf[t]), true;
    size_t n = p_kv_count(c->s[0]);
    if (n != 3) return snprintf(d, cap, "wrong-result: %zu entries after 3 puts of new keys", n), true;
    for (int i = 0; i < 3; i++)
        if (p_kv_get(c->s[0], keys[i], v[i], sizeof v[i]) != KV_OK || strcmp(v[i], want[i]))
            return snprintf(d, cap, "wrong-result: key %s lost", keys[i]), true;
    p_kv_close(c->s[0]);
    return false;
}

/* cache: check-then-act; both threads intern one new key. */
static void key_setup(struct ctx *c) { snprintf(c->key, sizeof c->key, "k%d", c->iteration); }
static void cache_thread(struct ctx *c, int t) { c->id[t] = p_cache_intern(c->key); }
static void sym_thread(struct ctx *c, int t) { c->id[t] = p_sym_intern(c->key); }
static bool same_id_check(struct ctx *c, char *d, size_t cap) {
    if (c->id[0] != c->id[1]) return snprintf(d, cap, "wrong-result: one key interned as two ids"), true;
    return false;
}

/* registry: two threads register a name each. */
static void reg_setup(struct ctx *c) { c->regs = p_reg_count(); }
static void reg_thread(struct ctx *c, int t) { c->id[t] = p_reg_add(t ? "y" : "x"); }
static bool reg_check(struct ctx *c, char *d, size_t cap) {
    long added = p_reg_count() - c->regs;
    if (c->id[0] == c->id[1] || added != 2)
        return snprintf(d, cap, "wrong-result: %s, %ld entries added", c->id[0] == c->id[1] ? "two names got one id" : "ids differ", added), true;
    return false;
}

/* config: one thread replaces a value while the other reads it. */
static void conf_setup(struct ctx *c) {
    (void)c;
    p_conf_set("a", "1");
}
static void conf_thread(struct ctx *c, int t) {
    if (t == 0) c->rc[0] = p_conf_set("a", "2");
    else c->rc[1] = p_conf_get("a", c->buf[1], sizeof c->buf[1]);
}
static bool conf_check(struct ctx *c, char *d, size_t cap) {
    if (c->rc[0] != CONF_OK || c->rc[1] != CONF_OK || (strcmp(c->buf[1], "1") && strcmp(c->buf[1], "2")))
        return snprintf(d, cap, "wrong-result: conf_get returned %d", c->rc[1]), true;
    return false;
}

/* Negative controls (mt-safe). */
static void atom_setup(struct ctx *c) { c->a = p_atom_retain(p_atom_new("a")); }
static void atom_thread(struct ctx *c, int t) {
    (void)t;
    p_atom_release(p_atom_retain(c->a));
}
static bool atom_check(struct ctx *c, char *d, size_t cap) {
    int refs = p_atom_refcount(c->a);
    if (refs != 2) return snprintf(d, cap, "wrong-result: refcount %d", refs), true;
    p_atom_release(c->a);
    p_atom_release(c->a);
    return false;
}

static void settings_setup(struct ctx *c) {
    (void)c;
    p_settings_put("a", "0");
}
static void settings_thread(struct ctx *c, int t) {
    c->rc[t] = p_settings_put(t ? "b" : "a", t ? "y" : "x");
    c->rc[2 + t] = p_settings_get(t ? "a" : "b", c->buf[t], sizeof c->buf[t]);
}
static bool settings_check(struct ctx *c, char *d, size_t cap) {
    char a[8], b[8];
    bool ok = c->rc[0] == CONF_OK && c->rc[1] == CONF_OK && c->rc[3] == CONF_OK &&
              (!strcmp(c->buf[1], "0") || !strcmp(c->buf[1], "x")) &&
              (c->rc[2] == CONF_NOT_FOUND || (c->rc[2] == CONF_OK && !strcmp(c->buf[0], "y"))) &&
              p_settings_get("a", a, sizeof a) == CONF_OK && !strcmp(a, "x") &&
              p_settings_get("b", b, sizeof b) == CONF_OK && !strcmp(b, "y");
    p_settings_remove("b");
    if (!ok) return snprintf(d, cap, "wrong-result: settings"), true;
    return false;
}

static void stats_setup(struct ctx *c) {
    c->total = p_stats_total();
    c->samples = p_stats_samples();
}
static void stats_thread(struct ctx *c, int t) {
    (void)c;
    if (t == 0) {
        p_stats_add(1);
        p_stats_add(2);
    } else {
        p_stats_add(4);
    }
}
static bool stats_check(struct ctx *c, char *d, size_t cap) {
    if (p_stats_total() - c->total != 7 || p_stats_samples() - c->samples != 3)
        return snprintf(d, cap, "wrong-result: stats"), true;
    return false;
}

static void kv_distinct_setup(struct ctx *c) {
    c->s[0] = p_kv_open("s0");
    c->s[1] = p_kv_open("s1");
}
static void kv_distinct_thread(struct ctx *c, int t) {
    c->rc[t] = p_kv_put(c->s[t], "a", "1") | p_kv_put(c->s[t], "b", "2") | p_kv_put(c->s[t], "c", "3");
    c->rc[2 + t] = p_kv_get(c->s[t], "b", c->buf[t], sizeof c->buf[t]);
}
static bool kv_distinct_check(struct ctx *c, char *d, size_t cap) {
    for (int t = 0; t < 2; t++)
        if (c->rc[t] || c->rc[2 + t] || strcmp(c->buf[t], "2") || p_kv_count(c->s[t]) != 3)
            return snprintf(d, cap, "wrong-result: store %d", t), true;
    p_kv_close(c->s[0]);
    p_kv_close(c->s[1]);
    return false;
}

static void duration_thread(struct ctx *c, int t) {
    c->rc[t] = p_tk_format_duration_r(t ? 3723 : 59, c->buf[t], sizeof c->buf[t]);
    c->rc[2 + t] = p_tk_char_class_r(t ? 'x' : '7');
}
static bool duration_check(struct ctx *c, char *d, size_t cap) {
    char want[2][64];
    p_tk_format_duration_r(59, want[0], sizeof want[0]);
    p_tk_format_duration_r(3723, want[1], sizeof want[1]);
    if (strcmp(c->buf[0], want[0]) || strcmp(c->buf[1], want[1]) || c->rc[2] != p_tk_char_class_r('7'))
        return snprintf(d, cap, "wrong-result: durations"), true;
    return false;
}

static const struct scenario scenarios[] = {
    {"obj_refs", "obj_refs", "wrong-result", LIB_OBJCACHE, obj_refs_setup, obj_refs_thread, obj_refs_check},
    {"obj_refs_free", "obj_refs", "crash", LIB_OBJCACHE, obj_refs_setup, obj_free_thread, no_check},
    {"ledger", "ledger", "deadlock", LIB_SVCCONF, nothing, ledger_thread, no_check},
    {"kv_store", "kv_store", "crash|wrong-result", LIB_KVSTORE, kv_setup, kv_thread, kv_check},
    {"cache", "cache", "wrong-result", LIB_OBJCACHE, key_setup, cache_thread, same_id_check},
    {"registry", "registry", "wrong-result", LIB_OBJCACHE, reg_setup, reg_thread, reg_check},
    {"config", "config", "crash|wrong-result", LIB_SVCCONF, conf_setup, conf_thread, conf_check},
    {"atom_refs", "-", "mt-safe", LIB_OBJCACHE, atom_setup, atom_thread, atom_check},
    {"sym_intern", "-", "mt-safe", LIB_OBJCACHE, key_setup, sym_thread, same_id_check},
    {"settings", "-", "mt-safe", LIB_SVCCONF, settings_setup, settings_thread, settings_check},
    {"stats", "-", "mt-safe", LIB_SVCCONF, stats_setup, stats_thread, stats_check},
    {"kv_distinct", "-", "mt-safe", LIB_KVSTORE, kv_distinct_setup, kv_distinct_thread, kv_distinct_check},
    {"duration_r", "-", "mt-safe", LIB_TEXTKIT, nothing, duration_thread, duration_check},
};
#define NSCENARIOS (sizeof scenarios / sizeof scenarios[0])

static const struct scenario *find_scenario(const char *name) {
    for (size_t i = 0; i < NSCENARIOS; i++)
        if (!strcmp(scenarios[i].name, name)) return &scenarios[i];
    die("unknown scenario '%s'", name);
    return NULL;
}

/* ---- one iteration ---------------------------------------------------------------------------- */

struct program_thread {
    const struct scenario *sc;
    struct ctx *c;
    int t;
    pthread_t previous; /* thread t-1, which this one joins before it ends */
};

static void *program_thread_main(void *arg) {
    struct program_thread *p = arg;
    if (p_stampede_sched_thread_enter(p->t) != 0) die("enter failed");
    p->sc->thread(p->c, p->t);
    p_stampede_sched_thread_exit();
    /* What a thread does after it leaves the run is not scheduled, and ending a thread frees its allocator cache
     * into the heap: two threads ending at once would leave a heap the schedule does not decide (a corrupted heap
     * then fails in one way or another). So threads end one after the other, in order. */
    if (p->t > 0) pthread_join(p->previous, NULL);
    return NULL;
}

/* Runs the scenario once with 2 threads. Returns true and the outcome in out when something is wrong. */
static bool run_once(const struct scenario *sc, int iteration, int strategy, uint64_t seed, int param,
                     const uint8_t *replay, size_t replay_len, char *out, size_t cap) {
    struct ctx c = {.iteration = iteration};
    reload_sample(sc->lib);
    sc->setup(&c);
    if (p_stampede_sched_begin(2, strategy, seed, param, 0, replay, replay_len) != 0) die("begin failed");
    pthread_t th[2];
    struct program_thread pt[2];
    for (int t = 0; t < 2; t++) {
        pt[t] = (struct program_thread){sc, &c, t, t ? th[t - 1] : 0};
        pthread_create(&th[t], NULL, program_thread_main, &pt[t]);
    }
    int status = p_stampede_sched_end();
    if (status == STAMPEDE_SCHED_DEADLOCK || status == STAMPEDE_SCHED_DIVERGED) {
        /* The blocked threads stay parked: this process is done with this library state. */
        char d[2048];
        p_stampede_sched_describe(d, sizeof d);
        snprintf(out, cap, "%s", d);
        for (char *nl = out + strlen(out); nl > out && nl[-1] == '\n'; nl--) nl[-1] = '\0';
        return true;
    }
    pthread_join(th[1], NULL); /* which joined th[0] */
    /* Walks the allocator's free lists, so that a corruption of the heap (a double free by two threads lands the
     * chunk in two threads' caches) crashes this iteration, with its trace, and not a later one. */
    malloc_trim(0);
    return sc->check(&c, out, cap);
}

/* ---- search: iterations in a child process ---------------------------------------------------- */

struct shared { /* the child's progress, in memory shared with the parent */
    volatile int iteration, done, found;
    volatile uint64_t points, decisions, pct_k;
    char outcome[2048];
};

static const char *strategy_name(int s) {
    return s == STAMPEDE_SCHED_PCT ? "pct" : s == STAMPEDE_SCHED_RANDOM ? "random" : s == STAMPEDE_SCHED_SWITCH ? "switch" : "none";
}

static uint64_t iteration_seed(uint64_t seed, int i) {
    uint64_t z = seed * 0x9e3779b97f4a7c15u + (uint64_t)i * 0xbf58476d1ce4e5b9u + 1;
    z = (z ^ (z >> 31)) * 0x94d049bb133111ebu;
    return z ^ (z >> 29);
}

/* The last line of a file (the C library's message of a crash), or "". */
static void last_line(const char *path, char *out, size_t cap) {
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0]) snprintf(out, cap, "%s", line);
    }
    fclose(f);
}

static void crash_outcome(int sig, const char *stderr_path, char *out, size_t cap) {
    char msg[512];
    last_line(stderr_path, msg, sizeof msg);
    snprintf(out, cap, "crash: %s%s%s%s", sigabbrev_np(sig) ? "SIG" : "signal ", sigabbrev_np(sig) ? sigabbrev_np(sig) : "?",
             msg[0] ? " | " : "", msg);
}

struct search_result {
    bool found;
    int iterations; /* run, the finding's included */
    int completed;  /* iterations that ended (a crash ends none) */
    double seconds, points_per_iteration, decisions_per_iteration;
    uint64_t pct_k;
    char outcome[2048];
};

static void search(const struct scenario *sc, int strategy, int param, uint64_t seed, int budget, const char *trace_path,
                   struct search_result *res) {
    struct shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED) die("mmap");
    memset(sh, 0, sizeof *sh);
    char err_path[PATH_MAX + 16];
    snprintf(err_path, sizeof err_path, "%s.stderr", trace_path);
    double start = now();
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(trace_path, O_RDWR | O_CREAT | O_TRUNC, 0644), err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || err < 0) _exit(3);
        dup2(err, 2);
        load("schedule", true);
        p_stampede_sched_trace_fd(fd);
        for (int i = 0; i < budget; i++) {
            sh->iteration = i;
            if (ftruncate(fd, 0) != 0 || lseek(fd, 0, SEEK_SET) != 0) _exit(3);
            char outcome[2048];
            bool bug = run_once(sc, i, strategy, iteration_seed(seed, i), param, NULL, 0, outcome, sizeof outcome);
            sh->points += p_stampede_sched_points();
            sh->decisions += p_stampede_sched_decisions();
            sh->pct_k = p_stampede_sched_pct_steps();
            sh->done = i + 1;
            if (bug) {
                snprintf(sh->outcome, sizeof sh->outcome, "%s", outcome);
                sh->found = 1;
                _exit(0); /* parked threads (deadlock) die with the process */
            }
        }
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    res->seconds = now() - start;
    res->found = sh->found || WIFSIGNALED(st);
    res->iterations = WIFSIGNALED(st) ? sh->iteration + 1 : sh->done;
    res->completed = sh->done;
    int complete = sh->done ? sh->done : 1;
    res->points_per_iteration = (double)sh->points / complete;
    res->decisions_per_iteration = (double)sh->decisions / complete;
    res->pct_k = sh->pct_k;
    if (WIFSIGNALED(st)) crash_outcome(WTERMSIG(st), err_path, res->outcome, sizeof res->outcome);
    else if (WIFEXITED(st) && WEXITSTATUS(st) != 0) die("search child failed (%d), see %s", WEXITSTATUS(st), err_path);
    else snprintf(res->outcome, sizeof res->outcome, "%s", sh->found ? sh->outcome : "nothing");
    munmap(sh, sizeof *sh);
}

/* Replays the trace in `count` fresh processes (this program, exec'ed; without address randomization if no_aslr) and
 * counts the outcomes equal to `want`. A crash counts as the same when the replay crashes too: how a corrupted heap
 * fails (which check of the C library trips, or a fault first) depends on the heap's addresses, through ASLR and
 * glibc's pointer mangling, which no schedule controls; the signals and messages seen are printed. */
static int replays(const struct scenario *sc, const char *trace_path, const char *want, int count, bool no_aslr,
                   char *first_other, size_t cap) {
    int same = 0, nmessages = 0, message_counts[8] = {0};
    char messages[8][256];
    first_other[0] = '\0';
    for (int i = 0; i < count; i++) {
        char out_path[PATH_MAX + 16], err_path[PATH_MAX + 16], exe[PATH_MAX + 32];
        snprintf(out_path, sizeof out_path, "%s.replay.out", trace_path);
        snprintf(err_path, sizeof err_path, "%s.replay.err", trace_path);
        snprintf(exe, sizeof exe, "%s/schedrt_driver", exe_dir);
        pid_t pid = fork();
        if (pid == 0) {
            int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644), err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(out, 1);
            dup2(err, 2);
            if (no_aslr) personality(ADDR_NO_RANDOMIZE);
            execl(exe, exe, "replay", sc->name, trace_path, (char *)NULL);
            _exit(127);
        }
        int st;
        waitpid(pid, &st, 0);
        char got[2048] = "";
        if (WIFSIGNALED(st)) {
            crash_outcome(WTERMSIG(st), err_path, got, sizeof got);
        } else {
            FILE *f = fopen(out_path, "r");
            size_t n = f ? fread(got, 1, sizeof got - 1, f) : 0;
            got[n] = '\0';
            if (f) fclose(f);
            char *p = strstr(got, "OUTCOME: ");
            if (p) memmove(got, p + 9, strlen(p + 9) + 1);
            size_t len = strlen(got);
            while (len && got[len - 1] == '\n') got[--len] = '\0';
        }
        if (!strncmp(got, "crash: ", 7)) {
            int m = 0;
            while (m < nmessages && strcmp(messages[m], got)) m++;
            if (m == nmessages && nmessages < 8) snprintf(messages[nmessages++], sizeof messages[0], "%s", got);
            if (m < 8) message_counts[m]++;
            if (!strncmp(want, "crash: ", 7)) same++;
            else if (!first_other[0]) snprintf(first_other, cap, "%s", got);
        } else if (!strcmp(got, want)) same++;
        else if (!first_other[0]) snprintf(first_other, cap, "%s", got);
    }
    for (int m = 0; m < nmessages; m++) printf("               %2d of %d: %s\n", message_counts[m], count, messages[m]);
    return same;
}

static int cmd_replay(const char *name, const char *trace_path) {
    const struct scenario *sc = find_scenario(name);
    FILE *f = fopen(trace_path, "rb");
    if (!f) die("cannot read %s", trace_path);
    uint8_t trace[1 << 16];
    size_t len = fread(trace, 1, sizeof trace, f);
    fclose(f);
    load("schedule", true);
    char outcome[2048];
    bool bug = run_once(sc, 0, STAMPEDE_SCHED_NONE, 0, 0, trace, len, outcome, sizeof outcome);
    printf("OUTCOME: %s\n", bug ? outcome : "nothing");
    fflush(stdout);
    _exit(bug ? 1 : 0);
}

/* ---- benchmark -------------------------------------------------------------------------------- */

enum { BENCH_PLAIN, BENCH_LOADED, BENCH_ACTIVE, BENCH_CONFIGS };
static const char *bench_names[] = {"plain build"};
#define BENCH_LIBS 5
static const char *bench_libs[BENCH_LIBS] = {"objcache: obj_retain+obj_release", "kvstore: kv_put+kv_get",
                                             "svcconf: ledger_post+ledger_balance", "textkit: tk_format_duration_r+tk_char_class_r",
                                             "objcache: obj_refcount+obj_refcount (1 load each)"};

struct bench_shared {
    double ns[BENCH_CONFIGS][BENCH_LIBS];      /* per pair of calls */
    double points[BENCH_LIBS];                 /* per pair of calls, run active */
    double switch_ns;                          /* per decision that switched threads */
};

/* ns per pair of calls of each library: the fastest of 5 repetitions (this machine is a noisy VM); with a run
 * active, also the scheduling points per pair. */
static void bench_loops(int calls, double *ns, double *points) {
    obj *o = p_obj_new("o");
    kv_store *s = p_kv_open("s");
    char buf[64];
    for (int lib = 0; lib < BENCH_LIBS; lib++) {
        ns[lib] = 1e30;
        for (int rep = 0; rep < 5; rep++) {
            uint64_t p0 = points ? p_stampede_sched_points() : 0;
            double t0 = now();
            for (int i = 0; i < calls; i++) {
                switch (lib) {
                case 0: p_obj_release(p_obj_retain(o)); break;
                case 1: p_kv_put(s, "key", "value"); p_kv_get(s, "key", buf, sizeof buf); break;
                case 2: p_ledger_post("acct", 1); p_ledger_balance("acct"); break;
                case 3: p_tk_format_duration_r(i, buf, sizeof buf); p_tk_char_class_r(i & 0xff); break;
                case 4: p_obj_refcount(o); p_obj_refcount(o); break;
                }
            }
            double t = (now() - t0) * 1e9 / calls;
            if (t < ns[lib]) ns[lib] = t;
            if (points) points[lib] = (double)(p_stampede_sched_points() - p0) / calls;
        }
    }
}

struct bench_thread_arg {
    int t, calls;
    obj *o;
};

static void *bench_thread(void *arg) {
    struct bench_thread_arg *a = arg;
    p_stampede_sched_thread_enter(a->t);
    for (int i = 0; i < a->calls; i++) p_obj_refcount(a->o);
    p_stampede_sched_thread_exit();
    return NULL;
}

static void bench_child(int config, int calls, struct bench_shared *sh) {
    load(config == BENCH_PLAIN ? "plain" : "schedule", config != BENCH_PLAIN);
    if (config != BENCH_ACTIVE) {
        bench_loops(calls, sh->ns[config], NULL);
        return;
    }
    /* One program thread: every point goes through the scheduler, with nobody to switch to. */
    if (p_stampede_sched_begin(1, STAMPEDE_SCHED_PCT, 1, 3, 0, NULL, 0) || p_stampede_sched_thread_enter(0)) die("begin");
    bench_loops(calls, sh->ns[config], sh->points);
    p_stampede_sched_thread_exit();
    p_stampede_sched_end();
    /* Two threads and a switch at every decision: the cost of handing the token over. */
    int n = calls / 10 > 1000 ? calls / 10 : 1000;
    obj *o = p_obj_new("o");
    if (p_stampede_sched_begin(2, STAMPEDE_SCHED_SWITCH, 1, 1000, 0, NULL, 0)) die("begin");
    pthread_t th[2];
    struct bench_thread_arg args[2] = {{0, n, o}, {1, n, o}};
    double t0 = now();
    for (int t = 0; t < 2; t++) pthread_create(&th[t], NULL, bench_thread, &args[t]);
    p_stampede_sched_end();
    double elapsed = now() - t0;
    for (int t = 0; t < 2; t++) pthread_join(th[t], NULL);
    sh->switch_ns = elapsed * 1e9 / (double)p_stampede_sched_decisions();
}

static void cmd_bench(int calls) {
    struct bench_shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    for (int config = 0; config < BENCH_CONFIGS; config++) {
        pid_t pid = fork();
        if (pid == 0) {
            bench_child(config, calls, sh);
            _exit(0);
        }
        int st;
        waitpid(pid, &st, 0);
        if (!WIFEXITED(st) || WEXITSTATUS(st)) die("benchmark child failed");
    }
    printf("\nBENCHMARK: %d pairs of calls on one thread, ns per pair, fastest of 5 (slowdown against the plain build, -O2;\n"
           "the schedule build is -O1 plus the hooks; run active: one registered thread, so no switches)\n", calls);
    printf("%-50s %12s %22s %24s %12s\n", "calls", bench_names[0], "schedule, no run", "schedule, run active",
           "points/pair");
    for (int lib = 0; lib < BENCH_LIBS; lib++) {
        double plain = sh->ns[BENCH_PLAIN][lib], loaded = sh->ns[BENCH_LOADED][lib], active = sh->ns[BENCH_ACTIVE][lib];
        printf("%-50s %12.0f %12.0f (%5.2fx) %13.0f (%6.1fx) %12.1f\n", bench_libs[lib], plain, loaded,
               loaded / plain, active, active / plain, sh->points[lib]);
    }
    int last = BENCH_LIBS - 1;
    printf("one load hook with no run active: %.1f ns over the plain build's load; one scheduling point (no switch): "
           "%.1f ns; a decision that switches (token hand-over between two threads): %.0f ns\n",
           (sh->ns[BENCH_LOADED][last] - sh->ns[BENCH_PLAIN][last]) / 2,
           (sh->ns[BENCH_ACTIVE][last] - sh->ns[BENCH_LOADED][last]) / sh->points[last], sh->switch_ns);
    munmap(sh, sizeof *sh);
}

/* ---- loadcheck -------------------------------------------------------------------------------- */

static void cmd_loadcheck(void) {
    const char *libs[] = {"libtextkit.so", "libkvstore.so", "libobjcache.so", "libsvcconf.so"};
    for (int with = 0; with < 2; with++) {
        pid_t pid = fork();
        if (pid == 0) {
            if (with) open_lib("schedule", "libstampede_schedrt.so", RTLD_NOW | RTLD_GLOBAL);
            for (int i = 0; i < 4; i++) {
                char path[PATH_MAX + 64];
                snprintf(path, sizeof path, "%s/../lib/%s", exe_dir, libs[i]);
                void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
                printf("LOAD: %-16s %-15s %s\n", libs[i], with ? "with runtime" : "without runtime", h ? "loads" : dlerror());
            }
            fflush(stdout);
            _exit(0);
        }
        waitpid(pid, NULL, 0);
    }
}

/* ---- all -------------------------------------------------------------------------------------- */

static int cmd_all(int budget, uint64_t seed, const char *out_dir, int bench_calls) {
    const int strategies[][2] = {{STAMPEDE_SCHED_PCT, 3}, {STAMPEDE_SCHED_PCT, 2}, {STAMPEDE_SCHED_RANDOM, 0}, {STAMPEDE_SCHED_SWITCH, 100}};
    const int nstrategies = sizeof strategies / sizeof strategies[0];
    int failures = 0;
    printf("SEARCH: budget %d iterations per scenario, seed %llu, 2 threads, the library reloaded before each iteration;\n"
           "PCT's k estimated from the earlier runs. points and choices: per completed iteration\n\n",
           budget, (unsigned long long)seed);
    printf("%-14s %-9s %-18s | %-18s %9s %8s %9s %8s %8s | %s\n", "scenario", "group", "expected", "strategy", "found at",
           "seconds", "iter/s", "points", "choices", "outcome");
    struct search_result first[NSCENARIOS];
    for (size_t i = 0; i < NSCENARIOS; i++) {
        const struct scenario *sc = &scenarios[i];
        for (int s = 0; s < nstrategies; s++) {
            char trace_path[PATH_MAX], label[32];
            snprintf(trace_path, sizeof trace_path, "%s/%s.%s%d.trace", out_dir, sc->name, strategy_name(strategies[s][0]), strategies[s][1]);
            snprintf(label, sizeof label, strategies[s][0] == STAMPEDE_SCHED_PCT ? "pct d=%d" : strategies[s][0] == STAMPEDE_SCHED_SWITCH ? "switch p=%d/1000" : "random", strategies[s][1]);
            struct search_result r;
            search(sc, strategies[s][0], strategies[s][1], seed, budget, trace_path, &r);
            if (s == 0) first[i] = r;
            char at[16];
            snprintf(at, sizeof at, r.found ? "%d" : "-", r.iterations);
            char shown[120];
            snprintf(shown, sizeof shown, "%.*s", (int)strcspn(r.outcome, "\n"), r.outcome);
            char points[16] = "-", choices[16] = "-"; /* no iteration completed: the first one crashed */
            if (r.completed) {
                snprintf(points, sizeof points, "%.1f", r.points_per_iteration);
                snprintf(choices, sizeof choices, "%.1f", r.decisions_per_iteration);
            }
            printf("%-14s %-9s %-18s | %-18s %9s %8.3f %9.0f %8s %8s | %s\n", s ? "" : sc->name, s ? "" : sc->group,
                   s ? "" : sc->contract, label, at, r.seconds, r.iterations / r.seconds, points, choices, shown);
            /* A bug must be found by the first strategy (the others are for comparison; PCT with d=2 cannot find a
             * bug that needs two preemptions); a control must give nothing under every strategy. */
            bool control = !strcmp(sc->contract, "mt-safe");
            if (control ? r.found : s == 0 && !r.found) failures++;
        }
    }
    printf("\nREPLAY: each finding of the first strategy (pct d=3), its trace replayed in 20 fresh processes\n");
    for (size_t i = 0; i < NSCENARIOS; i++) {
        if (!first[i].found) continue;
        char trace_path[PATH_MAX], other[2048];
        snprintf(trace_path, sizeof trace_path, "%s/%s.%s%d.trace", out_dir, scenarios[i].name, strategy_name(strategies[0][0]), strategies[0][1]);
        struct stat st;
        stat(trace_path, &st);
        printf("%-14s trace %lld bytes, outcome: %s\n", scenarios[i].name, (long long)st.st_size, first[i].outcome);
        fflush(stdout);
        int same = replays(&scenarios[i], trace_path, first[i].outcome, 20, false, other, sizeof other);
        printf("               %d/20 replays in fresh processes gave the same outcome\n", same);
        if (same != 20) {
            printf("               first different: %s\n", other);
            failures++;
        }
        if (!strncmp(first[i].outcome, "crash: ", 7)) {
            printf("               the same without address randomization (personality ADDR_NO_RANDOMIZE):\n");
            same = replays(&scenarios[i], trace_path, first[i].outcome, 20, true, other, sizeof other);
            printf("               %d/20 crashed\n", same);
        }
    }
    cmd_bench(bench_calls);
    printf("\nSUMMARY: %s (%d unexpected results)\n", failures ? "FAILED" : "all bugs found and replayed, no control flagged", failures);
    return failures ? 1 : 0;
}

int main(int argc, char **argv) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) die("readlink");
    self[n] = '\0';
    snprintf(exe_dir, sizeof exe_dir, "%s", dirname(self));
    if (argc < 2) die("usage: schedrt_driver all|search|replay|bench|loadcheck ... (see the comment at the top of schedrt_driver.c)");
    int budget = 2000, strategy = STAMPEDE_SCHED_PCT, param = 3, calls = 100000;
    uint64_t seed = 1;
    const char *out_dir = "/tmp/schedrt-driver";
    const char *positional[2] = {NULL, NULL};
    int npos = 0;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--budget") && i + 1 < argc) budget = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--seed") && i + 1 < argc) seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--param") && i + 1 < argc) param = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--calls") && i + 1 < argc) calls = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc) out_dir = argv[++i];
        else if (!strcmp(argv[i], "--strategy") && i + 1 < argc) {
            const char *s = argv[++i];
            strategy = !strcmp(s, "pct") ? STAMPEDE_SCHED_PCT : !strcmp(s, "random") ? STAMPEDE_SCHED_RANDOM
                     : !strcmp(s, "switch") ? STAMPEDE_SCHED_SWITCH : (die("strategy must be pct, random or switch"), 0);
        } else if (npos < 2) positional[npos++] = argv[i];
        else die("unexpected argument %s", argv[i]);
    }
    mkdir(out_dir, 0755);
    if (!strcmp(argv[1], "all")) return cmd_all(budget, seed, out_dir, calls);
    if (!strcmp(argv[1], "replay") && npos == 2) return cmd_replay(positional[0], positional[1]);
    if (!strcmp(argv[1], "bench")) return cmd_bench(calls), 0;
    if (!strcmp(argv[1], "loadcheck")) return cmd_loadcheck(), 0;
    if (!strcmp(argv[1], "search") && npos == 1) {
        const struct scenario *sc = find_scenario(positional[0]);
        char trace_path[PATH_MAX];
        snprintf(trace_path, sizeof trace_path, "%s/%s.trace", out_dir, sc->name);
        struct search_result r;
        search(sc, strategy, param, seed, budget, trace_path, &r);
        printf("SEARCH: %s %s param %d seed %llu: %s after %d iterations, %.3f s (%.0f iterations/s, %.1f points and %.1f decisions per iteration, k %llu)\n",
               sc->name, strategy_name(strategy), param, (unsigned long long)seed, r.found ? "found" : "nothing", r.iterations,
               r.seconds, r.iterations / r.seconds, r.points_per_iteration, r.decisions_per_iteration, (unsigned long long)r.pct_k);
        if (r.found) printf("OUTCOME: %s\nTRACE: %s\n", r.outcome, trace_path);
        return r.found ? 1 : 0;
    }
    die("usage: schedrt_driver all|search|replay|bench|loadcheck ...");
    return 3;
}

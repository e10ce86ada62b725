#include "objcache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* A few hundred nanoseconds of work, standing in for the bookkeeping real code does between
 * reading shared state and acting on it (logging, statistics, hashing). */
static void bookkeeping(void) {
    volatile unsigned h = 2166136261u;
    for (int i = 0; i < 64; i++) h = (h ^ (unsigned)i) * 16777619u;
}

/* ---- non-atomic reference count (race group "obj_refs") --------------------------------------- */

struct obj {
    /* volatile, not atomic: the classic mistake of treating volatile as thread-safe. */
    volatile int refs;
    char label[OBJ_MAX_LABEL];
    char *payload;
};

obj *obj_new(const char *label) {
    obj *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    o->refs = 1;
    strncpy(o->label, label ? label : "", OBJ_MAX_LABEL - 1);
    o->payload = malloc(64);
    return o;
}

obj *obj_retain(obj *o) {
    if (!o) return NULL;
    int refs = o->refs;
    bookkeeping(); /* reference tracing between the read and the write: a concurrent retain is lost */
    o->refs = refs + 1;
    return o;
}

void obj_release(obj *o) {
    if (!o) return;
    o->refs = o->refs - 1;
    bookkeeping();
    /* Re-reads refs: two releasers that both see 0 both free (double free). */
    if (o->refs == 0) {
        free(o->payload);
        free(o);
    }
}

int obj_refcount(const obj *o) { return o ? o->refs : 0; }
const char *obj_label(const obj *o) { return o ? o->label : NULL; }

/* ---- atomic reference count (negative control) ------------------------------------------------ */

struct atom {
    atomic_int refs;
    char label[OBJ_MAX_LABEL];
    char *payload;
};

atom *atom_new(const char *label) {
    atom *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    atomic_init(&a->refs, 1);
    strncpy(a->label, label ? label : "", OBJ_MAX_LABEL - 1);
    a->payload = malloc(64);
    return a;
}

atom *atom_retain(atom *a) {
    if (a) atomic_fetch_add(&a->refs, 1);
    return a;
}

void atom_release(atom *a) {
    if (!a) return;
    bookkeeping();
    if (atomic_fetch_sub(&a->refs, 1) == 1) {
        free(a->payload);
        free(a);
    }
}

int atom_refcount(const atom *a) { return a ? atomic_load(&((atom *)a)->refs) : 0; }

/* ---- registry grown without a lock (race group "registry") ------------------------------------ */

static char **reg_names;
static int reg_used, reg_capacity;

int reg_add(const char *name) {
    if (!name) return -1;
    if (reg_used == reg_capacity) {
        int capacity = reg_capacity ? reg_capacity * 2 : 8;
        char **names = realloc(reg_names, (size_t)capacity * sizeof *names);
        if (!names) return -1;
        reg_names = names;
        reg_capacity = capacity;
    }
    int id = reg_used;
    char *copy = strdup(name);
    bookkeeping();
    reg_names[id] = copy; /* may write past a table another thread just replaced */
    reg_used = id + 1;    /* two adders can take the same id: one entry is lost */
    return id;
}

int reg_find(const char *name) {
    if (!name) return -1;
    for (int i = 0; i < reg_used; i++)
        if (reg_names[i] && strcmp(reg_names[i], name) == 0) return i;
    return -1;
}

int reg_count(void) { return reg_used; }

/* ---- check-then-act cache (race group "cache") ------------------------------------------------ */

struct interned {
    char *key;
    int id;
    struct interned *next;
};

#define BUCKETS 64

static unsigned hash(const char *s) {
    unsigned h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h % BUCKETS;
}

static struct interned *cache_buckets[BUCKETS];
static int cache_next_id;

static struct interned *lookup(struct interned **buckets, const char *key) {
    for (struct interned *e = buckets[hash(key)]; e; e = e->next)
        if (strcmp(e->key, key) == 0) return e;
    return NULL;
}

static struct interned *insert(struct interned **buckets, const char *key, int id) {
    struct interned *e = malloc(sizeof *e);
    e->key = strdup(key);
    e->id = id;
    unsigned b = hash(key);
    e->next = buckets[b];
    buckets[b] = e;
    return e;
}

int cache_intern(const char *key) {
    if (!key) return -1;
    struct interned *e = lookup(cache_buckets, key);
    if (e) return e->id;
    /* Miss: another thread can miss on the same key here, and both insert. */
    bookkeeping();
    return insert(cache_buckets, key, cache_next_id++)->id;
}

int cache_size(void) { return cache_next_id; }

/* ---- the same under a mutex (negative control) ------------------------------------------------ */

static pthread_mutex_t sym_lock = PTHREAD_MUTEX_INITIALIZER;
static struct interned *sym_buckets[BUCKETS];
static int sym_next_id;

int sym_intern(const char *key) {
    if (!key) return -1;
    pthread_mutex_lock(&sym_lock);
    struct interned *e = lookup(sym_buckets, key);
    if (!e) {
        bookkeeping();
        e = insert(sym_buckets, key, sym_next_id++);
    }
    int id = e->id;
    pthread_mutex_unlock(&sym_lock);
    return id;
}

int sym_count(void) {
    pthread_mutex_lock(&sym_lock);
    int n = sym_next_id;
    pthread_mutex_unlock(&sym_lock);
    return n;
}

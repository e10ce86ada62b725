#include "kvstore.h"
#include "poison.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct entry {
    char *key;
    char *value;
};

struct kv_store {
    char name[KV_MAX_KEY];
    struct entry *entries;
    size_t count;
    size_t capacity;
};

static _Thread_local kv_status last_status;

static kv_status done(kv_status s) {
    last_status = s;
    return s;
}

kv_status kv_errno(void) { return last_status; }

const char *kv_strerror(kv_status status) {
    switch (status) {
    case KV_OK: return "ok";
    case KV_NOT_FOUND: return "key not found";
    case KV_EINVAL: return "invalid argument";
    case KV_ENOMEM: return "out of memory";
    case KV_ETRUNC: return "value truncated";
    }
    return "unknown status";
}

kv_store *kv_open(const char *name) {
    if (!name || strlen(name) >= KV_MAX_KEY) {
        last_status = KV_EINVAL;
        return NULL;
    }
    kv_store *store = calloc(1, sizeof *store);
    if (!store) {
        last_status = KV_ENOMEM;
        return NULL;
    }
    strcpy(store->name, name);
    store->capacity = 2; /* small stores are the common case; the table doubles as it fills */
    store->entries = calloc(store->capacity, sizeof *store->entries);
    last_status = KV_OK;
    return store;
}

void kv_close(kv_store *store) {
    if (!store) return;
    for (size_t i = 0; i < store->count; i++) {
        free(store->entries[i].key);
        free(store->entries[i].value);
    }
    free(store->entries);
    free(store);
}

/* Keys are case-insensitive, as in many configuration stores. */
static struct entry *find(const kv_store *store, const char *key) {
    for (size_t i = 0; i < store->count; i++)
        if (strcasecmp(store->entries[i].key, key) == 0) return &store->entries[i];
    return NULL;
}

static int grow(kv_store *store) {
    size_t capacity = store->capacity * 2;
    struct entry *entries = malloc(capacity * sizeof *entries);
    if (!entries) return 0;
    memcpy(entries, store->entries, store->count * sizeof *entries);
    struct entry *old = store->entries;
    store->entries = entries;
    store->capacity = capacity;
    free_poisoned(old, store->count * sizeof *old);
    return 1;
}

kv_status kv_put(kv_store *store, const char *key, const char *value) {
    if (!store || !key || !value || strlen(key) >= KV_MAX_KEY || strlen(value) >= KV_MAX_VALUE)
        return done(KV_EINVAL);
    struct entry *e = find(store, key);
    if (e) {
        char *old = e->value;
        e->value = strdup(value);
        free_poisoned(old, strlen(old) + 1);
        return done(KV_OK);
    }
    if (store->count == store->capacity && !grow(store)) return done(KV_ENOMEM);
    store->entries[store->count] = (struct entry){strdup(key), strdup(value)};
    store->count++;
    return done(KV_OK);
}

kv_status kv_get(kv_store *store, const char *key, char *buf, size_t buf_len) {
    if (!store || !key || !buf || buf_len == 0) return done(KV_EINVAL);
    struct entry *e = find(store, key);
    if (!e) return done(KV_NOT_FOUND);
    size_t n = strlen(e->value);
    if (n >= buf_len) {
        memcpy(buf, e->value, buf_len - 1);
        buf[buf_len - 1] = '\0';
        return done(KV_ETRUNC);
    }
    memcpy(buf, e->value, n + 1);
    return done(KV_OK);
}

kv_status kv_delete(kv_store *store, const char *key) {
    if (!store || !key) return done(KV_EINVAL);
    struct entry *e = find(store, key);
    if (!e) return done(KV_NOT_FOUND);
    free_poisoned(e->key, strlen(e->key) + 1);
    free_poisoned(e->value, strlen(e->value) + 1);
    *e = store->entries[store->count - 1];
    store->count--;
    return done(KV_OK);
}

size_t kv_count(const kv_store *store) { return store ? store->count : 0; }

const char *kv_name(const kv_store *store) { return store ? store->name : NULL; }

/* Included here, not above, so that the lines above keep the numbers recorded sanitizer reports name. */
#include <stdio.h>

/* Verbose reports, switched on by an expert knob, keep the last report for a debugging hook. They were
 * written for one caller at a time: the kept report is replaced and freed without a lock, so two threads
 * reporting at once both take the same previous report; one frees it, and the other follows the freed
 * (poisoned) report's text pointer and faults. The switch is process-wide.
 *
 * The switch is undocumented, as a vendor's service codes are: knob 100 with value 127 (the library's own tools
 * send it). So the racy path needs a call with two exact argument values before two threads report at once: the
 * sample bug meant for coverage guidance. Random programs rarely meet it; each of the two conditions is its own
 * branch of the library (a wrong code is refused), a step that native coverage sees (docs/coverage-fuzzing.md).
 * The switch keeps a first report, so the first two reports at once already share one to free. */
#define REPORT_SIZE 96
struct report {
    char *text;
};
static int verbose_reports;
static struct report *kept_report;

kv_status kv_tune(kv_store *store, int knob, int value) {
    if (!store) return done(KV_EINVAL);
    if (knob == 100) {
        /* The service knob takes one code; a wrong one is refused (other knobs are ignored). */
        if (value != 127) return done(KV_EINVAL);
        verbose_reports = 1;
        if (!kept_report) { /* the switch keeps its own line as the first report */
            struct report *first = malloc(sizeof *first);
            if (first && (first->text = strdup("verbose reports on"))) kept_report = first;
            else free(first);
        }
    }
    return done(KV_OK);
}

kv_status kv_report(const kv_store *store, char *buf, size_t buf_len) {
    if (!store || !buf || buf_len == 0) return done(KV_EINVAL);
    if (!verbose_reports) {
        snprintf(buf, buf_len, "%s: %zu entries", store->name, store->count);
        return done(KV_OK);
    }
    struct report *old = kept_report;
    struct report *mine = malloc(sizeof *mine);
    if (!mine || !(mine->text = malloc(REPORT_SIZE))) {
        free(mine);
        return done(KV_ENOMEM);
    }
    double full = store->capacity ? 100.0 * (double)store->count / (double)store->capacity : 0;
    snprintf(mine->text, REPORT_SIZE, "%s: %zu entries, table %.1f%% full", store->name, store->count, full);
    /* A verbose report costs a little, as a real debug dump would. */
    volatile int spin = 0;
    for (int j = 0; j < 20000; j++) spin += j;
    kept_report = mine;
    if (old) {
        free_poisoned(old->text, strlen(old->text) + 1);
        free_poisoned(old, sizeof *old);
    }
    snprintf(buf, buf_len, "%s", mine->text);
    return done(KV_OK);
}

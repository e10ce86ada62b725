#include "svcconf.h"
#include "poison.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The table is an environ-style array of "key=value" strings. */
struct table {
    char **entries;
    int count, capacity;
};

static int table_find(const struct table *t, const char *key) {
    size_t k = strlen(key);
    for (int i = 0; i < t->count; i++)
        if (strncmp(t->entries[i], key, k) == 0 && t->entries[i][k] == '=') return i;
    return -1;
}

static conf_status table_set(struct table *t, const char *key, const char *value) {
    if (!key || !value || !*key || strchr(key, '=') || strlen(key) >= CONF_MAX_KEY ||
        strlen(value) >= CONF_MAX_VALUE)
        return CONF_EINVAL;
    char *entry = malloc(strlen(key) + strlen(value) + 2);
    if (!entry) return CONF_EINVAL;
    sprintf(entry, "%s=%s", key, value);
    int i = table_find(t, key);
    if (i >= 0) {
        char *old = t->entries[i];
        t->entries[i] = entry;
        free_poisoned(old, strlen(old) + 1);
        return CONF_OK;
    }
    if (t->count == t->capacity) {
        /* Grow by one slot into a new array and free the old one, as glibc's setenv does with
         * environ on every new variable. */
        int capacity = t->count + 1;
        char **entries = malloc((size_t)capacity * sizeof *entries);
        if (!entries) {
            free(entry);
            return CONF_EINVAL;
        }
        char **old = t->entries;
        if (old) memcpy(entries, old, (size_t)t->count * sizeof *entries);
        t->entries = entries;
        t->capacity = capacity;
        if (old) free_poisoned(old, (size_t)t->count * sizeof *old);
    }
    t->entries[t->count] = entry;
    t->count++;
    return CONF_OK;
}

static conf_status table_unset(struct table *t, const char *key) {
    if (!key) return CONF_EINVAL;
    int i = table_find(t, key);
    if (i < 0) return CONF_NOT_FOUND;
    char *old = t->entries[i];
    t->entries[i] = t->entries[--t->count];
    free_poisoned(old, strlen(old) + 1);
    return CONF_OK;
}

static conf_status table_get(const struct table *t, const char *key, char *buf, size_t buf_len) {
    if (!key || !buf || buf_len == 0) return CONF_EINVAL;
    int i = table_find(t, key);
    if (i < 0) return CONF_NOT_FOUND;
    const char *value = strchr(t->entries[i], '=') + 1;
    size_t len = strlen(value);
    if (len >= buf_len) {
        memcpy(buf, value, buf_len - 1);
        buf[buf_len - 1] = '\0';
        return CONF_ETRUNC;
    }
    memcpy(buf, value, len + 1);
    return CONF_OK;
}

/* ---- global configuration without a lock (race group "config") -------------------------------- */

static struct table conf;

conf_status conf_set(const char *key, const char *value) { return table_set(&conf, key, value); }
conf_status conf_get(const char *key, char *buf, size_t buf_len) {
    return table_get(&conf, key, buf, buf_len);
}
conf_status conf_unset(const char *key) { return table_unset(&conf, key); }
conf_status conf_import(const char *line) {
    if (!line) return CONF_EINVAL;
    /* The ordinary bug: strchr finds no newline in "# comment" and the NULL + 1 is read below. */
    if (line[0] == '#') line = strchr(line, '\n') + 1;
    const char *eq = strchr(line, '=');
    if (!eq || eq == line || (size_t)(eq - line) >= CONF_MAX_KEY) return CONF_EINVAL;
    char key[CONF_MAX_KEY];
    memcpy(key, line, (size_t)(eq - line));
    key[eq - line] = '\0';
    return table_set(&conf, key, eq + 1);
}
int conf_count(void) { return conf.count; }

/* ---- the same under a reader-writer lock (negative control) ----------------------------------- */

static struct table settings;
static pthread_rwlock_t settings_lock = PTHREAD_RWLOCK_INITIALIZER;

conf_status settings_put(const char *key, const char *value) {
    pthread_rwlock_wrlock(&settings_lock);
    conf_status s = table_set(&settings, key, value);
    pthread_rwlock_unlock(&settings_lock);
    return s;
}

conf_status settings_get(const char *key, char *buf, size_t buf_len) {
    pthread_rwlock_rdlock(&settings_lock);
    conf_status s = table_get(&settings, key, buf, buf_len);
    pthread_rwlock_unlock(&settings_lock);
    return s;
}

conf_status settings_remove(const char *key) {
    pthread_rwlock_wrlock(&settings_lock);
    conf_status s = table_unset(&settings, key);
    pthread_rwlock_unlock(&settings_lock);
    return s;
}

int settings_count(void) {
    pthread_rwlock_rdlock(&settings_lock);
    int n = settings.count;
    pthread_rwlock_unlock(&settings_lock);
    return n;
}

/* ---- ledger: lock-order inversion (race group "ledger") --------------------------------------- */

#define ACCOUNTS 16

static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t balances_lock = PTHREAD_MUTEX_INITIALIZER;
static long postings;
static struct {
    char name[24];
    long balance;
} accounts[ACCOUNTS];

static int account_slot(const char *name) {
    for (int i = 0; i < ACCOUNTS; i++) {
        if (accounts[i].name[0] == '\0') {
            snprintf(accounts[i].name, sizeof accounts[i].name, "%s", name);
            return i;
        }
        if (strncmp(accounts[i].name, name, sizeof accounts[i].name - 1) == 0) return i;
    }
    return ACCOUNTS - 1; /* a full ledger books everything else on the last account */
}

static void audit_delay(void) {
    volatile unsigned h = 0;
    for (int i = 0; i < 2000; i++) h += (unsigned)i * 31u;
}

long ledger_post(const char *account, long amount) {
    if (!account) return 0;
    pthread_mutex_lock(&journal_lock); /* journal, then balances */
    postings++;
    audit_delay();
    pthread_mutex_lock(&balances_lock);
    int slot = account_slot(account);
    long balance = accounts[slot].balance += amount;
    pthread_mutex_unlock(&balances_lock);
    pthread_mutex_unlock(&journal_lock);
    return balance;
}

long ledger_balance(const char *account) {
    if (!account) return 0;
    pthread_mutex_lock(&balances_lock); /* balances, then journal: the inverse order */
    int slot = account_slot(account);
    long balance = accounts[slot].balance;
    audit_delay();
    pthread_mutex_lock(&journal_lock);
    pthread_mutex_unlock(&journal_lock);
    pthread_mutex_unlock(&balances_lock);
    return balance;
}

long ledger_postings(void) {
    pthread_mutex_lock(&journal_lock);
    long n = postings;
    pthread_mutex_unlock(&journal_lock);
    return n;
}

/* ---- statistics with atomics (negative control) ----------------------------------------------- */

static atomic_long stats_sum, stats_count;

void stats_add(long value) {
    atomic_fetch_add(&stats_sum, value);
    atomic_fetch_add(&stats_count, 1);
}

long stats_total(void) { return atomic_load(&stats_sum); }
long stats_samples(void) { return atomic_load(&stats_count); }

/* svcconf: process-wide service configuration, a ledger and statistics.
 *
 *   conf_*     a global key/value table (like setenv/getenv): the writer reallocates the table
 *              while readers walk it
 *   settings_* the same contract behind a reader-writer lock (negative control)
 *   ledger_*   two mutexes, taken in opposite orders by ledger_post and ledger_balance (deadlock)
 *   stats_*    counters kept with atomics (negative control)
 * Contracts: ../contracts.json. */
#ifndef SVCCONF_H
#define SVCCONF_H

#include <stddef.h>

#define CONF_MAX_KEY 32
#define CONF_MAX_VALUE 128

typedef enum conf_status {
    CONF_OK = 0,
    CONF_NOT_FOUND = 1,
    CONF_EINVAL = -1,
    CONF_ETRUNC = -2,
} conf_status;

conf_status conf_set(const char *key, const char *value);
conf_status conf_get(const char *key, char *buf, size_t buf_len);
conf_status conf_unset(const char *key);
/* Imports one "key=value" line, as a config-file reader does; a leading comment line ("# ...\n") is
 * skipped first. Seeded ordinary bug: a comment without a newline crashes, on one thread as on many. */
conf_status conf_import(const char *line);
int conf_count(void);

conf_status settings_put(const char *key, const char *value);
conf_status settings_get(const char *key, char *buf, size_t buf_len);
conf_status settings_remove(const char *key);
int settings_count(void);

/* Posts amount to account; returns the account's new balance. */
long ledger_post(const char *account, long amount);
/* The account's balance and, for auditing, the number of journal entries seen. */
long ledger_balance(const char *account);
/* Number of postings so far. */
long ledger_postings(void);

void stats_add(long value);
long stats_total(void);
long stats_samples(void);

#endif

/* kvstore: an in-memory key-value store behind an opaque handle.
 *
 * A store is safe to use from many threads as long as each thread has its own store (like a
 * z_stream or a lua_State): the store has no lock, so two threads sharing one store can read an
 * entry table that is being reallocated. The status of the last call is kept per thread
 * (kv_errno), which is safe. Contracts: ../contracts.json. */
#ifndef KVSTORE_H
#define KVSTORE_H

#include <stddef.h>

#define KV_MAX_KEY 64
#define KV_MAX_VALUE 256

typedef enum kv_status {
    KV_OK = 0,
    KV_NOT_FOUND = 1,
    KV_EINVAL = -1,
    KV_ENOMEM = -2,
    KV_ETRUNC = -3, /* the value did not fit the caller's buffer; it was truncated */
} kv_status;

typedef struct kv_store kv_store;

kv_store *kv_open(const char *name);
void kv_close(kv_store *store);

kv_status kv_put(kv_store *store, const char *key, const char *value);
/* Copies the value of key into buf (NUL-terminated, at most buf_len bytes). */
kv_status kv_get(kv_store *store, const char *key, char *buf, size_t buf_len);
kv_status kv_delete(kv_store *store, const char *key);
size_t kv_count(const kv_store *store);
/* The store's name; valid until kv_close. */
const char *kv_name(const kv_store *store);

/* The status of this thread's last kv_* call (thread-local, like errno). */
kv_status kv_errno(void);
/* A constant description of a status. */
const char *kv_strerror(kv_status status);

/* Expert tuning, for the library's own tools: undocumented knobs and values; unknown ones are ignored. */
kv_status kv_tune(kv_store *store, int knob, int value);
/* A one-line report on a store ("name: N entries") into buf (NUL-terminated, at most buf_len bytes). */
kv_status kv_report(const kv_store *store, char *buf, size_t buf_len);

#endif

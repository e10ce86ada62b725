/* objcache: reference-counted objects, a global name registry and an interning cache.
 *
 * Each unsafe piece has a correct counterpart used as a negative control:
 *   obj_*  (plain int reference count)      vs  atom_* (atomic reference count)
 *   reg_*  (registry grown without a lock)  vs  sym_*  (interning table under a mutex)
 *   cache_* (check-then-act get-or-create)  vs  sym_*
 * Contracts: ../contracts.json. */
#ifndef OBJCACHE_H
#define OBJCACHE_H

#define OBJ_MAX_LABEL 48

typedef struct obj obj;
typedef struct atom atom;

/* A new object with one reference. */
obj *obj_new(const char *label);
/* Takes another reference; returns o. Each reference is released once with obj_release. */
obj *obj_retain(obj *o);
/* Drops a reference; the last one frees the object. */
void obj_release(obj *o);
int obj_refcount(const obj *o);
const char *obj_label(const obj *o);

/* The same API with an atomic reference count. */
atom *atom_new(const char *label);
atom *atom_retain(atom *a);
void atom_release(atom *a);
int atom_refcount(const atom *a);

/* Registers a name in the process-wide registry; returns its id (0, 1, 2, ...) or -1. */
int reg_add(const char *name);
/* The id of a registered name, or -1. */
int reg_find(const char *name);
int reg_count(void);

/* Returns the id interned for key, creating one if the key is new. Same key, same id. */
int cache_intern(const char *key);
int cache_size(void);

/* The same contract, under a mutex. */
int sym_intern(const char *key);
int sym_count(void);

#endif

/* canary: one known race of each kind a campaign reports, for `stampede fuzz --preflight` (docs/engine.md).
 * Every function is correct for one caller; two threads that truly run together break it within a few hundred
 * repetitions, and threads that only take turns on one core rarely do. */
#ifndef CANARY_H
#define CANARY_H

/* A few microseconds of work and no shared state: what the preflight measures overlap with. */
int canary_work(int n);

/* Lost update: add reads the value, works, then writes it back. A wrong result. */
typedef struct canary_counter canary_counter;
canary_counter *canary_counter_new(void);
void canary_counter_add(canary_counter *counter, int n);
int canary_counter_get(canary_counter *counter);
void canary_counter_free(canary_counter *counter);

/* Use after free: replace frees the node that a concurrent read still follows. A crash. */
typedef struct canary_slot canary_slot;
canary_slot *canary_slot_new(void);
int canary_slot_replace(canary_slot *slot, int value);
int canary_slot_read(canary_slot *slot);
void canary_slot_free(canary_slot *slot);

/* Lock-order inversion: forward takes first then second, backward second then first. A deadlock. */
typedef struct canary_pair canary_pair;
canary_pair *canary_pair_new(void);
int canary_pair_forward(canary_pair *pair);
int canary_pair_backward(canary_pair *pair);
void canary_pair_free(canary_pair *pair);

#endif

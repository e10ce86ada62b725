/* The canary's races (canary.h). Each window is a short spin (no system call, no yield), so that the race needs two
 * threads on two cores: on one core a thread is preempted inside it only by the rare timer tick. */
#include "canary.h"
#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>

/* About a microsecond and a half of work the compiler cannot remove. */
static int spin(int n) {
    volatile unsigned x = (unsigned)n;
    for (int i = 0; i < 1500; i++) x = x * 1664525u + 1013904223u;
    return (int)(x & 0x7fffffff);
}

int canary_work(int n) { return spin(n) & 1; }

struct canary_counter { int value; };

canary_counter *canary_counter_new(void) { return calloc(1, sizeof(canary_counter)); }

void canary_counter_add(canary_counter *counter, int n) {
    int seen = counter->value;
    spin(n);
    counter->value = seen + n;
}

int canary_counter_get(canary_counter *counter) { return counter->value; }

void canary_counter_free(canary_counter *counter) { free(counter); }

/* The pointer sits past the bytes the allocator reuses for its own lists once the node is freed, so a late reader
 * finds the poison there. */
typedef struct canary_node { char header[32]; int *value; } canary_node;
struct canary_slot { canary_node *node; };

static canary_node *node_new(int value) {
    canary_node *node = malloc(sizeof(canary_node));
    node->value = malloc(sizeof(int));
    *node->value = value;
    return node;
}

/* The node's pointer is overwritten before anything is freed, through a volatile store (a compiler may drop a plain
 * memset before free), as hardened allocators poison freed memory: a reader still holding the node follows a wild
 * pointer and faults, instead of reading stale bytes. */
static void node_free(canary_node *node) {
    int *value = node->value;
    *(int *volatile *)&node->value = (int *)(uintptr_t)0xA5A5A5A5A5A5A5A5ull;
    free(value);
    free(node);
}

canary_slot *canary_slot_new(void) {
    canary_slot *slot = malloc(sizeof(canary_slot));
    slot->node = node_new(0);
    return slot;
}

int canary_slot_replace(canary_slot *slot, int value) {
    spin(value);
    canary_node *old = slot->node;
    slot->node = node_new(value);
    node_free(old);
    return value;
}

int canary_slot_read(canary_slot *slot) {
    canary_node *node = slot->node;
    spin(1);
    return *node->value;
}

void canary_slot_free(canary_slot *slot) {
    node_free(slot->node);
    free(slot);
}

struct canary_pair { pthread_mutex_t first, second; int moves; };

canary_pair *canary_pair_new(void) {
    canary_pair *pair = malloc(sizeof(canary_pair));
    pthread_mutex_init(&pair->first, NULL);
    pthread_mutex_init(&pair->second, NULL);
    pair->moves = 0;
    return pair;
}

static int locked_move(pthread_mutex_t *a, pthread_mutex_t *b, int *moves) {
    pthread_mutex_lock(a);
    spin(*moves);
    pthread_mutex_lock(b);
    int now = ++*moves;
    pthread_mutex_unlock(b);
    pthread_mutex_unlock(a);
    return now;
}

int canary_pair_forward(canary_pair *pair) { return locked_move(&pair->first, &pair->second, &pair->moves); }

int canary_pair_backward(canary_pair *pair) { return locked_move(&pair->second, &pair->first, &pair->moves); }

void canary_pair_free(canary_pair *pair) {
    pthread_mutex_destroy(&pair->first);
    pthread_mutex_destroy(&pair->second);
    free(pair);
}

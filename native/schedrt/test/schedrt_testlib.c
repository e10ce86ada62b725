/* A tiny library for the runtime's self-test (schedrt_selftest.c), built like a schedule-variant sample: the parts of
 * the runtime the samples do not reach (condition variables, timed waits, rwlock contention, trylock). */
#include <errno.h>
#include <pthread.h>
#include <time.h>

/* A one-slot-per-item queue under a mutex and a condition variable: take waits while it is empty. */
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_nonempty = PTHREAD_COND_INITIALIZER;
static int q_items[16], q_count;

void q_reset(void) { q_count = 0; }

void q_put(int v) {
    pthread_mutex_lock(&q_lock);
    q_items[q_count++] = v;
    pthread_cond_signal(&q_nonempty);
    pthread_mutex_unlock(&q_lock);
}

void q_put_all(int v) {
    pthread_mutex_lock(&q_lock);
    q_items[q_count++] = v;
    pthread_cond_broadcast(&q_nonempty);
    pthread_mutex_unlock(&q_lock);
}

int q_take(void) {
    pthread_mutex_lock(&q_lock);
    while (q_count == 0) pthread_cond_wait(&q_nonempty, &q_lock);
    int v = q_items[--q_count];
    pthread_mutex_unlock(&q_lock);
    return v;
}

/* -1 when nothing came before the timeout. */
int q_take_timed(void) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 1;
    pthread_mutex_lock(&q_lock);
    int rc = 0;
    while (q_count == 0 && rc != ETIMEDOUT) rc = pthread_cond_timedwait(&q_nonempty, &q_lock, &until);
    int v = q_count ? q_items[--q_count] : -1;
    pthread_mutex_unlock(&q_lock);
    return v;
}

/* A lost wake-up: the flag is checked outside the lock, so the signal can come between the check and the wait. */
static volatile int ready;
static pthread_mutex_t lw_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t lw_cond = PTHREAD_COND_INITIALIZER;

void lw_reset(void) { ready = 0; }

void lw_wait(void) {
    if (!ready) {
        pthread_mutex_lock(&lw_lock);
        pthread_cond_wait(&lw_cond, &lw_lock);
        pthread_mutex_unlock(&lw_lock);
    }
}

void lw_notify(void) {
    ready = 1;
    pthread_mutex_lock(&lw_lock);
    pthread_cond_signal(&lw_cond);
    pthread_mutex_unlock(&lw_lock);
}

/* A pair a writer keeps equal under a rwlock; readers must never see it torn. */
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile long rw_a, rw_b;

void rw_write(long v) {
    pthread_rwlock_wrlock(&rw);
    rw_a = v;
    rw_b = v;
    pthread_rwlock_unlock(&rw);
}

/* 1 when the pair was consistent. */
int rw_read(void) {
    pthread_rwlock_rdlock(&rw);
    int ok = rw_a == rw_b;
    pthread_rwlock_unlock(&rw);
    return ok;
}

/* 1 when the try-lock got the mutex (it is then released). */
int try_once(void) {
    if (pthread_mutex_trylock(&q_lock) != 0) return 0;
    pthread_mutex_unlock(&q_lock);
    return 1;
}

/* Holds the queue's lock across a few accesses, for try_once to find it taken. */
void hold_briefly(void) {
    pthread_mutex_lock(&q_lock);
    for (int i = 0; i < 4; i++) q_items[15] = i;
    pthread_mutex_unlock(&q_lock);
}

/* ---- the heap guard (heapguard.h): blocks the library allocates, touches, grows and frees ---------------------- */

#include <stdlib.h>

char *hg_alloc(size_t n) { return malloc(n); }
char *hg_zalloc(size_t n) { return calloc(n, 1); }
char *hg_grow(char *p, size_t n) { return realloc(p, n); }
void hg_free(char *p) { free(p); }
char hg_read(const char *p, size_t i) { return ((const volatile char *)p)[i]; }
void hg_write(char *p, size_t i, char v) { ((volatile char *)p)[i] = v; }

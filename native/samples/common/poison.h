/* Frees memory after overwriting it, as hardened allocators and debug heaps do, so that a thread
 * still holding a pointer into the freed block follows a wild pointer and faults, instead of
 * silently reading stale bytes. Under AddressSanitizer the overwrite is skipped: ASan quarantines
 * freed memory itself and reports the late access as a heap-use-after-free with both stacks. */
#ifndef SAMPLES_POISON_H
#define SAMPLES_POISON_H

#include <stdlib.h>
#include <string.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SAMPLES_ASAN 1
#endif
#endif

static inline void free_poisoned(void *p, size_t n) {
#ifndef SAMPLES_ASAN
    memset(p, 0xA5, n);
#else
    (void)n;
#endif
    free(p);
}

#endif

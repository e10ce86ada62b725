/* Exposes the SanitizerCoverage inline 8-bit counters of the library it is linked into.
 *
 * clang's -fsanitize-coverage=inline-8bit-counters,pc-table calls these two hooks from each
 * module's constructor. Without libFuzzer, nobody else defines them; we keep the ranges and
 * export accessors that the fuzzer reads through P/Invoke. Linked per library and loaded with
 * RTLD_LOCAL, so every library has its own copy. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static uint8_t *counters_start, *counters_stop;
static const uintptr_t *pcs_start, *pcs_stop;

void __sanitizer_cov_8bit_counters_init(uint8_t *start, uint8_t *stop) {
    if (!counters_start) {
        counters_start = start;
        counters_stop = stop;
    }
}

void __sanitizer_cov_pcs_init(const uintptr_t *start, const uintptr_t *stop) {
    if (!pcs_start) {
        pcs_start = start;
        pcs_stop = stop;
    }
}

/* The counters array (one byte per instrumented edge); its length through *len. */
uint8_t *stampede_cov_counters(size_t *len) {
    *len = (size_t)(counters_stop - counters_start);
    return counters_start;
}

/* The pc table: pairs of (pc, flags), one per counter. Its length in pairs through *len. */
const uintptr_t *stampede_cov_pcs(size_t *len) {
    *len = (size_t)(pcs_stop - pcs_start) / 2;
    return pcs_start;
}

void stampede_cov_reset(void) {
    if (counters_start) memset(counters_start, 0, (size_t)(counters_stop - counters_start));
}

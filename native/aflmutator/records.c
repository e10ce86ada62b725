/* An AFL++ custom mutator for Stampede's byte format (src/Stampede.Model/Programs/CallRecords.cs): a header, then
 * fixed records of one call each, every decision one byte read modulo its number of options. AFL++'s own havoc does
 * not know where a record begins, so most of its insertions and deletions shift every later record out of step, and
 * its single-byte changes mostly land on bytes no decision reads.
 *
 * Every input AFL++ keeps (it reached something new) first gets a walk of its single-decision neighbours:
 *  - the call whose change made it, when this mutator made it (every output remembers which call it changed): each
 *    of the call's first bytes (its thread, function, handles and first arguments) set in turn to each value that
 *    selects another option (0..39: any option of a choice among up to 40, which covers the listed integers; 160,
 *    161: the bounds of an integer's type; 192: a random integer), so that a second exact argument after a first
 *    one is a few hundred executions away, not a lucky draw among millions;
 *  - then every call's thread and function, through each of their options, so that a call moves to another thread
 *    or becomes another function: what a step toward two threads in one function at once takes.
 * After the walk, random record-level changes: one decision, a call copied, moved or deleted, or a call taken from
 * another input of the queue.
 *
 * The layout comes from the environment, so that the C# decoder is its only definition:
 * STAMPEDE_AFL_RECORDS="HEADER,RECORD,MAX,THREADS,FUNCTIONS" (bytes of the header, bytes of a record, records that
 * count, options of a call's thread byte, options of its function byte: the first two bytes of a record). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WALK_OFFSETS 8  /* bytes of a call the walk covers */
#define RANDOM_PER_VISIT 64
#define WALKS 8192      /* kept inputs whose walk is remembered (a power of two) */
#define ORIGINS 65536   /* outputs whose changed call is remembered (a power of two) */
#define NO_RECORD UINT32_MAX

static const uint8_t walk_values[] = {0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14,  15,  16,  17,  18,  19, 20, 21,
                                      22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 160, 161, 192};
#define WALK_VALUES (sizeof walk_values)
#define FOCUSED_STEPS (WALK_OFFSETS * WALK_VALUES)

struct walk {
    uint64_t input;  /* hash of the kept input, 0 for a free slot */
    uint32_t record; /* the call whose change made the input, NO_RECORD when unknown */
    uint32_t next;   /* the next step */
};

struct origin {
    uint64_t output;
    uint32_t record;
};

struct mutator {
    size_t header, record, max_records;
    size_t threads, functions; /* options of a record's first two bytes */
    uint8_t *out;
    size_t capacity;
    uint64_t state;
    struct walk *walks;
    struct origin *origins;
    struct walk *current; /* the walk of the input AFL++ is fuzzing now */
};

static uint64_t next(struct mutator *m) {
    /* splitmix64: any fast generator will do; AFL++ hands us the seed. */
    uint64_t z = (m->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t below(struct mutator *m, size_t n) { return n ? (size_t)(next(m) % n) : 0; }

void *afl_custom_init(void *afl, unsigned int seed) {
    (void)afl;
    struct mutator *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->header = 4, m->record = 16, m->max_records = 64, m->threads = 9, m->functions = 40;
    const char *layout = getenv("STAMPEDE_AFL_RECORDS");
    unsigned long h, r, n, t, f;
    if (layout && sscanf(layout, "%lu,%lu,%lu,%lu,%lu", &h, &r, &n, &t, &f) == 5 && r >= 2 && n > 0 && t > 0 && f > 0 && t <= 256 && f <= 256)
        m->header = h, m->record = r, m->max_records = n, m->threads = t, m->functions = f;
    m->capacity = m->header + (m->max_records + 1) * m->record;
    m->out = malloc(m->capacity);
    m->state = seed;
    m->walks = calloc(WALKS, sizeof *m->walks);
    m->origins = calloc(ORIGINS, sizeof *m->origins);
    if (!m->out || !m->walks || !m->origins) {
        free(m->out);
        free(m->walks);
        free(m->origins);
        free(m);
        return NULL;
    }
    return m;
}

void afl_custom_deinit(void *data) {
    struct mutator *m = data;
    free(m->out);
    free(m->walks);
    free(m->origins);
    free(m);
}

static uint64_t hash(const uint8_t *buf, size_t size) {
    uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
    for (size_t i = 0; i < size; i++) h = (h ^ buf[i]) * 0x100000001b3ULL;
    return h ? h : 1;
}

static uint32_t origin_of(struct mutator *m, uint64_t input) {
    struct origin *o = &m->origins[input & (ORIGINS - 1)];
    return o->output == input ? o->record : NO_RECORD;
}

/* The walk of a kept input: a new one walks the call whose change made the input, when that is known. */
static struct walk *walk_of(struct mutator *m, const uint8_t *buf, size_t size) {
    uint64_t h = hash(buf, size);
    struct walk *w = &m->walks[h & (WALKS - 1)];
    if (w->input != h) w->input = h, w->record = origin_of(m, h), w->next = 0;
    return w;
}

static uint8_t *record_at(struct mutator *m, size_t i) { return m->out + m->header + i * m->record; }

static size_t records_in(struct mutator *m, size_t size) {
    size_t count = size > m->header ? (size - m->header + m->record - 1) / m->record : 0;
    return count < m->max_records ? count : m->max_records;
}

static size_t walk_steps(struct mutator *m, const struct walk *w, size_t size) {
    return (w->record == NO_RECORD ? 0 : FOCUSED_STEPS) + records_in(m, size) * (m->threads + m->functions);
}

/* How many times AFL++ calls afl_custom_fuzz on this input now: what is left of its walk, then random changes. */
uint32_t afl_custom_fuzz_count(void *data, const uint8_t *buf, size_t buf_size) {
    struct mutator *m = data;
    m->current = walk_of(m, buf, buf_size);
    size_t steps = walk_steps(m, m->current, buf_size);
    return (uint32_t)((m->current->next < steps ? steps - m->current->next : 0) + RANDOM_PER_VISIT);
}

/* Step k of the walk of w, applied to the output's copy of the input; returns the call it changed. */
static uint32_t walk_step(struct mutator *m, const struct walk *w, size_t k, size_t count) {
    size_t record, offset, value;
    if (w->record != NO_RECORD && k < FOCUSED_STEPS) {
        record = w->record, offset = k / WALK_VALUES, value = walk_values[k % WALK_VALUES];
    } else {
        if (w->record != NO_RECORD) k -= FOCUSED_STEPS;
        size_t per_record = m->threads + m->functions;
        record = k / per_record, k %= per_record;
        offset = k < m->threads ? 0 : 1, value = k < m->threads ? k : k - m->threads;
    }
    if (record >= count || offset >= m->record) return NO_RECORD;
    record_at(m, record)[offset] = (uint8_t)value;
    return (uint32_t)record;
}

/* Opens a gap of one record at position i (0..count), moving later records up. */
static void open_gap(struct mutator *m, size_t count, size_t i) {
    memmove(record_at(m, i + 1), record_at(m, i), (count - i) * m->record);
}

size_t afl_custom_fuzz(void *data, uint8_t *buf, size_t buf_size, uint8_t **out_buf, uint8_t *add_buf, size_t add_buf_size,
                       size_t max_size) {
    struct mutator *m = data;
    size_t limit = m->capacity < max_size ? m->capacity : max_size;
    if (limit < m->header + m->record) { /* no room for a record: hand the input back unchanged */
        *out_buf = buf;
        return buf_size;
    }
    /* The input, cut or padded with zeros (what the decoder reads past the end) to whole records. */
    size_t count = buf_size > m->header ? (buf_size - m->header + m->record - 1) / m->record : 0;
    size_t most = (limit - m->header) / m->record;
    if (count > most) count = most;
    memset(m->out, 0, m->header + count * m->record);
    memcpy(m->out, buf, buf_size < m->header + count * m->record ? buf_size : m->header + count * m->record);
    if (count == 0) count = 1, memset(record_at(m, 0), 0, m->record);

    uint32_t changed = NO_RECORD;
    struct walk *w = m->current;
    if (w && w->next < walk_steps(m, w, buf_size)) {
        changed = walk_step(m, w, w->next++, count);
        goto done;
    }

    size_t others = add_buf && add_buf_size > m->header ? (add_buf_size - m->header) / m->record : 0;
    int rounds = 1 + (below(m, 4) == 0);
    for (int k = 0; k < rounds; k++) {
        size_t roll = below(m, 100), i = below(m, count);
        if (roll < 55) {
            /* One decision of a call, three times in four among the bytes the walk covers, where a change means most. */
            size_t first = m->record < WALK_OFFSETS ? m->record : WALK_OFFSETS;
            record_at(m, i)[below(m, 4) ? below(m, first) : below(m, m->record)] = (uint8_t)next(m);
            changed = (uint32_t)i;
        } else if (roll < 62 && m->header > 0) {
            m->out[below(m, m->header)] = (uint8_t)next(m); /* the threads */
        } else if (roll < 74 && count < most) {
            size_t to = below(m, count + 1); /* a call again, elsewhere */
            open_gap(m, count, to);
            memcpy(record_at(m, to), record_at(m, i >= to ? i + 1 : i), m->record);
            count++;
            changed = (uint32_t)to;
        } else if (roll < 84 && count > 1) {
            memmove(record_at(m, i), record_at(m, i + 1), (count - i - 1) * m->record);
            count--;
        } else if (roll < 91) {
            size_t j = below(m, count); /* two calls trade places */
            uint8_t swap[256];
            if (m->record <= sizeof swap) {
                memcpy(swap, record_at(m, i), m->record);
                memcpy(record_at(m, i), record_at(m, j), m->record);
                memcpy(record_at(m, j), swap, m->record);
            }
        } else if (others > 0 && count < most) {
            size_t to = below(m, count + 1); /* a call of another input of the queue */
            open_gap(m, count, to);
            memcpy(record_at(m, to), add_buf + m->header + below(m, others) * m->record, m->record);
            count++;
            changed = (uint32_t)to;
        }
    }
done:;
    size_t size = m->header + count * m->record;
    uint64_t h = hash(m->out, size);
    m->origins[h & (ORIGINS - 1)] = (struct origin){h, changed};
    *out_buf = m->out;
    return size;
}

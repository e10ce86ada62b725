/* The versions of textkit for testing `stampede gate` (a baseline build against a candidate under one harness),
 * built from textkit.c with TEXTKIT_VERSION 1, 2 or 3; native/samples/versions.json has what each adds and fixes.
 * 1, the default, is the library contracts.json describes. The exported functions and their signatures are the same
 * in all three, so one harness calls each. What the later versions change is here, named on the lines of textkit.c
 * it applies to, so that textkit.c keeps the line numbers that the sanitizer reports of the default build cite. */
#ifndef TEXTKIT_VERSIONS_H
#define TEXTKIT_VERSIONS_H

#include <stddef.h>
#include <string.h>

#ifndef TEXTKIT_VERSION
#define TEXTKIT_VERSION 1
#endif

/* Version 3 makes this state one per thread: tk_format_duration's result buffer (fixing race group "durbuf") and
 * version 2's memo (fixing "durmemo"). */
#if TEXTKIT_VERSION >= 3
#define TK_V3_THREAD_LOCAL _Thread_local
#else
#define TK_V3_THREAD_LOCAL
#endif

static int format_duration_into(long seconds, char *buf, size_t buf_len);

#if TEXTKIT_VERSION == 1
#define TK_FORMAT_DURATION_R format_duration_into
#else
/* Version 2 makes tk_format_duration_r keep the last duration it formatted, for speed, since callers redraw one value
 * many times a second, and copy it out when the same one is asked again. The memo is one for the whole process and
 * unguarded (race group "durmemo"): a thread copies it out while another formats a different duration into it, and
 * returns that text. */
static TK_V3_THREAD_LOCAL long memo_seconds;
static TK_V3_THREAD_LOCAL char memo_text[TK_DURATION_MAX];
static TK_V3_THREAD_LOCAL int memo_len; /* 0: nothing kept yet (no key can mean that: any long is an argument) */

static int format_duration_memo(long seconds, char *buf, size_t buf_len) {
    if (memo_len == 0 || seconds != memo_seconds) {
        int n = format_duration_into(seconds, memo_text, sizeof memo_text);
        if (n < 0) return n;
        memo_len = n;
        memo_seconds = seconds;
    }
    /* What snprintf gives a short buffer: as much as fits, and TK_ENOSPC. */
    size_t n = (size_t)memo_len < buf_len ? (size_t)memo_len : buf_len - 1;
    memcpy(buf, memo_text, n);
    buf[n] = '\0';
    return n == (size_t)memo_len ? memo_len : TK_ENOSPC;
}
#define TK_FORMAT_DURATION_R format_duration_memo
#endif

#endif

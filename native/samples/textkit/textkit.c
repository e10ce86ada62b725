#include "textkit.h"
#include "textkit_versions.h" /* TEXTKIT_VERSION: the versions built for stampede gate */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tk_abi_version(void) { return TK_ABI_VERSION; }

/* ---- static result buffer (race group "durbuf") ---------------------------------------------- */

static TK_V3_THREAD_LOCAL char duration_buffer[TK_DURATION_MAX]; /* one per thread in version 3 */

static int format_duration_into(long seconds, char *buf, size_t buf_len) {
    if (seconds < 0 || seconds > 99L * 3600 * 24 * 365) return TK_ERANGE;
    long h = seconds / 3600, m = (seconds / 60) % 60, s = seconds % 60;
    int n = snprintf(buf, buf_len, "%ldh %02ldm %02lds", h, m, s);
    return n < 0 || (size_t)n >= buf_len ? TK_ENOSPC : n;
}

const char *tk_format_duration(long seconds) {
    /* Writes piecewise into the shared buffer, as hand-rolled formatters do: a second caller
     * interleaves its digits with ours. */
    char tmp[TK_DURATION_MAX];
    if (format_duration_into(seconds, tmp, sizeof tmp) < 0) return NULL;
    for (size_t i = 0;; i++) {
        duration_buffer[i] = tmp[i];
        if (!tmp[i]) break;
    }
    return duration_buffer;
}

int tk_format_duration_r(long seconds, char *buf, size_t buf_len) {
    if (!buf || buf_len == 0) return TK_EINVAL;
    return TK_FORMAT_DURATION_R(seconds, buf, buf_len); /* through a shared memo in version 2 */
}

/* ---- global last-error slot (race group "tk_error") ------------------------------------------ */

static char last_error[96];

tk_status tk_parse_int(const char *text, long *out) {
    if (!text || !out) {
        snprintf(last_error, sizeof last_error, "null argument");
        return TK_EINVAL;
    }
    errno = 0;
    char *end;
    long value = strtol(text, &end, 10);
    if (end == text || *end != '\0') {
        snprintf(last_error, sizeof last_error, "invalid digit '%c' at offset %ld in \"%.40s\"",
                 *end ? *end : '?', (long)(end - text), text);
        return TK_EINVAL;
    }
    if (errno == ERANGE) {
        snprintf(last_error, sizeof last_error, "out of range: \"%.40s\"", text);
        return TK_ERANGE;
    }
    last_error[0] = '\0';
    *out = value;
    return TK_OK;
}

const char *tk_last_error(void) { return last_error; }

/* ---- lazily built table without a once-guard (race group "classtab") -------------------------- */

static unsigned char *class_table;

int tk_char_class_r(int c) {
    c &= 0xff;
    int k = TK_CLASS_OTHER;
    if (c == ' ' || (c >= '\t' && c <= '\r')) k |= TK_CLASS_SPACE;
    if (c >= '0' && c <= '9') k |= TK_CLASS_DIGIT;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) k |= TK_CLASS_ALPHA;
    if (c >= 'A' && c <= 'Z') k |= TK_CLASS_UPPER;
    if (c > ' ' && c < 0x7f && !(k & (TK_CLASS_DIGIT | TK_CLASS_ALPHA))) k |= TK_CLASS_PUNCT;
    return k;
}

int tk_char_class(int c) {
    /* The bug: the table is published before it is filled, so a second thread arriving during the
     * first call reads zeroes. It only happens during the first call in a process. */
    if (!class_table) {
        class_table = calloc(256, 1);
        for (int i = 0; i < 256; i++) {
            /* Building an entry costs a little, as a real locale table would. */
            volatile int spin = 0;
            for (int j = 0; j < 200; j++) spin += j;
            class_table[i] = (unsigned char)tk_char_class_r(i);
        }
    }
    return class_table[c & 0xff];
}

/* ---- hidden global cursor (race group "cursor") ----------------------------------------------- */

static char token_text[256];
static char *token_pos;

static const char *next_token(char **pos, const char *delims) {
    char *p = *pos;
    if (!p) return NULL;
    p += strspn(p, delims);
    if (!*p) {
        *pos = NULL;
        return NULL;
    }
    char *end = p + strcspn(p, delims);
    if (*end) {
        *end = '\0';
        *pos = end + 1;
    } else {
        *pos = NULL;
    }
    return p;
}

const char *tk_next_token(const char *text, const char *delims) {
    if (!delims) return NULL;
    if (text) {
        snprintf(token_text, sizeof token_text, "%s", text);
        token_pos = token_text;
    }
    return next_token(&token_pos, delims);
}

struct tk_tokenizer {
    char *text;
    char *pos;
    char delims[32];
};

tk_tokenizer *tk_tokenizer_new(const char *text, const char *delims) {
    if (!text || !delims) return NULL;
    tk_tokenizer *tok = calloc(1, sizeof *tok);
    if (!tok) return NULL;
    tok->text = strdup(text);
    tok->pos = tok->text;
    snprintf(tok->delims, sizeof tok->delims, "%s", delims);
    return tok;
}

const char *tk_tokenizer_next(tk_tokenizer *tok) {
    return tok ? next_token(&tok->pos, tok->delims) : NULL;
}

void tk_tokenizer_free(tk_tokenizer *tok) {
    if (!tok) return;
    free(tok->text);
    free(tok);
}

/* textkit: small text utilities in the style of a classic C library.
 *
 * Several functions keep their state in process globals, exactly as many libraries written for
 * one caller at a time do (asctime, strtok, a global error slot, a lazily built table). Their
 * reentrant counterparts are the negative controls. The true thread-safety contract of every
 * function is in ../contracts.json. */
#ifndef TEXTKIT_H
#define TEXTKIT_H

#include <stddef.h>

#define TK_ABI_VERSION 3
#define TK_DURATION_MAX 32 /* bytes a formatted duration needs, NUL included */

typedef enum tk_status {
    TK_OK = 0,
    TK_EINVAL = -1, /* malformed input */
    TK_ERANGE = -2, /* value out of range */
    TK_ENOSPC = -3, /* output buffer too small */
} tk_status;

/* Character classes, a flag set. */
typedef enum tk_class {
    TK_CLASS_OTHER = 0,
    TK_CLASS_SPACE = 1 << 0,
    TK_CLASS_DIGIT = 1 << 1,
    TK_CLASS_ALPHA = 1 << 2,
    TK_CLASS_PUNCT = 1 << 3,
    TK_CLASS_UPPER = 1 << 4,
} tk_class;

typedef struct tk_tokenizer tk_tokenizer;

int tk_abi_version(void);

/* "1h 02m 03s". Returns a static buffer overwritten by the next call (like asctime). */
const char *tk_format_duration(long seconds);
/* Reentrant: writes into buf; returns the length written or TK_ENOSPC/TK_ERANGE. */
int tk_format_duration_r(long seconds, char *buf, size_t buf_len);

/* Parses a decimal integer. On failure, tk_last_error() describes why (like cJSON_GetErrorPtr). */
tk_status tk_parse_int(const char *text, long *out);
/* The message of the most recent tk_parse_int, "" after a success. */
const char *tk_last_error(void);

/* Classifies a byte (tk_class flags). The table behind it is built on first use. */
int tk_char_class(int c);
/* Same answer, computed without any table. */
int tk_char_class_r(int c);

/* strtok-like: tk_next_token(text, delims) starts splitting a copy of text; tk_next_token(NULL,
 * delims) continues; NULL when exhausted. The cursor is hidden in the library. */
const char *tk_next_token(const char *text, const char *delims);

/* The same, with the cursor in a handle of the caller's. */
tk_tokenizer *tk_tokenizer_new(const char *text, const char *delims);
const char *tk_tokenizer_next(tk_tokenizer *tok);
void tk_tokenizer_free(tk_tokenizer *tok);

#endif

/* strbuf.h: a small growable NUL-terminated string (malloc'ed), for
 * building messages, URIs and command output. Allocation failure aborts, as
 * every okrc allocation does. Header-only: the functions are a few lines
 * each and used in hot rendering loops. */
#ifndef OKR_STRBUF_H
#define OKR_STRBUF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct strbuf {
    char *data;
    size_t len, cap;
} strbuf;

static inline void sb_putn(strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *data = realloc(b->data, cap);
        if (!data) {
            fputs("okrc: out of memory\n", stderr);
            abort();
        }
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static inline void sb_puts(strbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

static inline void sb_putc(strbuf *b, char ch)
{
    sb_putn(b, &ch, 1);
}

/* Never NULL, so a strbuf that received nothing can still be used as "". */
static inline const char *sb_str(strbuf *b)
{
    if (!b->data)
        sb_putn(b, "", 0);
    return b->data;
}

static inline void sb_free(strbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

#endif

/* fix_apply.c: edit sets and applying edits to a text (fix_apply.h). */
#include "fix_apply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("okrc: out of memory\n", stderr);
        abort();
    }
    return p;
}

/* The range tests, files aside: an edit set holds the edits of one file,
 * which has two ids when it is checked twice (named twice on the command
 * line), and an edit of each must still be seen as the same edit. */
static int ranges_identical(const okr_edit *a, const okr_edit *b)
{
    return a->span.start == b->span.start && a->span.end == b->span.end &&
           strcmp(a->replacement, b->replacement) == 0;
}

static int ranges_overlap(const okr_edit *a, const okr_edit *b)
{
    if (a->span.start < b->span.end && b->span.start < a->span.end)
        return 1;
    return a->span.start == b->span.start && (a->span.start == a->span.end || b->span.start == b->span.end);
}

int okr_edits_overlap(const okr_edit *a, const okr_edit *b)
{
    return a->span.file == b->span.file && ranges_overlap(a, b);
}

int okr_edit_set_add_fix(okr_edit_set *set, const okr_fix *fix)
{
    int fresh[OKR_FIX_MAX_EDITS] = {0};
    for (int i = 0; i < fix->edit_count; i++) {
        fresh[i] = 1;
        for (size_t j = 0; j < set->len; j++) {
            if (ranges_identical(&fix->edits[i], &set->edits[j])) {
                fresh[i] = 0;
                break;
            }
            if (ranges_overlap(&fix->edits[i], &set->edits[j]))
                return 0;
        }
    }
    for (int i = 0; i < fix->edit_count; i++) {
        if (!fresh[i])
            continue;
        if (set->len == set->cap) {
            set->cap = set->cap ? set->cap * 2 : 8;
            set->edits = xrealloc(set->edits, set->cap * sizeof *set->edits);
        }
        size_t at = set->len;
        while (at > 0 && set->edits[at - 1].span.start > fix->edits[i].span.start)
            at--;
        memmove(&set->edits[at + 1], &set->edits[at], (set->len - at) * sizeof *set->edits);
        set->edits[at] = fix->edits[i];
        set->len++;
    }
    return 1;
}

void okr_edit_set_free(okr_edit_set *set)
{
    free(set->edits);
    memset(set, 0, sizeof *set);
}

char *okr_edits_apply(const char *text, size_t len, uint32_t base, const okr_edit *edits, size_t n,
                      size_t *out_len)
{
    size_t size = len + 1;
    for (size_t i = 0; i < n; i++)
        size += strlen(edits[i].replacement);
    char *out = xrealloc(NULL, size);
    size_t at = 0, put = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = edits[i].span.start - base, e = edits[i].span.end - base;
        if (s < at || e < s || e > len)
            continue; /* outside the text or out of order: a caller's bug, never half-applied */
        memcpy(out + put, text + at, s - at);
        put += s - at;
        size_t r = strlen(edits[i].replacement);
        memcpy(out + put, edits[i].replacement, r);
        put += r;
        at = e;
    }
    memcpy(out + put, text + at, len - at);
    put += len - at;
    out[put] = '\0';
    *out_len = put;
    return out;
}

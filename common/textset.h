/* textset.h: a set of interned texts, the one copy of each in an arena.
 *
 * The scanner interns what it reads (lexer.c; source.h says which set
 * holds what): a large program spells the same few thousand names
 * millions of times, and repeats its owners and many titles (the 100k
 * corpus writes 355 thousand strings, 16 MB, with 53 thousand texts,
 * 2.8 MB). Strings are longer than names, so the set hashes eight bytes at
 * a time and compares lengths before bytes: with okr_strmap (a byte at a
 * time, strncmp) interning the strings took 7% more of a profile of the
 * 100k check (perf record), with this set about 3%, most of it the cache
 * misses of the lookups themselves.
 *
 * The slots are the arena's scratch memory (arena.h): an outgrown table is
 * freed as the set grows, and the last one when the arena is adopted (a
 * thread's parse is over: nothing reads its sets after it) or freed. So a
 * set leaves nothing in the arena but its texts, and must not be used once
 * its arena was adopted. */
#ifndef OKR_TEXTSET_H
#define OKR_TEXTSET_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct okr_textset_slot {
    const char *text; /* NULL when free */
    uint32_t len, hash;
} okr_textset_slot;

typedef struct okr_textset {
    okr_arena *arena;
    okr_textset_slot *slots;
    size_t cap, len;
} okr_textset;

void okr_textset_init(okr_textset *set, okr_arena *arena);
/* The one arena copy (NUL-terminated) of the len bytes at text. */
const char *okr_textset_intern(okr_textset *set, const char *text, size_t len);

#endif

/* textset.h: a set of interned texts, the one copy of each in an arena,
 * and a cache of recent texts.
 *
 * The scanner shares what it reads (lexer.c; source.h says which holds
 * what): a large program spells the same few thousand names millions of
 * times, and repeats its owners and many titles (the 100k corpus writes
 * 355 thousand strings, 16 MB, with 53 thousand texts, 2.8 MB). Both hash
 * eight bytes at a time and compare lengths before bytes (okr_strmap hashes
 * a byte at a time and compares with strncmp).
 *
 * The slots are the arena's scratch memory (arena.h): an outgrown table is
 * freed as the set grows, and the last one when the arena is adopted (a
 * thread's parse is over: nothing reads its sets after it) or freed. So
 * they leave nothing in the arena but the texts, and must not be used once
 * their arena was adopted. */
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

/* A cache of recent texts: a text equal to one it holds is that one; else
 * it is copied, and replaces the one in its slot (direct-mapped). It
 * starts at OKR_TEXTCACHE_FIRST_SLOTS and, each time it has copied twice
 * as many texts as it has slots, starts over empty at twice the slots, up
 * to OKR_TEXTCACHE_SLOTS: clearing 256 KB up front cost checking one small
 * file 0.4 ms (a fifth of the whole run). For the strings: in a set of all of them most lookups missed the
 * CPU's cache (a table and texts of MBs), and interning took 4% more of a
 * profile of the 100k check than copying (perf record); with 16,384 slots
 * (256 KB, scratch memory like the set's) 2.4%, keeping most of the
 * saving (peak RSS 286.0 MiB copying, 273.2 with a set, 274.2 with this).
 * Equal texts may be different copies; equal copies are equal texts. */
typedef struct okr_textcache {
    okr_arena *arena;
    okr_textset_slot *slots; /* `cap` of them, made on first use */
    size_t cap, copied;      /* copied: texts copied since the slots were made */
} okr_textcache;

enum { OKR_TEXTCACHE_FIRST_SLOTS = 256, OKR_TEXTCACHE_SLOTS = 16384 };

void okr_textcache_init(okr_textcache *cache, okr_arena *arena);
/* An arena copy (NUL-terminated) of the len bytes at text: the cached one
 * when it holds an equal text. */
const char *okr_textcache_get(okr_textcache *cache, const char *text, size_t len);

#endif

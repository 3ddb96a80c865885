/* arena.h: one bump allocator per compilation.
 *
 * Every syntax tree node, interned string and diagnostic of one `okrc` run is
 * allocated here and freed together by okr_arena_free(); no node owns another,
 * so there are no ownership puzzles. Allocation never returns NULL: running
 * out of memory aborts with a message, as there is nothing sensible to do. */
#ifndef OKR_ARENA_H
#define OKR_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct okr_arena_block okr_arena_block;
typedef struct okr_arena_scratch okr_arena_scratch;

/* Text (okr_arena_alloc_bytes, the strdups and printfs: names, strings,
 * labels) is bumped from blocks of its own, apart from the nodes: a large
 * program's few MB of distinct texts then lie together, and looking one up
 * (interning, textset.h; the checker's reading of titles) touches memory
 * the last lookups warmed rather than a line among 200 MB of nodes. */
typedef struct okr_arena {
    okr_arena_block *head; /* the nodes' blocks, the one allocated from first */
    okr_arena_block *text; /* the text's blocks */
    size_t bytes_used; /* of both, for the benchmark's memory figures */
    size_t text_held;  /* of the text's blocks */
    okr_arena_scratch *scratch; /* see okr_arena_scratch_alloc */
} okr_arena;

void okr_arena_init(okr_arena *arena);
void okr_arena_free(okr_arena *arena);
void *okr_arena_alloc(okr_arena *arena, size_t size);   /* zeroed, 8-byte aligned */
void *okr_arena_alloc_bytes(okr_arena *arena, size_t size); /* zeroed, unaligned: text */
char *okr_arena_strndup(okr_arena *arena, const char *s, size_t len);
char *okr_arena_strdup(okr_arena *arena, const char *s);
char *okr_arena_printf(okr_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *okr_arena_vprintf(okr_arena *arena, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Moves every block of `from` into `arena`, which frees them with its own:
 * what was allocated from `from` (by a thread with an arena of its own)
 * lives as long as `arena` then. `from` is left empty. The blocks of each
 * chain (nodes, text) go behind arena's current block of that chain, whose
 * free space keeps serving allocations.
 * `from`'s scratch memory is freed: the thread's work is done. */
void okr_arena_adopt(okr_arena *arena, okr_arena *from);

/* Scratch memory: heap memory (not zeroed) for the work of whoever owns the
 * arena, such as a hash table's slots, which a growing table outgrows and
 * which nothing reads once the work is done. Unlike arena memory it can be
 * given back: okr_arena_scratch_free frees one allocation, and all that
 * remain are freed when the arena is adopted (okr_arena_adopt: a thread's
 * parse is over) or freed. Never NULL: out of memory aborts. */
void *okr_arena_scratch_alloc(okr_arena *arena, size_t size);
void okr_arena_scratch_free(okr_arena *arena, void *p);

/* A growable array of pointers whose storage lives in the arena. */
typedef struct okr_vec {
    void **items;
    size_t len, cap;
} okr_vec;

void okr_vec_push(okr_arena *arena, okr_vec *vec, void *item);
/* A vector built outside the arena (malloc'd, grown by doubling) while its
 * length is unknown; okr_vec_settle then moves it into the arena at its
 * exact length and frees the heap array. Until settled, only
 * okr_vec_push_heap may grow it. */
void okr_vec_push_heap(okr_vec *vec, void *item);
void okr_vec_settle(okr_arena *arena, okr_vec *vec);

#endif

/* arena.c: bump allocation in large blocks; see arena.h for the contract. */
#include "arena.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Blocks grow with the arena: a new block is as large as everything the
 * arena holds so far, from 64 KiB up to 32 MiB, so a large compilation
 * (100k objectives take about 380 MB) lives in a few dozen blocks instead
 * of thousands. Blocks are not offered as transparent huge pages: with the
 * kernel's usual defrag=madvise a huge-page fault may compact memory
 * before it clears 2 MiB, and on a busy machine the hint made okrc check
 * of the 100k corpus slower (cpu 2.63 s with it, 2.36 s without, sys
 * 1.00 s to 0.62 s; farm-bench -n 3, medians). */
enum {
    OKR_ARENA_MIN_BLOCK = 64 * 1024,
    OKR_ARENA_MAX_BLOCK = 32 * 1024 * 1024,
    OKR_ARENA_POPULATE = 256 * 1024,
};

struct okr_arena_block {
    okr_arena_block *next;
    size_t used, size;
    size_t ready; /* data[0 .. ready) has been populated (see populate) */
    _Alignas(16) unsigned char data[];
};

static okr_arena_block *block_new(size_t want)
{
    /* calloc, not malloc and memset: a large block comes fresh from mmap,
     * already zeroed by the kernel, and calloc knows not to clear it again;
     * allocations from the block are then zero without a memset each. */
    okr_arena_block *b = calloc(1, sizeof *b + want);
    if (!b) {
        fputs("okrc: out of memory\n", stderr);
        abort();
    }
    b->size = want;
    b->used = 0;
    return b;
}

/* Asks the kernel for the next OKR_ARENA_POPULATE bytes of a block's pages
 * in one call, before the bump pointer reaches them: one system call instead
 * of a page fault per 4 KiB page (a 100k-objective program touches about 85
 * thousand pages). The pages are cleared either way; only the faults go. A
 * kernel without MADV_POPULATE_WRITE (before Linux 5.14) refuses, and the
 * pages fault in as before. 256 KiB, not 1 MiB: the populated tail of every
 * chain's last block (two per thread's arena) is resident and never used,
 * 3.4 MB in the 100k check, and 64 pages a call already make the calls
 * cheap (peak RSS -2.2 MiB, cpu 0.985x). */
static void populate(okr_arena_block *b)
{
#ifdef MADV_POPULATE_WRITE
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t base = (uintptr_t)b->data;
    uintptr_t start = (base + b->ready + page - 1) & ~(page - 1);
    uintptr_t end = start + OKR_ARENA_POPULATE;
    if (end > ((base + b->size) & ~(page - 1)))
        end = (base + b->size) & ~(page - 1);
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE); /* a hint */
    b->ready = end > start ? end - base : b->size;
#else
    b->ready = b->size;
#endif
}

void okr_arena_init(okr_arena *arena)
{
    arena->head = arena->text = NULL;
    arena->bytes_used = arena->text_held = 0;
    arena->scratch = NULL;
}

/* A scratch allocation: a header in a doubly linked list of the arena's,
 * so that one is unlinked without a search. */
struct okr_arena_scratch {
    okr_arena_scratch *prev, *next;
    _Alignas(16) unsigned char data[];
};

void *okr_arena_scratch_alloc(okr_arena *arena, size_t size)
{
    okr_arena_scratch *s = malloc(sizeof *s + size);
    if (!s) {
        fputs("okrc: out of memory\n", stderr);
        abort();
    }
    s->prev = NULL;
    s->next = arena->scratch;
    if (s->next)
        s->next->prev = s;
    arena->scratch = s;
    return s->data;
}

void okr_arena_scratch_free(okr_arena *arena, void *p)
{
    if (!p)
        return;
    okr_arena_scratch *s = (okr_arena_scratch *)((unsigned char *)p - offsetof(okr_arena_scratch, data));
    if (s->prev)
        s->prev->next = s->next;
    else
        arena->scratch = s->next;
    if (s->next)
        s->next->prev = s->prev;
    free(s);
}

static void free_scratch(okr_arena *arena)
{
    okr_arena_scratch *s = arena->scratch;
    while (s) {
        okr_arena_scratch *next = s->next;
        free(s);
        s = next;
    }
    arena->scratch = NULL;
}

static void free_blocks(okr_arena_block *b)
{
    while (b) {
        okr_arena_block *next = b->next;
        free(b);
        b = next;
    }
}

void okr_arena_free(okr_arena *arena)
{
    free_scratch(arena);
    free_blocks(arena->head);
    free_blocks(arena->text);
    okr_arena_init(arena);
}

/* A new head block of the chain *headp (nodes or text) with room for SIZE
 * bytes, or a block of its own behind the head for one large object;
 * returns the block to allocate from. A chain's blocks are as large as
 * what it holds so far (`held`), within the bounds above. */
static okr_arena_block *grow(okr_arena *arena, okr_arena_block **headp, size_t held, size_t size)
{
    size_t block = held < OKR_ARENA_MIN_BLOCK ? OKR_ARENA_MIN_BLOCK : held > OKR_ARENA_MAX_BLOCK ? OKR_ARENA_MAX_BLOCK : held;
    size_t want = size > block / 4 ? size : block;
    okr_arena_block *b = block_new(want);
    /* A block for one large object goes behind the head so the head's free
     * space keeps serving small allocations. */
    if (*headp && want != block) {
        b->next = (*headp)->next;
        (*headp)->next = b;
    } else {
        b->next = *headp;
        *headp = b;
    }
    arena->bytes_used += sizeof *b + want;
    if (headp == &arena->text)
        arena->text_held += sizeof *b + want;
    return b;
}

/* SIZE bytes at the bump pointer of a chain's head block rounded up to
 * ALIGN: text (align 1) has blocks of its own (see arena.h). */
static void *bump(okr_arena *arena, size_t size, size_t align)
{
    okr_arena_block **headp = align == 1 ? &arena->text : &arena->head;
    okr_arena_block *b = *headp;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->size || b->size - at < size) {
        b = grow(arena, headp, align == 1 ? arena->text_held : arena->bytes_used - arena->text_held, size);
        at = b->used;
    }
    void *p = b->data + at; /* zero: blocks are calloc'd and never reused */
    b->used = at + size;
    while (b->used > b->ready)
        populate(b);
    return p;
}

/* Nodes are aligned to 8 bytes, not 16: nothing in okrc holds a long double
 * or a vector type, and a node whose size is 8 more than a multiple of 16
 * (a declaration, a team, a path) no longer carries 8 bytes of padding. */
void *okr_arena_alloc(okr_arena *arena, size_t size)
{
    return bump(arena, (size + 7) & ~(size_t)7, 8);
}

/* Text needs no alignment: a string takes its length plus its NUL, and the
 * 355 thousand strings of a 100k-objective program no longer round up to
 * 16 bytes each (7.5 bytes lost on average). */
void *okr_arena_alloc_bytes(okr_arena *arena, size_t size)
{
    return bump(arena, size, 1);
}

/* Puts the chain `from` behind the head of the chain *into (or makes it
 * the chain), so that the head's free space keeps serving allocations. */
static void adopt_chain(okr_arena_block **into, okr_arena_block *from)
{
    if (!from)
        return;
    okr_arena_block *last = from;
    while (last->next)
        last = last->next;
    if (*into) {
        last->next = (*into)->next;
        (*into)->next = from;
    } else {
        *into = from;
    }
}

void okr_arena_adopt(okr_arena *arena, okr_arena *from)
{
    free_scratch(from);
    adopt_chain(&arena->head, from->head);
    adopt_chain(&arena->text, from->text);
    arena->bytes_used += from->bytes_used;
    arena->text_held += from->text_held;
    okr_arena_init(from);
}

char *okr_arena_strndup(okr_arena *arena, const char *s, size_t len)
{
    char *p = okr_arena_alloc_bytes(arena, len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *okr_arena_strdup(okr_arena *arena, const char *s)
{
    return okr_arena_strndup(arena, s, strlen(s));
}

char *okr_arena_vprintf(okr_arena *arena, const char *fmt, va_list ap)
{
    /* Callers never pass NULL; saying so here also keeps gcc 12 from a false
     * "null format string" error under -fsanitize=undefined. */
    if (!fmt)
        fmt = "";
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        n = 0;
    char *p = okr_arena_alloc_bytes(arena, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *okr_arena_printf(okr_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = okr_arena_vprintf(arena, fmt, ap);
    va_end(ap);
    return p;
}

void okr_vec_push(okr_arena *arena, okr_vec *vec, void *item)
{
    if (vec->len == vec->cap) {
        /* Most vectors are short (an objective's key results, a file's
         * declarations): 4 slots first, not 8, saves a large program 2%. */
        size_t cap = vec->cap ? vec->cap * 2 : 4;
        void **items = okr_arena_alloc(arena, cap * sizeof *items);
        if (vec->len)
            memcpy(items, vec->items, vec->len * sizeof *items);
        vec->items = items;
        vec->cap = cap;
    }
    vec->items[vec->len++] = item;
}

/* Heap-grown vectors are for a vector built while other nodes are
 * allocated (a file's declarations and comments): grown inside the arena,
 * every array it outgrew would stay behind, as the arena reuses nothing. */
void okr_vec_push_heap(okr_vec *vec, void *item)
{
    if (vec->len == vec->cap) {
        size_t cap = vec->cap ? vec->cap * 2 : 16;
        void **items = realloc(vec->items, cap * sizeof *items);
        if (!items) {
            fputs("okrc: out of memory\n", stderr);
            abort();
        }
        vec->items = items;
        vec->cap = cap;
    }
    vec->items[vec->len++] = item;
}

void okr_vec_settle(okr_arena *arena, okr_vec *vec)
{
    void **heap = vec->items;
    vec->items = NULL;
    if (vec->len) {
        vec->items = okr_arena_alloc(arena, vec->len * sizeof *vec->items);
        memcpy(vec->items, heap, vec->len * sizeof *vec->items);
    }
    vec->cap = vec->len;
    free(heap);
}

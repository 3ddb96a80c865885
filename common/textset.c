/* textset.c: open addressing with linear probing; see textset.h. */
#include "textset.h"

#include <string.h>


void okr_textset_init(okr_textset *set, okr_arena *arena)
{
    memset(set, 0, sizeof *set);
    set->arena = arena;
}

/* okr_hash_bytes (hash.h) and memcmp, written out so that neither calls
 * the C library: the tail's bytes are gathered one by one where hash.h
 * copies them with a memcpy of variable size. The two hash alike (the set
 * keeps no order, so only speed rests on that). The scanner interns every
 * name and shares every string here: the calls to memcpy and memcmp were
 * 3% of a one-thread check of the 100k corpus. */
static inline uint64_t word_at(const char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
    return w;
}

static uint32_t hash_text(const char *s, size_t len)
{
    const uint64_t m1 = 0xff51afd7ed558ccdULL, m2 = 0xc4ceb9fe1a85ec53ULL;
    uint64_t h = (0x9E3779B97F4A7C15u ^ len) * m1;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        h = (h ^ word_at(s + i)) * m1;
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    for (size_t j = len; j > i; j--)
        tail = tail << 8 | (unsigned char)s[j - 1];
    h = (h ^ tail) * m2;
    return (uint32_t)(h ^ h >> 29);
}

static inline int same_bytes(const char *a, const char *b, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8)
        if (word_at(a + i) != word_at(b + i))
            return 0;
    for (; i < len; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

static void grow(okr_textset *set)
{
    size_t cap = set->cap ? set->cap * 2 : 256;
    okr_textset_slot *slots = okr_arena_scratch_alloc(set->arena, cap * sizeof *slots);
    memset(slots, 0, cap * sizeof *slots);
    for (size_t i = 0; i < set->cap; i++) {
        const okr_textset_slot *s = &set->slots[i];
        if (!s->text)
            continue;
        size_t j = s->hash & (cap - 1);
        while (slots[j].text)
            j = (j + 1) & (cap - 1);
        slots[j] = *s;
    }
    okr_arena_scratch_free(set->arena, set->slots);
    set->slots = slots;
    set->cap = cap;
}

void okr_textcache_init(okr_textcache *cache, okr_arena *arena)
{
    cache->arena = arena;
    cache->slots = NULL;
    cache->cap = cache->copied = 0;
}

/* Empty slots, twice as many as before (the first time, the first size). */
static void cache_regrow(okr_textcache *cache)
{
    if (cache->slots)
        okr_arena_scratch_free(cache->arena, cache->slots);
    cache->cap = cache->cap ? cache->cap * 2 : OKR_TEXTCACHE_FIRST_SLOTS;
    cache->slots = okr_arena_scratch_alloc(cache->arena, cache->cap * sizeof *cache->slots);
    memset(cache->slots, 0, cache->cap * sizeof *cache->slots);
    cache->copied = 0;
}

const char *okr_textcache_get(okr_textcache *cache, const char *text, size_t len)
{
    if (len > UINT32_MAX)
        return okr_arena_strndup(cache->arena, text, len);
    if (!cache->slots || (cache->copied >= 2 * cache->cap && cache->cap < OKR_TEXTCACHE_SLOTS))
        cache_regrow(cache);
    uint32_t h = hash_text(text, len);
    okr_textset_slot *s = &cache->slots[h & (cache->cap - 1)];
    if (s->text && s->hash == h && s->len == len && same_bytes(s->text, text, len))
        return s->text;
    char *copy = okr_arena_strndup(cache->arena, text, len);
    cache->copied++;
    *s = (okr_textset_slot){copy, (uint32_t)len, h};
    return copy;
}

const char *okr_textset_intern(okr_textset *set, const char *text, size_t len)
{
    if (len > UINT32_MAX) /* never so for a parsed file's line; not interned */
        return okr_arena_strndup(set->arena, text, len);
    if ((set->len + 1) * 4 > set->cap * 3)
        grow(set);
    uint32_t h = hash_text(text, len);
    size_t i = h & (set->cap - 1);
    for (;; i = (i + 1) & (set->cap - 1)) {
        okr_textset_slot *s = &set->slots[i];
        if (!s->text)
            break;
        if (s->hash == h && s->len == len && same_bytes(s->text, text, len))
            return s->text;
    }
    char *copy = okr_arena_strndup(set->arena, text, len);
    set->slots[i] = (okr_textset_slot){copy, (uint32_t)len, h};
    set->len++;
    return copy;
}

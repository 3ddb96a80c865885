/* strmap.h: a string-keyed hash map whose storage lives in the arena.
 *
 * Name resolution looks up every metric reference and objective, and the
 * benchmark corpora have 100k objectives, so linear scans would make the
 * checker quadratic. Hand-written because none of our dependencies offers a
 * C hash map (jansson's is internal to JSON objects), and open addressing
 * over an arena is about sixty lines. Keys are not copied: they must outlive
 * the map (they are arena strings). */
#ifndef OKR_STRMAP_H
#define OKR_STRMAP_H

#include <stddef.h>

#include "arena.h"

typedef struct okr_strmap_slot {
    const char *key;
    void *value;
    size_t hash;
} okr_strmap_slot;

typedef struct okr_strmap {
    okr_arena *arena;
    okr_strmap_slot *slots;
    size_t cap, len;
} okr_strmap;

void okr_strmap_init(okr_strmap *map, okr_arena *arena);
void *okr_strmap_get(const okr_strmap *map, const char *key);
/* Inserts or replaces; returns the previous value or NULL. */
void *okr_strmap_put(okr_strmap *map, const char *key, void *value);
/* Sizes the table for N keys at once: a map filled by doubling leaves
 * each outgrown table behind in the arena. */
void okr_strmap_reserve(okr_strmap *map, size_t n);

#endif

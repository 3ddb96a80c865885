/* strmap.c: open addressing with linear probing; see strmap.h. */
#include "strmap.h"

#include <string.h>

static size_t hash_string(const char *s)
{
    size_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

void okr_strmap_init(okr_strmap *map, okr_arena *arena)
{
    memset(map, 0, sizeof *map);
    map->arena = arena;
}

void *okr_strmap_get(const okr_strmap *map, const char *key)
{
    if (!map->cap)
        return NULL;
    size_t h = hash_string(key);
    for (size_t i = h & (map->cap - 1);; i = (i + 1) & (map->cap - 1)) {
        const okr_strmap_slot *s = &map->slots[i];
        if (!s->key)
            return NULL;
        if (s->hash == h && (s->key == key || strcmp(s->key, key) == 0))
            return s->value;
    }
}

static void rehash(okr_strmap *map, size_t cap)
{
    okr_strmap_slot *slots = okr_arena_alloc(map->arena, cap * sizeof *slots);
    for (size_t i = 0; i < map->cap; i++) {
        okr_strmap_slot *s = &map->slots[i];
        if (!s->key)
            continue;
        size_t j = s->hash & (cap - 1);
        while (slots[j].key)
            j = (j + 1) & (cap - 1);
        slots[j] = *s;
    }
    map->slots = slots;
    map->cap = cap;
}

static void grow(okr_strmap *map)
{
    rehash(map, map->cap ? map->cap * 2 : 16);
}

void okr_strmap_reserve(okr_strmap *map, size_t n)
{
    size_t cap = 16;
    while (n * 4 > cap * 3)
        cap *= 2;
    if (cap > map->cap)
        rehash(map, cap);
}

void *okr_strmap_put(okr_strmap *map, const char *key, void *value)
{
    if ((map->len + 1) * 4 > map->cap * 3)
        grow(map);
    size_t h = hash_string(key);
    for (size_t i = h & (map->cap - 1);; i = (i + 1) & (map->cap - 1)) {
        okr_strmap_slot *s = &map->slots[i];
        if (!s->key) {
            s->key = key;
            s->value = value;
            s->hash = h;
            map->len++;
            return NULL;
        }
        if (s->hash == h && strcmp(s->key, key) == 0) {
            void *old = s->value;
            s->value = value;
            return old;
        }
    }
}

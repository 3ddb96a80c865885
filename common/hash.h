/* hash.h: the one hash okrc's in-memory tables use for byte strings (the
 * text set's interning, the memos of title readings and metric verdicts).
 *
 * Eight bytes a step, each word mixed in with a multiply; the last partial
 * word is read zero-padded and the length goes in first, so that "a" "bc"
 * and "ab" "c" hashed in a chain differ. `seed` chains several strings
 * into one hash (pass the previous result). Not for anything kept across
 * runs or shown to users: the values may change with any release. */
#ifndef OKR_HASH_H
#define OKR_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t okr_hash_bytes(uint64_t seed, const char *s, size_t len)
{
    uint64_t h = (seed ^ len) * 0xff51afd7ed558ccdULL;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        h = (h ^ x) * 0xff51afd7ed558ccdULL;
        h ^= h >> 32;
    }
    uint64_t tail = 0;
    memcpy(&tail, s + i, len - i);
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
    return h ^ h >> 29;
}

#endif

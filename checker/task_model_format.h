/* task_model_format.h: how the task-style model's weights are stored, shared
 * by checker/task_model.c, the build-time generator tools/gen_task_model.c
 * and the table it writes (build/gen/task_model_table.c). Internal to
 * checker/ and that tool.
 *
 * The weights file (stdlib/model/task_style.tsv) names features; the table
 * keys them by the 64-bit FNV-1a hash of the name, sorted, so that scoring
 * compares integers and loading costs nothing. The generator refuses a file
 * where two names share a hash. */
#ifndef OKR_TASK_MODEL_FORMAT_H
#define OKR_TASK_MODEL_FORMAT_H

#include <stddef.h>
#include <stdint.h>

typedef struct okr_task_weight {
    uint64_t hash;
    double weight;
} okr_task_weight;

/* The weights are found through the top OKR_TASK_BUCKET_BITS bits of the
 * hash: the weights whose hash starts with b are [bucket[b], bucket[b + 1])
 * of the sorted array, a couple of entries each, where a binary search
 * over 10,000 weights took 14 probes per feature (a third of scoring). */
enum { OKR_TASK_BUCKET_BITS = 12, OKR_TASK_BUCKETS = 1 << OKR_TASK_BUCKET_BITS };

static inline size_t okr_task_bucket(uint64_t hash)
{
    return (size_t)(hash >> (64 - OKR_TASK_BUCKET_BITS));
}

struct okr_task_model {
    const okr_task_weight *weights; /* sorted by hash, no hash twice */
    size_t count;
    double threshold;               /* in (0, 1) */
    const uint32_t *bucket;         /* OKR_TASK_BUCKETS + 1 offsets into weights */
};

/* Fills bucket (OKR_TASK_BUCKETS + 1 entries) for n weights sorted by hash. */
static inline void okr_task_fill_buckets(const okr_task_weight *w, size_t n, uint32_t *bucket)
{
    size_t i = 0;
    for (size_t b = 0; b < OKR_TASK_BUCKETS; b++) {
        bucket[b] = (uint32_t)i;
        while (i < n && okr_task_bucket(w[i].hash) == b)
            i++;
    }
    bucket[OKR_TASK_BUCKETS] = (uint32_t)n;
}

/* The model compiled into okrc from stdlib/model/task_style.tsv. */
extern const struct okr_task_model okr_task_model_builtin;

static inline uint64_t okr_task_feature_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* A weight as the trainer writes it: an optional '-', digits, and an
 * optional '.' with digits ("-0.9689"). Returns 0 when malformed. */
static inline int okr_task_parse_weight(const char *s, size_t n, double *out)
{
    size_t i = 0;
    int neg = 0;
    if (i < n && s[i] == '-') {
        neg = 1;
        i++;
    }
    if (i == n || s[i] < '0' || s[i] > '9')
        return 0;
    double v = 0;
    for (; i < n && s[i] >= '0' && s[i] <= '9' && v < 1e9; i++)
        v = v * 10 + (s[i] - '0');
    if (i < n && s[i] == '.') {
        double scale = 0.1;
        if (++i == n)
            return 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, scale /= 10)
            v += (s[i] - '0') * scale;
    }
    if (i != n)
        return 0;
    *out = neg ? -v : v;
    return 1;
}

#endif

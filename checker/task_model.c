/* task_model.c: features, weights and scores of the task-style model
 * (task_model.h says what it is for and how it is trained).
 *
 * Invariants: features are emitted once each, in a fixed order, and the
 * same input always yields the same score; the weights live in a string map
 * in the caller's arena; unknown features weigh nothing. */
#include "task_model.h"

#include "task_model_format.h"
#include "vocab.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


enum { MAX_FEATURE = 64, MAX_WORDS = 96 };

/* Words too common to say anything; the trainer reads the features okrc
 * emits, so this list is the only one. Grouped by length for a quick test. */
static const char *const stop_words[6][12] = {
    {NULL},
    {"a", NULL},
    {"an", "of", "to", "in", "on", "or", "by", "at", "is", "be", "as", NULL},
    {"the", "for", "and", "per", "our", "its", "are", "all", NULL},
    {"with", "from", "this", "that", "each", "into", "than", "more", "less", NULL},
    {"their", "every", NULL},
};

static int is_stop(const char *w, size_t n)
{
    if (n > 5)
        return 0;
    for (const char *const *s = stop_words[n]; *s; s++) { /* each group ends with NULL */
        /* Two to five bytes: compared here, not by a call to memcmp. */
        size_t k = 0;
        while (k < n && (*s)[k] == w[k])
            k++;
        if (k == n)
            return 1;
    }
    return 0;
}

typedef struct word_list {
    char w[MAX_WORDS][MAX_FEATURE - 4];
    unsigned char len[MAX_WORDS]; /* strlen(w[i]): most words differ in length */
    size_t n;
} word_list;

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The bytes a word runs over: ASCII letters, lowercased, digits and the
 * apostrophe; 0 for any other byte. */
static char word_char_lower(unsigned char c)
{
    return c == '\'' ? '\'' : okr_vocab_ascii_lower[c];
}

/* The words of a text, in order (repeats kept: the caller dedupes). */
static void words_of(const char *text, word_list *out)
{
    out->n = 0;
    if (!text)
        return;
    const char *c = text;
    while (*c && out->n < MAX_WORDS) {
        if (!is_letter(*c)) {
            c++;
            continue;
        }
        /* Written in place: a stop word is left behind, unkept. */
        char *buf = out->w[out->n];
        size_t n = 0;
        for (char lc; (lc = word_char_lower((unsigned char)*c)) != 0; c++)
            if (n + 1 < sizeof out->w[0])
                buf[n++] = lc;
        buf[n] = '\0';
        if (is_stop(buf, n))
            continue;
        n = okr_vocab_fold_plural(buf, n);
        out->len[out->n++] = (unsigned char)n;
    }
}

/* Whether word i of the list already came earlier in it. */
static int seen_before(const word_list *l, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (l->len[k] == l->len[i] && memcmp(l->w[k], l->w[i], l->len[i]) == 0)
            return 1;
    return 0;
}

static int has_word(const word_list *l, const char *w, size_t n)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->len[i] == n && memcmp(l->w[i], w, n) == 0)
            return 1;
    return 0;
}


/* Emits a feature, as its prefix and word, with the hash of the two
 * joined: scoring needs only the hash, so no string is built. each_feature
 * emits each feature once: the fixed features are distinct by construction,
 * and a word repeated in a title or a description is emitted at its first
 * place only. */
typedef void (*feature_fn)(const char *prefix, const char *word, uint64_t hash, void *ctx);

typedef struct emitter {
    feature_fn emit;
    void *ctx;
} emitter;

static void put(emitter *e, const char *prefix, const char *word)
{
    uint64_t h = 1469598103934665603ULL; /* okr_task_feature_hash of prefix then word */
    for (const char *c = prefix; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    for (const char *c = word; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    e->emit(prefix, word, h, e->ctx);
}

static const char *type_feature(okr_type_kind t)
{
    switch (t) {
    case OKR_TYPE_PERCENT: return "type:percent";
    case OKR_TYPE_COUNT: return "type:count";
    case OKR_TYPE_NUMBER: return "type:number";
    case OKR_TYPE_DURATION: return "type:duration";
    case OKR_TYPE_MONEY: return "type:money";
    case OKR_TYPE_SCORE: return "type:score";
    case OKR_TYPE_NONE: break;
    }
    return NULL;
}

static const char *target_feature(okr_target_kind k, int from_zero)
{
    switch (k) {
    case OKR_TARGET_FROM_TO: return from_zero ? "target:from0" : "target:from";
    case OKR_TARGET_BY: return "target:by";
    case OKR_TARGET_AT_LEAST: return "target:at_least";
    case OKR_TARGET_AT_MOST: return "target:at_most";
    case OKR_TARGET_NO_WORSE:
    case OKR_TARGET_NONE: break;
    }
    return NULL;
}

/* The features of a key result in their fixed order, in four parts: the
 * fixed ones, the title's words, the description's words, and "shared".
 * The scorer with a cache (okr_task_model_score_cached) replays the
 * description's part from the cache, between the same neighbours. */
static void emit_fixed(emitter *e, const okr_task_input *in)
{
    put(e, "bias", "");
    if (in->rule_output)
        put(e, "rule:output", "");
    if (in->rule_means)
        put(e, "rule:means", "");
    const char *f = type_feature(in->type);
    if (f)
        put(e, f, "");
    if (in->direction != OKR_DIR_NONE)
        put(e, in->direction == OKR_DIR_INCREASING ? "dir:increasing" : "dir:decreasing", "");
    f = target_feature(in->target, in->from_zero);
    if (f)
        put(e, f, "");
}

static void emit_title(emitter *e, const word_list *title)
{
    if (title->n)
        put(e, "t0:", title->w[0]);
    for (size_t i = 0; i < title->n; i++)
        if (!seen_before(title, i))
            put(e, "t:", title->w[i]);
}

static void emit_desc(emitter *e, const word_list *desc)
{
    if (desc->n) {
        put(e, "d0:", desc->w[0]);
        put(e, "dl:", desc->w[desc->n - 1]);
    }
    for (size_t i = 0; i < desc->n; i++)
        if (!seen_before(desc, i))
            put(e, "d:", desc->w[i]);
}

/* has(ctx, word, len): whether the description has the word. */
static void emit_shared(emitter *e, const word_list *title, int (*has)(const void *, const char *, size_t),
                        const void *desc)
{
    for (size_t i = 0; i < title->n; i++)
        if (has(desc, title->w[i], title->len[i])) {
            put(e, "shared", "");
            break;
        }
}

static int list_has(const void *l, const char *w, size_t n)
{
    return has_word(l, w, n);
}

static void each_feature(const okr_task_input *in, feature_fn emit, void *ctx)
{
    /* About 12 KB of word lists: on the heap rather than the stack, and not
     * zeroed (every list keeps its own count). */
    struct scratch {
        emitter e;
        word_list title, desc;
    } *s = malloc(sizeof *s);
    if (!s)
        return;
    s->e.emit = emit;
    s->e.ctx = ctx;
    emit_fixed(&s->e, in);
    words_of(in->title, &s->title);
    words_of(in->description, &s->desc);
    emit_title(&s->e, &s->title);
    emit_desc(&s->e, &s->desc);
    emit_shared(&s->e, &s->title, list_has, &s->desc);
    free(s);
}

typedef struct named {
    void (*emit)(const char *feature, void *ctx);
    void *ctx;
} named;

static void emit_named(const char *prefix, const char *word, uint64_t hash, void *ctx)
{
    (void)hash;
    named *n = ctx;
    char f[MAX_FEATURE];
    snprintf(f, sizeof f, "%s%s", prefix, word);
    n->emit(f, n->ctx);
}

void okr_task_model_features(const okr_task_input *in, void (*emit)(const char *feature, void *ctx), void *ctx)
{
    named n = {emit, ctx};
    each_feature(in, emit_named, &n);
}

/* ---------------------------------------------------------------- weights */

static const double *table_get(const okr_task_model *m, uint64_t hash)
{
    size_t b = okr_task_bucket(hash);
    for (size_t i = m->bucket[b], end = m->bucket[b + 1]; i < end; i++)
        if (m->weights[i].hash == hash)
            return &m->weights[i].weight;
    return NULL;
}

static int by_hash(const void *a, const void *b)
{
    uint64_t x = ((const okr_task_weight *)a)->hash, y = ((const okr_task_weight *)b)->hash;
    return x < y ? -1 : x > y;
}

okr_task_model *okr_task_model_parse(okr_arena *arena, const char *text, size_t len)
{
    okr_task_model *m = okr_arena_alloc(arena, sizeof *m);
    m->threshold = -1;
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n';
    okr_task_weight *w = okr_arena_alloc(arena, lines * sizeof *w);
    size_t n = 0, i = 0;
    while (i < len) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        if (e > i && text[i] != '#') {
            const char *tab = memchr(text + i, '\t', e - i);
            if (!tab || tab == text + i || (size_t)(tab - (text + i)) >= MAX_FEATURE)
                return NULL;
            size_t kl = (size_t)(tab - (text + i));
            double v;
            if (!okr_task_parse_weight(tab + 1, (size_t)(text + e - (tab + 1)), &v))
                return NULL;
            if (kl == 9 && memcmp(text + i, "threshold", 9) == 0) {
                m->threshold = v;
            } else {
                w[n].hash = okr_task_feature_hash(text + i, kl);
                w[n++].weight = v;
            }
        }
        i = e + 1;
    }
    if (!(m->threshold > 0 && m->threshold < 1))
        return NULL;
    qsort(w, n, sizeof *w, by_hash);
    for (size_t k = 1; k < n; k++)
        if (w[k].hash == w[k - 1].hash)
            return NULL; /* a feature twice, or two sharing a hash */
    m->weights = w;
    m->count = n;
    uint32_t *bucket = okr_arena_alloc(arena, (OKR_TASK_BUCKETS + 1) * sizeof *bucket);
    okr_task_fill_buckets(w, n, bucket);
    m->bucket = bucket;
    return m;
}

const okr_task_model *okr_task_model_shipped(void)
{
    return &okr_task_model_builtin;
}

typedef struct scorer {
    const okr_task_model *model;
    double sum;
    okr_task_score *out; /* NULL: the sum only */
} scorer;

static void add_feature(const char *prefix, const char *word, uint64_t hash, void *ctx)
{
    scorer *s = ctx;
    const double *w = table_get(s->model, hash);
    if (!w)
        return;
    s->sum += *w;
    /* Only words explain a verdict to a reader (the prefixes t:, t0:, d:,
     * d0:, dl: end in ':' and have a word); keep the strongest three. */
    okr_task_score *o = s->out;
    if (!o || *w <= 0 || !*word || (prefix[0] != 't' && prefix[0] != 'd') || prefix[strlen(prefix) - 1] != ':')
        return;
    size_t at = o->nreasons < OKR_TASK_MODEL_REASONS ? o->nreasons++ : OKR_TASK_MODEL_REASONS;
    if (at == OKR_TASK_MODEL_REASONS) {
        if (*w <= o->reasons[OKR_TASK_MODEL_REASONS - 1].weight)
            return;
        at = OKR_TASK_MODEL_REASONS - 1;
    }
    snprintf(o->reasons[at].feature, sizeof o->reasons[at].feature, "%s%s", prefix, word);
    o->reasons[at].weight = *w;
    for (; at > 0 && o->reasons[at].weight > o->reasons[at - 1].weight; at--) {
        char f[sizeof o->reasons[0].feature];
        double tw = o->reasons[at].weight;
        memcpy(f, o->reasons[at].feature, sizeof f);
        memcpy(o->reasons[at].feature, o->reasons[at - 1].feature, sizeof f);
        o->reasons[at].weight = o->reasons[at - 1].weight;
        memcpy(o->reasons[at - 1].feature, f, sizeof f);
        o->reasons[at - 1].weight = tw;
    }
}

/* The weights a description's features add, in emission order, and its
 * words (for "shared"), remembered per distinct description text. */
typedef struct desc_entry {
    const char *text; /* NULL: empty slot */
    uint64_t hash;
    size_t nweights, nwords;
    const double *weights;
    const char *const *words;
    const unsigned char *lens;
} desc_entry;

/* The slot a description's text pointer was last found at: a metric's
 * key results pass the same pointer, whose text is then neither hashed
 * nor compared again. Direct-mapped; emptied when the slots move. */
enum { DESC_SEEN = 1024 };
typedef struct desc_seen {
    const char *text; /* NULL: empty */
    size_t slot;
} desc_seen;

/* The sum of the fixed features (emit_fixed), per combination of what
 * they read: a handful of combinations, each summed once. Replaying it is
 * the same additions from 0 in the same order, so the same bits. */
enum { FIXED_COMBOS = 2 * 2 * 8 * 4 * 8 * 2 };

struct okr_task_cache {
    okr_arena *arena;
    const okr_task_model *model;
    double *fixed_sum;           /* FIXED_COMBOS of them, valid where fixed_known */
    unsigned char *fixed_known;
    desc_entry *slots;
    size_t cap, used;
    desc_seen *seen; /* DESC_SEEN of them */
    word_list *title; /* the words of the title being scored: one list per
                         check, not an allocation per key result */
};

okr_task_cache *okr_task_cache_new(okr_arena *arena, const okr_task_model *model)
{
    okr_task_cache *c = okr_arena_alloc(arena, sizeof *c);
    c->arena = arena;
    c->model = model;
    c->title = okr_arena_alloc(arena, sizeof *c->title);
    c->seen = okr_arena_alloc(arena, DESC_SEEN * sizeof *c->seen);
    c->fixed_sum = okr_arena_alloc(arena, FIXED_COMBOS * sizeof *c->fixed_sum);
    c->fixed_known = okr_arena_alloc(arena, FIXED_COMBOS);
    return c;
}

typedef struct collector {
    const okr_task_model *model;
    double w[3 * MAX_WORDS];
    size_t n;
} collector;

static void collect_weight(const char *prefix, const char *word, uint64_t hash, void *ctx)
{
    (void)prefix;
    (void)word;
    collector *c = ctx;
    const double *w = table_get(c->model, hash);
    if (w && c->n < sizeof c->w / sizeof c->w[0])
        c->w[c->n++] = *w;
}

static void desc_fill(okr_task_cache *c, desc_entry *d, const char *text, uint64_t hash)
{
    struct scratch {
        word_list desc;
        collector col;
    } *s = malloc(sizeof *s);
    if (!s)
        abort();
    words_of(text, &s->desc);
    s->col.model = c->model;
    s->col.n = 0;
    emitter e = {collect_weight, &s->col};
    emit_desc(&e, &s->desc);
    double *weights = okr_arena_alloc(c->arena, (s->col.n + 1) * sizeof *weights);
    memcpy(weights, s->col.w, s->col.n * sizeof *weights);
    const char **words = okr_arena_alloc(c->arena, (s->desc.n + 1) * sizeof *words);
    unsigned char *lens = okr_arena_alloc(c->arena, s->desc.n + 1);
    for (size_t i = 0; i < s->desc.n; i++) {
        words[i] = okr_arena_strndup(c->arena, s->desc.w[i], s->desc.len[i]);
        lens[i] = s->desc.len[i];
    }
    d->text = okr_arena_strdup(c->arena, text);
    d->hash = hash;
    d->weights = weights;
    d->nweights = s->col.n;
    d->words = words;
    d->lens = lens;
    d->nwords = s->desc.n;
    free(s);
}

/* The cached part of a description, made on first sight. */
static const desc_entry *desc_get(okr_task_cache *c, const char *text)
{
    /* Texts live in the arena and never change: one pointer, one text. */
    desc_seen *seen = &c->seen[((uintptr_t)text >> 3) & (DESC_SEEN - 1)];
    if (seen->text == text)
        return &c->slots[seen->slot];
    if ((c->used + 1) * 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        desc_entry *slots = okr_arena_alloc(c->arena, cap * sizeof *slots);
        for (size_t i = 0; i < c->cap; i++) {
            if (!c->slots[i].text)
                continue;
            size_t k = (size_t)c->slots[i].hash & (cap - 1);
            while (slots[k].text)
                k = (k + 1) & (cap - 1);
            slots[k] = c->slots[i];
        }
        c->slots = slots;
        c->cap = cap;
        memset(c->seen, 0, DESC_SEEN * sizeof *c->seen); /* the slots moved */
    }
    uint64_t h = okr_task_feature_hash(text, strlen(text));
    size_t k = (size_t)h & (c->cap - 1);
    for (; c->slots[k].text; k = (k + 1) & (c->cap - 1))
        if (c->slots[k].hash == h && strcmp(c->slots[k].text, text) == 0)
            break;
    if (!c->slots[k].text) {
        desc_fill(c, &c->slots[k], text, h);
        c->used++;
    }
    *seen = (desc_seen){text, k};
    return &c->slots[k];
}

static int desc_has(const void *ctx, const char *w, size_t n)
{
    const desc_entry *d = ctx;
    for (size_t i = 0; i < d->nwords; i++)
        if (d->lens[i] == n && memcmp(d->words[i], w, n) == 0)
            return 1;
    return 0;
}

/* The sum each_feature with add_feature makes, the same additions in the
 * same order, with the description's part from the cache. */
static double cached_sum(okr_task_cache *c, const okr_task_input *in)
{
    scorer s = {c->model, 0, NULL};
    word_list *title = c->title;
    emitter e = {add_feature, &s};
    unsigned combo = (((((unsigned)(in->rule_output != 0) * 2 + (unsigned)(in->rule_means != 0)) * 8 +
                        ((unsigned)in->type & 7)) * 4 + ((unsigned)in->direction & 3)) * 8 +
                      ((unsigned)in->target & 7)) * 2 + (unsigned)(in->from_zero != 0);
    if ((unsigned)in->type > 7 || (unsigned)in->direction > 3 || (unsigned)in->target > 7) {
        emit_fixed(&e, in); /* not a combination the table holds */
    } else if (c->fixed_known[combo]) {
        s.sum = c->fixed_sum[combo];
    } else {
        emit_fixed(&e, in);
        c->fixed_sum[combo] = s.sum;
        c->fixed_known[combo] = 1;
    }
    words_of(in->title, title);
    emit_title(&e, title);
    const desc_entry *d = desc_get(c, in->description ? in->description : "");
    for (size_t i = 0; i < d->nweights; i++)
        s.sum += d->weights[i];
    emit_shared(&e, title, desc_has, d);
    return s.sum;
}

void okr_task_model_score_cached(okr_task_cache *cache, const okr_task_input *in, okr_task_score *out)
{
    memset(out, 0, sizeof *out);
    if (!cache || !cache->model)
        return;
    double sum = cached_sum(cache, in);
    out->probability = 1.0 / (1.0 + exp(-sum));
    out->output = out->probability >= cache->model->threshold;
    if (out->output) {
        scorer r = {cache->model, 0, out};
        each_feature(in, add_feature, &r);
    }
}

void okr_task_model_score(const okr_task_model *model, const okr_task_input *in, okr_task_score *out)
{
    memset(out, 0, sizeof *out);
    if (!model)
        return;
    /* Most key results score below the threshold: sum first, and gather
     * the reasons only for those the model reports. */
    scorer s = {model, 0, NULL};
    each_feature(in, add_feature, &s);
    out->probability = 1.0 / (1.0 + exp(-s.sum));
    out->output = out->probability >= model->threshold;
    if (out->output) {
        scorer r = {model, 0, out};
        each_feature(in, add_feature, &r);
    }
}

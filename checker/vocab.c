/* vocab.c: the activity vocabulary's lists and their loading.
 *
 * The open word lists (activity verbs, deliverables, ...) are data from
 * std/vocabulary.okr and okr.policy; this file holds only the closed-class
 * grammar the matcher needs to read a title the way an OKR coach does:
 * function words, comparators, months, number words, the words of
 * deadlines and means. All of them live in one hash set inside the
 * okr_vocab, keyed by (list, phrase), so every word costs one lookup;
 * every entry also marks, under its first word (L_HEADS), the lists it
 * belongs to, so that the readers ask a list only when it may answer.
 *
 * The readers are vocab_title.c (titles and statements), vocab_work.c (who
 * does the work a key result names) and vocab_metric.c (what a metric
 * measures), on the tokens and phrase lookup of vocab_words.c and the
 * numbers, dates and short readings of vocab_phrases.c; vocab_internal.h is
 * what they share. */
#include "vocab_internal.h"

/* '|' separates entries, so that entries may be phrases. */
static const struct builtin_list {
    int list;
    const char *words;
} builtin_lists[] = {
    {L_FUNC, "the|a|an|our|their|its|his|her|my|your|all|every|each|this|that|these|those|some|any|both|"
             "of|to|for|in|on|at|by|from|with|without|via|through|per|across|into|onto|over|under|above|"
             "below|within|than|and|or|but|nor|as|so|while|after|before|until|till|is|are|was|were|be|"
             "been|being|will|shall|would|should|must|can|could|may|might|has|have|had|do|does|did|who|"
             "which|whose|whom|where|when|not|no|least|most|more|less|fewer|vs|versus|against|between|"
             "among|around|about|it|we|they|them|us|i|you|if|because|using|among|beyond|toward|towards|"
             "&|stays|remains|stay|remain"},
    {L_DET, "the|a|an|our|their|its|all|every|each|this|these|those|some|any|my|your|his|her"},
    {L_AUX, "is|are|was|were|be|been|being|will|shall|would|should|must|can|gets|get|got|goes|go|has|"
            "have|had|fully|successfully|finally|then|also"},
    {L_COMPARATOR, "above|below|under|over|exceed|exceeds|exceeding|at least|at most|more than|less than|"
                   "fewer than|greater than|no more than|no less than|no worse than|beyond|within|up to|"
                   "or better|or higher|or lower|or more|or less|>|<|stays|remains|stay|remain|steady|"
                   "flat|from|to|at"},
    {L_MONTH, "january|february|march|april|may|june|july|august|september|october|november|december|"
              "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"},
    {L_WEEKDAY, "monday|tuesday|wednesday|thursday|friday|saturday|sunday"},
    {L_NUMWORD, "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
                "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                "ninety|hundred|thousand|million|dozen|dozens|hundreds|thousands|millions"},
    {L_STATUS, "live|done|ga|complete|completed|finished|ready|in production|generally available"},
    {L_NOT_ADVERB, "daily|weekly|biweekly|fortnightly|monthly|quarterly|yearly|hourly|early|only|family|"
                   "supply|apply|reply|rely|ally|italy|july|assembly|anomaly|friendly|likely|unlikely|"
                   "fly|belly|bully|jelly|rally|holy|lonely|lovely|costly|timely|elderly|orderly|"
                   "underlying|multiply|comply|imply"},
    {L_PERIOD, "quarter|year|month|week|sprint|cycle|half|day|fiscal year|the quarter|the year|the month|"
               "the week|the sprint|the cycle"},
    {L_RELATIVE, "who|that|which|whose|where"},
    {L_ADMIN, "assigned|signed|filed|tagged|documented|recorded|named|on file|up to date|up-to-date|current|"
              "valid|completed|approved|in place|defined|agreed|written|published|reviewed|attached"},
    {L_MEANS, "by|through|via|with|using|thanks to|after"},
    {L_DEADLINE, "by|before|until|till|no later than|ahead of|on or before|not later than"},
    {L_VERB_FOLLOWER, "the|a|an|our|their|its|all|every|each|this|these|those|to|in|on|for|across|into|"
                      "new|v2|v3|at|by|some|first"},
};

/* ---------------------------------------------------------------- hash set */

/* An open-addressing hash set written here because nothing in our
 * dependency set (libc, jansson, utf8proc, cmocka) offers one that can live
 * in the arena: hsearch(3) is process-global, which would break two
 * compilations in one process and the unit tests. common/strmap.h keys on
 * NUL-terminated strings, which would cost a copy per lookup of a (list,
 * byte range) key, and has no room for the per-word list mask (L_HEADS).
 * Linear probing, power of two capacity, load factor at most 0.5 (most
 * lookups miss, and a miss probes until an empty slot); entries are never
 * removed. */
static void set_grow(okr_vocab *v)
{
    size_t old_cap = v->cap;
    vocab_entry *old = v->slots;
    v->cap = old_cap ? old_cap * 2 : 4096;
    v->slots = okr_arena_alloc(v->arena, v->cap * sizeof *v->slots);
    for (size_t i = 0; i < old_cap; i++) {
        if (!old[i].hash)
            continue;
        size_t j = old[i].hash & (v->cap - 1);
        while (v->slots[j].hash)
            j = (j + 1) & (v->cap - 1);
        v->slots[j] = old[i];
    }
}

/* Lowercases ASCII, turns '-', '_', '/' and runs of whitespace into one space
 * ("roll-out" is "roll out", "A/B tests" is "a b tests"),
 * and the typographic apostrophe into '\''. Returns the length, or 0 when
 * the phrase is empty or too long to be a key; *words gets the word count. */
static size_t normalise_phrase(const char *in, char *out, size_t *words)
{
    size_t n = 0;
    int pending_space = 0;
    *words = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p; p++) {
        unsigned char c = *p;
        if (c == 0xE2 && p[1] == 0x80 && p[2] == 0x99) { /* ’ */
            c = '\'';
            p += 2;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-' || c == '_' || c == '/') {
            pending_space = n > 0;
            continue;
        }
        if (n + 2 >= MAX_KEY)
            return 0;
        if (pending_space) {
            out[n++] = ' ';
            pending_space = 0;
        }
        if (n == 0 || out[n - 1] == ' ')
            (*words)++;
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[n] = '\0';
    return n;
}

/* A shared vocabulary's first own word: its slots and the texts of the
 * words added after the build-time table become its own. The table's
 * texts stay where they are (static data, or the base vocabulary's arena,
 * which outlives it). */
static void unshare(okr_vocab *v)
{
    vocab_entry *own = okr_arena_alloc(v->arena, v->cap * sizeof *own);
    memcpy(own, v->slots, v->cap * sizeof *own);
    v->slots = own;
    if (v->own_cap) {
        char *text = okr_arena_alloc(v->arena, v->own_cap);
        memcpy(text, v->own_text, v->own_len);
        v->own_text = text;
    }
    v->shared = 0;
}

/* Stores a normalised text with its NUL; returns its entry offset. */
static uint32_t text_add(okr_vocab *v, const char *key, size_t n)
{
    if (v->own_len + n + 1 > v->own_cap) {
        uint32_t cap = v->own_cap ? v->own_cap : 4096;
        while (v->own_len + n + 1 > cap)
            cap *= 2;
        /* The old buffer stays in the arena: lemmas already handed out
         * keep pointing at it. */
        char *text = okr_arena_alloc(v->arena, cap);
        if (v->own_len)
            memcpy(text, v->own_text, v->own_len);
        v->own_text = text;
        v->own_cap = cap;
    }
    uint32_t at = v->own_len;
    memcpy(v->own_text + at, key, n);
    v->own_text[at + n] = '\0';
    v->own_len = at + (uint32_t)n + 1;
    return v->base_len + at;
}

static void set_add(okr_vocab *v, int list, const char *phrase)
{
    if (v->shared)
        unshare(v);
    if (v->memo && v->memo->used) {
        v->memo->used = 0; /* new words change which lists a word may start */
        memset(v->memo->slots, 0, v->memo->cap * sizeof *v->memo->slots);
    }
    char key[MAX_KEY];
    size_t words;
    size_t n = normalise_phrase(phrase, key, &words);
    if (n == 0)
        return;
    if (set_find(v, list, key, n))
        return;
    if ((v->used + 1) * 2 > v->cap) /* most lookups miss: keep probes short */
        set_grow(v);
    uint32_t h = hash_key(list, key, n);
    size_t j = h & (v->cap - 1);
    while (v->slots[j].hash)
        j = (j + 1) & (v->cap - 1);
    v->slots[j].text = text_add(v, key, n);
    v->slots[j].hash = h;
    v->slots[j].len = (uint16_t)n;
    v->slots[j].list = (uint8_t)list;
    v->used++;
    v->count[list]++;
    if (words > v->max_words[list])
        v->max_words[list] = (uint8_t)(words > 8 ? 8 : words);
    if (list != L_HEADS) {
        const char *sp = memchr(key, ' ', n);
        size_t hn = sp ? (size_t)(sp - key) : n;
        if (!set_find(v, L_HEADS, key, hn)) {
            char first[MAX_KEY];
            memcpy(first, key, hn);
            first[hn] = '\0';
            set_add(v, L_HEADS, first);
        }
        /* The set is ours: the entry found is writable. */
        uint64_t bits = (uint64_t)1 << list;
        if (words >= 2)
            bits |= (uint64_t)1 << (HEADS_PHRASE + list);
        ((vocab_entry *)set_find(v, L_HEADS, key, hn))->heads |= bits;
    }
}

/* ---------------------------------------------------------------- public: lists */

static const char *const list_names[OKR_VOCAB_LIST_COUNT] = {
    "activity_verb",  "activity_verb_form", "deliverable_noun", "activity_count_noun", "adverb",
    "outcome_verb",   "people_noun",        "measure_noun",     "measure_end_noun",    "shared_verb",
    "abstract_noun",  "staff_noun",         "staff_verb",       "process_noun",        "asset_noun",
    "aim_word",
};

okr_vocab *okr_vocab_new(okr_arena *arena)
{
    okr_vocab *v = okr_arena_alloc(arena, sizeof *v);
    v->arena = arena;
    v->memo = okr_arena_alloc(arena, sizeof *v->memo);
    set_grow(v);
    for (size_t i = 0; i < sizeof builtin_lists / sizeof builtin_lists[0]; i++) {
        const char *s = builtin_lists[i].words;
        while (*s) {
            const char *bar = strchr(s, '|');
            size_t len = bar ? (size_t)(bar - s) : strlen(s);
            char word[MAX_KEY];
            if (len > 0 && len < MAX_KEY) {
                memcpy(word, s, len);
                word[len] = '\0';
                set_add(v, builtin_lists[i].list, word);
            }
            s += len + (bar ? 1 : 0);
        }
    }
    return v;
}

okr_vocab *okr_vocab_share(const okr_vocab *base, okr_arena *arena)
{
    okr_vocab *v = okr_arena_alloc(arena, sizeof *v);
    *v = *base;
    v->arena = arena;
    v->memo = okr_arena_alloc(arena, sizeof *v->memo);
    v->shared = 1;
    return v;
}

int okr_vocab_list_lookup(const char *name, okr_vocab_list *out)
{
    for (int i = 0; i < OKR_VOCAB_LIST_COUNT; i++) {
        if (name && strcmp(name, list_names[i]) == 0) {
            *out = (okr_vocab_list)i;
            return 1;
        }
    }
    return 0;
}

const char *okr_vocab_list_name(okr_vocab_list list)
{
    return (unsigned)list < OKR_VOCAB_LIST_COUNT ? list_names[list] : "?";
}

void okr_vocab_add(okr_vocab *vocab, okr_vocab_list list, const char *phrase)
{
    if (vocab && phrase && (unsigned)list < OKR_VOCAB_LIST_COUNT)
        set_add(vocab, (int)list, phrase);
}

size_t okr_vocab_size(const okr_vocab *vocab, okr_vocab_list list)
{
    return vocab && (unsigned)list < OKR_VOCAB_LIST_COUNT ? vocab->count[list] : 0;
}

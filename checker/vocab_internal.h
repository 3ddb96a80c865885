/* vocab_internal.h: what the pieces of the vocabulary matcher share.
 *
 * Private to checker/vocab*.c; vocab.h is the public face. The matcher is
 * one reading of a text split over files by concern:
 *   vocab.c          the lists (open ones from std/vocabulary.okr and
 *                    okr.policy, closed-class grammar built in) and their
 *                    hash set;
 *   vocab_words.c    tokens, inflection, phrase lookup in the lists;
 *   vocab_phrases.c  numbers, dates, deadlines, counts, and the few-word
 *                    readings every reader asks (people, a measure ahead);
 *   vocab_title.c    titles and statements, by their listed words;
 *   vocab_work.c     who does the work a key-result title names;
 *   vocab_metric.c   what a metric's description or name measures.
 * The one-line token tests below are inline because every word of every
 * title costs several of them; what they call (set_find, in_list) is on the
 * same hot path. Functions shared between files are named vocab_<verb>. */
#ifndef OKR_VOCAB_INTERNAL_H
#define OKR_VOCAB_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "vocab.h"

/* The closed-class lists, stored in the same hash set after the public
 * ones. They are grammar, not vocabulary, so repositories do not extend
 * them. */
enum {
    L_FUNC = OKR_VOCAB_LIST_COUNT, /* words that end a noun phrase */
    L_DET,                         /* determiners a noun phrase may start with */
    L_AUX,                         /* "is", "will be": skipped before a participle */
    L_COMPARATOR,                  /* "above", "at least": a target follows */
    L_MONTH,
    L_WEEKDAY,
    L_NUMWORD,
    L_STATUS,                      /* "live", "done": "SSO live by Q3" */
    L_NOT_ADVERB,                  /* "-ly" words that are not adverbs */
    L_PERIOD,                      /* "quarter": "end of the quarter" */
    L_RELATIVE,                    /* "who", "that" */
    L_MEANS,                       /* "by", "through": the means clause */
    L_DEADLINE,                    /* "by", "before": a date follows */
    L_VERB_FOLLOWER,               /* what follows a finite verb: "ships to", "launches the" */
    L_ADMIN,                       /* "assigned", "on file": what a team files or checks */
    L_HEADS,                       /* first word of any entry -> the lists it starts (heads) */
    L_TOTAL
};

/* A heads mask has a bit per list (bit `list`): an entry of the list
 * starts with the word; and a bit per list at HEADS_PHRASE + list: an
 * entry of two or more words does, so a single word's questions skip the
 * phrase lookups (a key and ten inflections per phrase length). */
enum { HEADS_PHRASE = 32 };
_Static_assert((int)L_TOTAL <= (int)HEADS_PHRASE, "a heads mask holds two bits per list in 64");

/* The closed lists that are data (std/vocabulary.okr), under the names the
 * matcher's grammar uses for them. */
#define L_MEASURE OKR_VOCAB_MEASURE_NOUN
#define L_MEASURE_END OKR_VOCAB_MEASURE_END_NOUN
#define L_ACTOR OKR_VOCAB_PEOPLE_NOUN
#define L_SHARED_VERB OKR_VOCAB_SHARED_VERB
#define L_ABSTRACT OKR_VOCAB_ABSTRACT_NOUN

enum { MAX_KEY = 128, MAX_WORD = 48, MAX_TOKENS = 160, TEXT_BUF = 2400, MAX_CANDS = 10 };

/* An entry's text is an offset, not a pointer, so that the build-time
 * table (vocab_table below) is plain data: a table of pointers would cost
 * one dynamic relocation per entry, and a written page per 170 entries, on
 * every start of okrc. */
typedef struct vocab_entry {
    uint64_t heads; /* L_HEADS entries only: the lists with an entry starting here (HEADS_PHRASE) */
    uint32_t hash;
    uint32_t text;  /* the normalised text (lowercase, words separated by one space,
                       NUL-terminated): vocab_entry_text */
    uint16_t len;
    uint8_t list;
} vocab_entry;

/* Which lists each word may start an entry of, remembered per distinct
 * word: computing it costs about twenty lookups (every inflection
 * candidate), and the words of key results repeat across a repository.
 * The memo is a cache behind a const vocabulary: it changes no answer, and
 * adding a word to any list empties it. */
typedef struct heads_memo_slot {
    const char *word; /* NULL: empty */
    uint32_t hash;
    uint16_t len;
    uint64_t heads;
} heads_memo_slot;

typedef struct heads_memo {
    heads_memo_slot *slots;
    size_t cap, used;
} heads_memo;

struct okr_vocab {
    okr_arena *arena;
    vocab_entry *slots;
    size_t cap, used;
    size_t count[L_TOTAL];
    uint8_t max_words[L_TOTAL]; /* longest phrase per list, in words */
    heads_memo *memo;
    int shared; /* slots belong to the vocabulary this one shares (okr_vocab_share)
                   or to the build-time table (okr_vocab_std): copied into our arena
                   before the first word is added */
    /* Entry texts: offsets below base_len are in base_text (the build-time
     * table's, never written), the rest in own_text at offset - base_len
     * (words added at run time; copied with the slots when unshared). */
    const char *base_text;
    uint32_t base_len;
    char *own_text;
    uint32_t own_len, own_cap;
};

/* The standard vocabulary, built at build time (tools/gen_vocab.c writes
 * build/gen/vocab_table.c): the closed lists above and std/vocabulary.okr,
 * as the hash set okr_vocab_new and okr_vocab_add would have made, texts
 * in one NUL-separated string. okr_vocab_std shares it copy-on-write. */
typedef struct vocab_table {
    const vocab_entry *slots;
    size_t cap, used;
    const char *text;
    uint32_t text_len;
    size_t count[L_TOTAL];
    uint8_t max_words[L_TOTAL];
} vocab_table;

extern const vocab_table okr_vocab_std_table;

static inline const char *vocab_entry_text(const okr_vocab *v, const vocab_entry *e)
{
    return e->text < v->base_len ? v->base_text + e->text : v->own_text + (e->text - v->base_len);
}

/* The hash set of entries (vocab.c): lookups are here, inline, because
 * they are the matcher's inner loop. */
static inline uint32_t hash_key(int list, const char *s, size_t n)
{
    uint32_t h = 2166136261u ^ (uint32_t)list * 16777619u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    /* FNV's low bits cluster on short keys; mix them before masking. */
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    return h ? h : 1; /* 0 marks an empty slot */
}

static inline const vocab_entry *set_find(const okr_vocab *v, int list, const char *s, size_t n)
{
    if (!v->cap || n == 0 || n >= MAX_KEY)
        return NULL;
    uint32_t h = hash_key(list, s, n);
    size_t mask = v->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const vocab_entry *e = &v->slots[i];
        if (!e->hash)
            return NULL;
        if (e->hash == h && e->list == list && e->len == n && memcmp(vocab_entry_text(v, e), s, n) == 0)
            return e;
    }
}

/* What separates a token from the one before it. */
enum {
    GAP_START,  /* first token */
    GAP_SPACE,  /* whitespace, quotes, '+', '%': the same phrase goes on */
    GAP_HYPHEN, /* "roll-out", "run-rate", "2026-09-30" */
    GAP_SLASH,  /* "9/15" */
    GAP_DOT,    /* "99.95", "v2.0" */
    GAP_COMMA,  /* "1,000" */
    GAP_BREAK,  /* ", " ": " "(" " - " ";" "—": a new phrase starts */
};

enum { T_DIGIT = 1, T_DIGITS = 2, T_PCT = 4, T_UNIT = 8 };

typedef struct tok {
    uint32_t start, end; /* bytes of the original text */
    uint16_t off, len;   /* the lowercase form in toks.buf */
    uint8_t gap;
    uint8_t flags;
    uint64_t heads;      /* lists that may have an entry starting here */
} tok;

typedef struct toks {
    tok t[MAX_TOKENS];
    size_t n;
    char buf[TEXT_BUF];
    size_t used;
} toks;

static inline const char *word(const toks *ts, size_t i)
{
    return ts->buf + ts->t[i].off;
}

static inline int word_is(const toks *ts, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i < ts->n && ts->t[i].len == n && memcmp(word(ts, i), w, n) == 0;
}

static inline int ends_with(const char *w, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && memcmp(w + n - m, suffix, m) == 0;
}

/* Whether token i is in a closed or open list, as written. */
static inline int in_list(const okr_vocab *v, int list, const toks *ts, size_t i)
{
    return i < ts->n && (ts->t[i].heads & ((uint64_t)1 << list)) &&
           set_find(v, list, word(ts, i), ts->t[i].len) != NULL;
}

/* The end (exclusive) of the hyphenated group starting at i: "time-to-value". */
static inline size_t unit_end(const toks *ts, size_t i)
{
    size_t j = i + 1;
    while (j < ts->n && ts->t[j].gap == GAP_HYPHEN)
        j++;
    return j;
}

static inline int is_break(const toks *ts, size_t i)
{
    return i >= ts->n || ts->t[i].gap == GAP_BREAK;
}

enum { K_BASE = 1, K_S = 2, K_ED = 4, K_ING = 8, K_FORM = 16 };

typedef struct hit {
    const char *lemma;
    size_t first, words; /* tokens [first, first + words) */
    int kind;
} hit;

enum { INFLECT_NONE, INFLECT_VERB, INFLECT_NOUN };

/* ---------------------------------------------------------------- words (vocab_words.c) */

/* Splits text into lowercase tokens and finds, once per token, the lists
 * an entry may start at it. A text longer than MAX_TOKENS words is read by
 * its start. */
void vocab_tokenize(const okr_vocab *v, const char *text, toks *ts);
/* The longest entry of `list` starting at token i, its first word inflected
 * (INFLECT_VERB) or its last (INFLECT_NOUN). */
int vocab_match_list_at(const okr_vocab *v, int list, const toks *ts, size_t i, int mode, hit *h);
/* Most questions are answered no by the token's heads mask: that test is
 * inline, so that a no costs no call (the lookup keeps large buffers on
 * its stack). */
static inline int vocab_match_list(const okr_vocab *v, int list, const toks *ts, size_t i, int mode, hit *h)
{
    if (i >= ts->n || !(ts->t[i].heads & ((uint64_t)1 << list)))
        return 0;
    return vocab_match_list_at(v, list, ts, i, mode, h);
}
/* An activity verb at i: a regular form of activity_verb, or a form listed
 * in activity_verb_form (K_FORM). */
int vocab_match_activity(const okr_vocab *v, const toks *ts, size_t i, hit *h);
int vocab_match_outcome(const okr_vocab *v, const toks *ts, size_t i, hit *h);
int vocab_match_deliverable(const okr_vocab *v, const toks *ts, size_t i, hit *h);
int vocab_match_count_noun(const okr_vocab *v, const toks *ts, size_t i, hit *h);
/* A closed-list phrase at i ("at least"); its length in words, 0 if none. */
size_t vocab_closed_phrase(const okr_vocab *v, int list, const toks *ts, size_t i);

static inline int is_participle(int kind)
{
    return (kind & (K_ED | K_FORM)) != 0;
}

static inline okr_match make_match(const toks *ts, size_t first, size_t words, const char *lemma)
{
    okr_match m;
    m.start = ts->t[first].start;
    m.len = ts->t[first + words - 1].end - ts->t[first].start;
    m.lemma = lemma;
    return m;
}

static inline int is_number_word(const okr_vocab *v, const toks *ts, size_t i)
{
    return in_list(v, L_NUMWORD, ts, i);
}

static inline int is_func(const okr_vocab *v, const toks *ts, size_t i)
{
    return in_list(v, L_FUNC, ts, i);
}

static inline int is_measure(const okr_vocab *v, const toks *ts, size_t i)
{
    hit h;
    return vocab_match_list(v, L_MEASURE, ts, i, INFLECT_NONE, &h);
}

/* ---------------------------------------------------------------- phrases (vocab_phrases.c) */

/* "q3", "h2" */
int vocab_is_quarter(const toks *ts, size_t i);
/* A deadline at i ("by Q3", "September 15", "in August" when `activity`);
 * *end gets the token after it. */
int vocab_deadline_at(const okr_vocab *v, const toks *ts, size_t i, int activity, size_t *end);
/* A plain count at i (not a percentage, decimal, year or quantity with a
 * unit); *end gets the token after it. */
int vocab_count_number(const okr_vocab *v, const toks *ts, size_t i, size_t *end);
/* People at i: a people_noun, or the team's staff negated ("non-maintainers"). */
int vocab_people_at(const okr_vocab *v, const toks *ts, size_t i);
/* "per new user", "by customers" within four words of i: the token after
 * the people, 0 when there are none. */
size_t vocab_people_after(const okr_vocab *v, const toks *ts, size_t i);
/* A target, an outcome verb or a comparator at i. */
int vocab_target_follows(const okr_vocab *v, const toks *ts, size_t i);
/* A comparator or an outcome verb anywhere from i on (from, to and at are
 * too common as plain prepositions to count). */
int vocab_comparator_later(const okr_vocab *v, const toks *ts, size_t i);
/* The words from j on name a measure with its target ("time under 10
 * minutes", "success rate"). */
int vocab_measure_follows(const okr_vocab *v, const toks *ts, size_t j);

/* ---------------------------------------------------------------- readers */

/* vocab_title.c: the facts of a tokenised title or statement, the parts
 * asked for (OKR_FACTS_*, vocab.h); OKR_FACTS_WORK adds who does the work
 * (vocab_read_work). */
void vocab_analyze_toks(const okr_vocab *v, const toks *ts, okr_title_facts *facts, unsigned parts);
/* vocab_work.c: the facts that say who does the work, read from p (the
 * first word after the leading fillers); `aim` adds aim and people. */
void vocab_read_work(const okr_vocab *v, const toks *ts, size_t p, okr_title_facts *facts, int aim);

#endif

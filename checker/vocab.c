/* vocab.c: the activity vocabulary and the matcher behind the task-style rules.
 *
 * The open word lists (activity verbs, deliverables, ...) are data from
 * std/vocabulary.okr and okr.policy; this file holds only the closed-class
 * grammar the matcher needs to read a title the way an OKR coach does:
 * function words, comparators, the nouns that name a measure ("rate",
 * "churn") and the nouns that name the people whose behaviour a key result
 * is about ("users", "accounts"). All of them live in one hash set inside
 * the okr_vocab, keyed by (list, phrase), so every word costs one lookup.
 *
 * A title is split into lowercase words (non-ASCII bytes are word bytes, so
 * UTF-8 titles pass through; the lists are English and ASCII-only case
 * folding is enough). Then, in one left-to-right reading:
 *  - leading fillers are skipped: the adverb list, an unlisted "-ly" adverb
 *    directly before an activity verb, a label such as "Q3:" or "KR2:", and
 *    a leading deadline ("By Q3, ship ...");
 *  - an outcome verb there sets leading_outcome and rules out an activity;
 *  - an activity verb there (any regular inflection or listed irregular
 *    form) sets leading_activity, unless the words after it read as a
 *    measure ("Build time under 10 minutes", "Deploy success rate",
 *    "Run-rate revenue", "Hold churn below 2%") or the verb is a participle
 *    used as an adjective before a subject and an outcome ("Launched
 *    features reach 30% adoption");
 *  - otherwise the title is read as a subject and its verb: a subject
 *    ending in a deliverable ("SSO rollout to all tenants", "Beta launch of
 *    X"), or a subject with an activity participle ("New onboarding flow
 *    shipped by Q3") is an activity; a subject of people with an active verb
 *    ("Customers complete onboarding") is user behaviour, an outcome;
 *    The subject's outcome verb sets leading_outcome too ("Weekly active
 *    teams double"): it is the same reading as "Double weekly active teams";
 *  - after an outcome, "by/through/via/with/using" + an activity word is the
 *    means ("Double weekly active teams by launching sharing");
 *  - a count is output when it follows an activity verb ("Hire 3
 *    engineers") or counts activity nouns ("10 user interviews"), unless
 *    people are counted doing it ("Teams using 3 features");
 *  - a deadline is a deadline word and a date ("by Q3", "before
 *    2026-09-30"), a full date alone ("September 15"), or "in August" when
 *    the title is an activity.
 * A metric counts output when it counts activity nouns ("Number of blog
 * posts") or names what an activity verb produced ("Features launched",
 * "interviews_conducted"), unless it is a measure (a rate, a share, a time:
 * "Deploy success rate", "Deployment frequency") or people are its subject:
 * "Users who completed onboarding", "Tutorials completed per new user" and
 * "Integrations added by customers" are what users do. Verbs users do as
 * often as teams (complete, create, add, run, build, write, ...) count
 * output only with an output noun ("Features added", "Migrations
 * completed"): "Projects created per week" is engagement.
 * Everything is linear in the length of the title with a small constant:
 * a token's possible lists are found once (compute_heads), and every rule
 * looks a bounded number of words ahead. Titles are analysed up to
 * MAX_TOKENS words, which no real key result reaches; a longer text is
 * judged by its start. */
#include "vocab.h"

#include <stdint.h>
#include <string.h>

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

/* The closed lists that are data (std/vocabulary.okr), under the names the
 * matcher's grammar uses for them. */
#define L_MEASURE OKR_VOCAB_MEASURE_NOUN
#define L_MEASURE_END OKR_VOCAB_MEASURE_END_NOUN
#define L_ACTOR OKR_VOCAB_PEOPLE_NOUN
#define L_SHARED_VERB OKR_VOCAB_SHARED_VERB
#define L_ABSTRACT OKR_VOCAB_ABSTRACT_NOUN

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

enum { MAX_KEY = 128, MAX_WORD = 48, MAX_TOKENS = 160, TEXT_BUF = 2400, MAX_CANDS = 10 };

typedef struct vocab_entry {
    const char *text; /* normalised: lowercase, words separated by one space */
    uint32_t hash;
    uint16_t len;
    uint8_t list;
    uint64_t heads; /* L_HEADS entries only: bit per list with an entry starting here */
} vocab_entry;

/* An open-addressing hash set written here because nothing in our
 * dependency set (libc, jansson, utf8proc, cmocka) offers one that can live
 * in the arena: hsearch(3) is process-global, which would break two
 * compilations in one process and the unit tests. common/strmap.h keys on
 * NUL-terminated strings, which would cost a copy per lookup of a (list,
 * byte range) key, and has no room for the per-word list mask (L_HEADS).
 * Linear probing, power of two capacity, load factor at most 0.5 (most
 * lookups miss, and a miss probes until an empty slot); entries are never
 * removed. */
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
};

/* ---------------------------------------------------------------- hash set */

static uint32_t hash_key(int list, const char *s, size_t n)
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

static const vocab_entry *set_find(const okr_vocab *v, int list, const char *s, size_t n)
{
    if (!v->cap || n == 0 || n >= MAX_KEY)
        return NULL;
    uint32_t h = hash_key(list, s, n);
    size_t mask = v->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const vocab_entry *e = &v->slots[i];
        if (!e->hash)
            return NULL;
        if (e->hash == h && e->list == list && e->len == n && memcmp(e->text, s, n) == 0)
            return e;
    }
}

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

static void set_add(okr_vocab *v, int list, const char *phrase)
{
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
    v->slots[j].text = okr_arena_strndup(v->arena, key, n);
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
        ((vocab_entry *)set_find(v, L_HEADS, key, hn))->heads |= (uint64_t)1 << list;
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

/* ---------------------------------------------------------------- tokens */

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

static int is_word_byte(const unsigned char *p)
{
    unsigned char c = *p;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    if (c < 0x80)
        return 0;
    /* Typographic punctuation is punctuation, not letters: dashes, quotes,
     * non-breaking space, comparison signs. */
    if (c == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94 || p[2] == 0x98 || p[2] == 0x9C ||
                                      p[2] == 0x9D || p[2] == 0xA6))
        return 0;
    if (c == 0xE2 && p[1] == 0x89 && (p[2] == 0xA4 || p[2] == 0xA5))
        return 0;
    if (c == 0xC2 && p[1] == 0xA0)
        return 0;
    if (c == 0xE2 && p[1] == 0x80 && p[2] == 0x99) /* ’ counts as an apostrophe */
        return 2;
    return 1;
}

/* Length of the punctuation sequence starting at p (1 for ASCII, 2-3 for
 * the UTF-8 sequences is_word_byte refused). */
static size_t punct_len(const unsigned char *p)
{
    if (*p == 0xE2 && p[1] && p[2])
        return 3;
    if (*p == 0xC2 && p[1])
        return 2;
    return 1;
}

static uint8_t classify_gap(const unsigned char *s, size_t n, int first)
{
    if (first)
        return GAP_START;
    size_t spaces = 0, puncts = 0;
    unsigned char only = 0;
    int brk = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t l = c < 0x80 ? 1 : punct_len(s + i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || (c == 0xC2 && l == 2)) {
            spaces++;
        } else if (c == '"' || c == '\'' || c == '+' || c == '%' || c == '#' || c == '$' || c == '*' ||
                   c == '_' || c == '~' || c == '>' || c == '<' || c == '=' || c == '&' ||
                   (c == 0xE2 && s[i + 1] == 0x80 && (s[i + 2] == 0x98 || s[i + 2] == 0x99 ||
                                                       s[i + 2] == 0x9C || s[i + 2] == 0x9D)) ||
                   (c == 0xE2 && s[i + 1] == 0x89)) {
            /* quotes, signs and units: transparent */
        } else {
            puncts++;
            only = c;
            if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '[' || c == ']' ||
                c == '!' || c == '?' || c == 0xE2 || c == '|')
                brk = 1;
        }
        i += l;
    }
    if (puncts == 0)
        return GAP_SPACE;
    if (puncts == 1 && spaces == 0) {
        switch (only) {
        case '-': return GAP_HYPHEN;
        case '/': return GAP_SLASH;
        case '.': return GAP_DOT;
        case ',': return GAP_COMMA;
        default: break;
        }
    }
    /* ". " after an abbreviation ("Sept. 15") goes on; titles are one
     * sentence. */
    if (brk || spaces == 0 || only == '-' || only == '/')
        return GAP_BREAK;
    return GAP_SPACE;
}

static void compute_heads(const okr_vocab *v, toks *ts);

static void tokenize(const okr_vocab *v, const char *text, toks *ts)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, prev_end = 0;
    ts->n = 0;
    ts->used = 0;
    while (s[i] && ts->n < MAX_TOKENS) {
        int wb = is_word_byte(s + i);
        if (!wb || wb == 2 || s[i] == '\'') {
            i += s[i] < 0x80 ? 1 : punct_len(s + i);
            continue;
        }
        size_t start = i;
        size_t off = ts->used;
        size_t len = 0;
        int overflow = 0;
        /* A word runs over letters, digits, non-ASCII letters and inner
         * apostrophes ("we'll", "customer's"). */
        while (s[i]) {
            int b = is_word_byte(s + i);
            if (b == 1) {
                unsigned char c = s[i];
                if (off + len + 1 < TEXT_BUF && len < 255)
                    ts->buf[off + len++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
                else
                    overflow = 1;
                i++;
                continue;
            }
            size_t al = (b == 2) ? 3 : (s[i] == '\'' ? 1 : 0);
            if (al && is_word_byte(s + i + al) == 1) {
                if (off + len + 1 < TEXT_BUF && len < 255)
                    ts->buf[off + len++] = '\'';
                i += al;
                continue;
            }
            break;
        }
        if (overflow)
            break;
        /* Possessives match like the bare noun: "customer's" -> "customer". */
        if (len > 2 && ts->buf[off + len - 2] == '\'' && ts->buf[off + len - 1] == 's')
            len -= 2;
        tok *t = &ts->t[ts->n];
        t->start = (uint32_t)start;
        t->end = (uint32_t)i;
        t->off = (uint16_t)off;
        t->len = (uint16_t)len;
        t->gap = classify_gap(s + prev_end, start - prev_end, ts->n == 0);
        t->flags = 0;
        if (ts->buf[off] >= '0' && ts->buf[off] <= '9') {
            size_t k = 0;
            t->flags |= T_DIGIT;
            while (k < len && ts->buf[off + k] >= '0' && ts->buf[off + k] <= '9')
                k++;
            if (k == len)
                t->flags |= T_DIGITS;
            else
                t->flags |= T_UNIT; /* "45min", "10x", "3rd" */
        }
        if (s[i] == '%' || (s[i] == 'p' && s[i + 1] == 'p'))
            t->flags |= T_PCT;
        ts->used = off + len;
        ts->n++;
        prev_end = i;
    }
    compute_heads(v, ts);
}

static const char *word(const toks *ts, size_t i)
{
    return ts->buf + ts->t[i].off;
}

static int word_is(const toks *ts, size_t i, const char *w)
{
    size_t n = strlen(w);
    return i < ts->n && ts->t[i].len == n && memcmp(word(ts, i), w, n) == 0;
}

static int ends_with(const char *w, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && memcmp(w + n - m, suffix, m) == 0;
}

/* Whether token i is in a closed or open list, as written. */
static int in_list(const okr_vocab *v, int list, const toks *ts, size_t i)
{
    return i < ts->n && (ts->t[i].heads & ((uint64_t)1 << list)) && set_find(v, list, word(ts, i), ts->t[i].len) != NULL;
}

/* The end (exclusive) of the hyphenated group starting at i: "time-to-value". */
static size_t unit_end(const toks *ts, size_t i)
{
    size_t j = i + 1;
    while (j < ts->n && ts->t[j].gap == GAP_HYPHEN)
        j++;
    return j;
}

static int is_break(const toks *ts, size_t i)
{
    return i >= ts->n || ts->t[i].gap == GAP_BREAK;
}

/* ---------------------------------------------------------------- inflection */

enum { K_BASE = 1, K_S = 2, K_ED = 4, K_ING = 8, K_FORM = 16 };

typedef struct cand {
    char s[MAX_WORD + 4];
    size_t n;
    int kind;
} cand;

static size_t push_cand(cand *c, size_t nc, const char *w, size_t n, const char *suffix, int kind)
{
    size_t sl = strlen(suffix);
    if (nc >= MAX_CANDS || n < 1 || n + sl > MAX_WORD)
        return nc;
    memcpy(c[nc].s, w, n);
    memcpy(c[nc].s + n, suffix, sl);
    c[nc].n = n + sl;
    c[nc].s[c[nc].n] = '\0';
    c[nc].kind = kind;
    return nc + 1;
}

static int is_consonant(char ch)
{
    return ch >= 'a' && ch <= 'z' && !strchr("aeiouy", ch);
}

/* Lemma candidates of a verb form. Only candidates found in a list count,
 * so a wrong candidate costs a failed lookup, never a false match: "need"
 * yields "ne", which no list holds; "address" ends in "ss" and keeps its
 * "s", so it never becomes "add". */
static size_t verb_candidates(const char *w, size_t n, cand *c)
{
    size_t nc = push_cand(c, 0, w, n, "", K_BASE);
    if (n > MAX_WORD)
        return nc;
    if (n >= 4 && ends_with(w, n, "ies"))
        nc = push_cand(c, nc, w, n - 3, "y", K_S);
    if (n >= 4 && ends_with(w, n, "es"))
        nc = push_cand(c, nc, w, n - 2, "", K_S);
    if (n >= 3 && w[n - 1] == 's' && !ends_with(w, n, "ss") && !ends_with(w, n, "us") && !ends_with(w, n, "is"))
        nc = push_cand(c, nc, w, n - 1, "", K_S);
    if (n >= 4 && ends_with(w, n, "ied"))
        nc = push_cand(c, nc, w, n - 3, "y", K_ED);
    if (n >= 4 && ends_with(w, n, "ed")) {
        nc = push_cand(c, nc, w, n - 2, "", K_ED); /* launched */
        nc = push_cand(c, nc, w, n - 1, "", K_ED); /* released */
        if (n >= 6 && w[n - 3] == w[n - 4] && is_consonant(w[n - 3]))
            nc = push_cand(c, nc, w, n - 3, "", K_ED); /* shipped */
    }
    if (n >= 5 && ends_with(w, n, "ing")) {
        nc = push_cand(c, nc, w, n - 3, "", K_ING);  /* launching */
        nc = push_cand(c, nc, w, n - 3, "e", K_ING); /* releasing */
        if (n >= 7 && w[n - 4] == w[n - 5] && is_consonant(w[n - 4]))
            nc = push_cand(c, nc, w, n - 4, "", K_ING); /* shipping */
    }
    return nc;
}

/* Singular and plural candidates of a noun: the lists hold "interviews"
 * and "migration"; titles say "interview" and "migrations". K_S marks a
 * plural token. */
static size_t noun_candidates(const char *w, size_t n, cand *c)
{
    int plural = n >= 3 && w[n - 1] == 's' && !ends_with(w, n, "ss");
    size_t nc = push_cand(c, 0, w, n, "", plural ? K_S : K_BASE);
    if (n > MAX_WORD)
        return nc;
    if (plural) {
        nc = push_cand(c, nc, w, n - 1, "", K_S);
        if (ends_with(w, n, "es"))
            nc = push_cand(c, nc, w, n - 2, "", K_S);
        if (ends_with(w, n, "ies"))
            nc = push_cand(c, nc, w, n - 3, "y", K_S);
    } else {
        nc = push_cand(c, nc, w, n, "s", K_BASE);
        nc = push_cand(c, nc, w, n, "es", K_BASE);
        if (n >= 3 && w[n - 1] == 'y' && is_consonant(w[n - 2]))
            nc = push_cand(c, nc, w, n - 1, "ies", K_BASE);
    }
    return nc;
}

/* Which lists may have an entry starting at each token: one lookup per
 * inflection candidate, so that the many "is this an activity verb here?"
 * questions a title raises cost a bit test when the answer is no. A token
 * that starts a hyphenated group may start a joined entry ("roll-out" ->
 * "rollout"), so it may start anything. */
static uint64_t word_heads(const okr_vocab *v, const char *w, size_t n)
{
    cand c[2 * MAX_CANDS];
    size_t nc = verb_candidates(w, n, c);
    nc += noun_candidates(w, n, c + nc);
    uint64_t heads = 0;
    for (size_t k = 0; k < nc; k++) {
        const vocab_entry *e = set_find(v, L_HEADS, c[k].s, c[k].n);
        if (e)
            heads |= e->heads;
    }
    return heads;
}

static uint64_t memo_heads(const okr_vocab *v, const char *w, size_t n)
{
    heads_memo *m = v->memo;
    if (!m || n > MAX_WORD)
        return word_heads(v, w, n);
    if ((m->used + 1) * 2 > m->cap) {
        /* Grow by rehashing into a table twice the size. */
        size_t cap = m->cap ? m->cap * 2 : 1024;
        heads_memo_slot *slots = okr_arena_alloc(v->arena, cap * sizeof *slots);
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->slots[i].word)
                continue;
            size_t k = m->slots[i].hash & (cap - 1);
            while (slots[k].word)
                k = (k + 1) & (cap - 1);
            slots[k] = m->slots[i];
        }
        m->slots = slots;
        m->cap = cap;
    }
    uint32_t h = hash_key(L_TOTAL, w, n);
    size_t k = h & (m->cap - 1);
    for (; m->slots[k].word; k = (k + 1) & (m->cap - 1))
        if (m->slots[k].hash == h && m->slots[k].len == n && memcmp(m->slots[k].word, w, n) == 0)
            return m->slots[k].heads;
    heads_memo_slot *slot = &m->slots[k];
    slot->word = okr_arena_strndup(v->arena, w, n);
    slot->hash = h;
    slot->len = (uint16_t)n;
    slot->heads = word_heads(v, w, n);
    m->used++;
    return slot->heads;
}

static void compute_heads(const okr_vocab *v, toks *ts)
{
    for (size_t i = 0; i < ts->n; i++) {
        tok *t = &ts->t[i];
        if (i + 1 < ts->n && ts->t[i + 1].gap == GAP_HYPHEN) {
            t->heads = ~(uint64_t)0;
            continue;
        }
        t->heads = memo_heads(v, word(ts, i), t->len);
    }
}

/* ---------------------------------------------------------------- phrase matching */

typedef struct hit {
    const char *lemma;
    size_t first, words; /* tokens [first, first + words) */
    int kind;
} hit;

enum { INFLECT_NONE, INFLECT_VERB, INFLECT_NOUN };

/* Joins tokens [i, i + k) with `sep` into key, replacing token `which` by
 * `repl`. Returns the length, 0 when it does not fit. */
static size_t build_key(char *key, const toks *ts, size_t i, size_t k, const char *sep, size_t which,
                        const char *repl, size_t repl_len)
{
    size_t n = 0, sl = strlen(sep);
    for (size_t j = i; j < i + k; j++) {
        const char *w = j == which ? repl : word(ts, j);
        size_t wl = j == which ? repl_len : ts->t[j].len;
        if (n + wl + sl + 1 >= MAX_KEY)
            return 0;
        if (j > i) {
            memcpy(key + n, sep, sl);
            n += sl;
        }
        memcpy(key + n, w, wl);
        n += wl;
    }
    key[n] = '\0';
    return n;
}

/* Looks up the k-word phrase at i in `list`, inflecting its first word
 * (verbs: "rolled out") or its last word (nouns: "blog post"). With
 * `joined`, the words are concatenated instead ("roll-out" -> "rollout"). */
static int lookup_phrase(const okr_vocab *v, int list, const toks *ts, size_t i, size_t k, int mode, int joined,
                         hit *h)
{
    char key[MAX_KEY];
    const char *sep = joined ? "" : " ";
    if (mode == INFLECT_NONE) {
        size_t n = build_key(key, ts, i, k, sep, (size_t)-1, NULL, 0);
        const vocab_entry *e = set_find(v, list, key, n);
        if (!e)
            return 0;
        h->lemma = e->text;
        h->first = i;
        h->words = k;
        h->kind = K_BASE;
        return 1;
    }
    /* Inflect the first (verb) or last (noun) word. For a joined group,
     * build the whole concatenation and inflect that. */
    char whole[MAX_KEY];
    const char *w;
    size_t wn, which;
    if (joined) {
        wn = build_key(whole, ts, i, k, "", (size_t)-1, NULL, 0);
        if (!wn)
            return 0;
        w = whole;
        which = (size_t)-1;
    } else {
        which = mode == INFLECT_VERB ? i : i + k - 1;
        w = word(ts, which);
        wn = ts->t[which].len;
    }
    cand c[MAX_CANDS];
    size_t nc = mode == INFLECT_VERB ? verb_candidates(w, wn, c) : noun_candidates(w, wn, c);
    int found = 0;
    for (size_t ci = 0; ci < nc; ci++) {
        size_t n = joined ? (memcpy(key, c[ci].s, c[ci].n + 1), c[ci].n)
                          : build_key(key, ts, i, k, " ", which, c[ci].s, c[ci].n);
        const vocab_entry *e = set_find(v, list, key, n);
        if (!e)
            continue;
        if (!found) {
            h->lemma = e->text;
            h->first = i;
            h->words = k;
            h->kind = 0;
        }
        found = 1;
        h->kind |= c[ci].kind;
    }
    return found;
}

/* The longest entry of `list` starting at token i. Words of a phrase must
 * be consecutive (a comma or a dash ends it). */
static int match_list(const okr_vocab *v, int list, const toks *ts, size_t i, int mode, hit *h)
{
    if (i >= ts->n || !(ts->t[i].heads & ((uint64_t)1 << list)))
        return 0;
    size_t maxk = v->max_words[list];
    /* Hyphenated groups first: "roll-out" may be listed as "rollout". */
    size_t ue = unit_end(ts, i);
    for (size_t k = ue - i; k >= 2; k--)
        if (lookup_phrase(v, list, ts, i, k, mode, 1, h))
            return 1;
    for (size_t k = maxk; k >= 1; k--) {
        if (i + k > ts->n)
            continue;
        int ok = 1;
        for (size_t j = i + 1; j < i + k; j++)
            if (ts->t[j].gap != GAP_SPACE && ts->t[j].gap != GAP_HYPHEN && ts->t[j].gap != GAP_SLASH)
                ok = 0;
        if (ok && lookup_phrase(v, list, ts, i, k, mode, 0, h))
            return 1;
    }
    return 0;
}

/* An activity verb at i: a regular form of activity_verb, or an irregular
 * form listed in activity_verb_form (K_FORM). */
static int match_activity(const okr_vocab *v, const toks *ts, size_t i, hit *h)
{
    hit a, b;
    int ha = match_list(v, OKR_VOCAB_ACTIVITY_VERB, ts, i, INFLECT_VERB, &a);
    int hb = match_list(v, OKR_VOCAB_ACTIVITY_VERB_FORM, ts, i, INFLECT_NONE, &b);
    if (hb)
        b.kind = K_FORM;
    if (ha && hb && a.words == b.words) {
        a.kind |= K_FORM; /* "set", "run": base and participle alike */
        *h = a;
        return 1;
    }
    if (ha && (!hb || a.words > b.words)) {
        *h = a;
        return 1;
    }
    if (hb) {
        *h = b;
        return 1;
    }
    return 0;
}

static int match_outcome(const okr_vocab *v, const toks *ts, size_t i, hit *h)
{
    /* "sign-ups", "cut-over": the first half of a compound is no verb. */
    if (!match_list(v, OKR_VOCAB_OUTCOME_VERB, ts, i, INFLECT_VERB, h))
        return 0;
    return !(i + h->words < ts->n && ts->t[i + h->words].gap == GAP_HYPHEN);
}

static int match_deliverable(const okr_vocab *v, const toks *ts, size_t i, hit *h)
{
    return match_list(v, OKR_VOCAB_DELIVERABLE_NOUN, ts, i, INFLECT_NOUN, h);
}

static int match_count_noun(const okr_vocab *v, const toks *ts, size_t i, hit *h)
{
    return match_list(v, OKR_VOCAB_ACTIVITY_COUNT_NOUN, ts, i, INFLECT_NOUN, h);
}

/* A closed-list phrase at i ("at least", "no later than"); returns its
 * length in words, 0 if none. */
static size_t closed_phrase(const okr_vocab *v, int list, const toks *ts, size_t i)
{
    hit h;
    return match_list(v, list, ts, i, INFLECT_NONE, &h) ? h.words : 0;
}

static int is_participle(int kind)
{
    return (kind & (K_ED | K_FORM)) != 0;
}

static okr_match make_match(const toks *ts, size_t first, size_t words, const char *lemma)
{
    okr_match m;
    m.start = ts->t[first].start;
    m.len = ts->t[first + words - 1].end - ts->t[first].start;
    m.lemma = lemma;
    return m;
}

/* ---------------------------------------------------------------- numbers and dates */

static int is_number_word(const okr_vocab *v, const toks *ts, size_t i)
{
    return in_list(v, L_NUMWORD, ts, i);
}

static int is_day_number(const toks *ts, size_t i)
{
    if (i >= ts->n || !(ts->t[i].flags & T_DIGIT) || (ts->t[i].flags & T_PCT))
        return 0;
    const char *w = word(ts, i);
    size_t n = ts->t[i].len, d = 0;
    int val = 0;
    while (d < n && w[d] >= '0' && w[d] <= '9' && d < 3)
        val = val * 10 + (w[d++] - '0');
    if (d == 0 || d > 2 || val < 1 || val > 31)
        return 0;
    return d == n || (n - d == 2 && (!memcmp(w + d, "st", 2) || !memcmp(w + d, "nd", 2) ||
                                     !memcmp(w + d, "rd", 2) || !memcmp(w + d, "th", 2)));
}

static int is_year(const toks *ts, size_t i)
{
    if (i >= ts->n || ts->t[i].len != 4 || !(ts->t[i].flags & T_DIGITS))
        return 0;
    const char *w = word(ts, i);
    return (w[0] == '1' && w[1] == '9') || (w[0] == '2' && w[1] == '0');
}

/* "q3", "h2" */
static int is_quarter(const toks *ts, size_t i)
{
    if (i >= ts->n || ts->t[i].len != 2)
        return 0;
    const char *w = word(ts, i);
    return (w[0] == 'q' && w[1] >= '1' && w[1] <= '4') || (w[0] == 'h' && (w[1] == '1' || w[1] == '2'));
}

/* A date expression at i; *end gets the token after it. `strong` is set
 * when it is a date without any preposition ("September 15", "2026-09-30",
 * "end of Q3", "EOQ"); a bare month or quarter needs a deadline word. */
static int date_at(const okr_vocab *v, const toks *ts, size_t i, size_t *end, int *strong)
{
    *strong = 0;
    if (i >= ts->n)
        return 0;
    /* ISO date 2026-09-30 and quarter 2026-Q3 */
    if (is_year(ts, i) && i + 1 < ts->n && ts->t[i + 1].gap == GAP_HYPHEN) {
        if (i + 2 < ts->n && (ts->t[i + 1].flags & T_DIGITS) && ts->t[i + 2].gap == GAP_HYPHEN &&
            (ts->t[i + 2].flags & T_DIGITS)) {
            *end = i + 3;
            *strong = 1;
            return 1;
        }
        if (is_quarter(ts, i + 1)) {
            *end = i + 2;
            return 1;
        }
    }
    /* 9/15, 15/09/2026 */
    if ((ts->t[i].flags & T_DIGITS) && i + 1 < ts->n && ts->t[i + 1].gap == GAP_SLASH &&
        (ts->t[i + 1].flags & T_DIGITS) && ts->t[i].len <= 2 && ts->t[i + 1].len <= 2) {
        size_t e = i + 2;
        if (e < ts->n && ts->t[e].gap == GAP_SLASH && (ts->t[e].flags & T_DIGITS))
            e++;
        *end = e;
        return 1;
    }
    /* 15 September, 15th of September */
    if (is_day_number(ts, i)) {
        size_t j = i + 1;
        if (word_is(ts, j, "of"))
            j++;
        if (in_list(v, L_MONTH, ts, j) && !is_break(ts, j)) {
            *end = j + 1;
            if (is_year(ts, *end))
                (*end)++;
            *strong = 1;
            return 1;
        }
        return 0;
    }
    if (in_list(v, L_MONTH, ts, i)) {
        size_t j = i + 1;
        if (j < ts->n && ts->t[j].gap != GAP_BREAK && is_day_number(ts, j)) {
            *end = j + 1;
            if (is_year(ts, *end))
                (*end)++;
            *strong = 1;
            return 1;
        }
        *end = j;
        if (is_year(ts, j) && ts->t[j].gap != GAP_BREAK)
            (*end)++;
        return 1;
    }
    if (is_quarter(ts, i)) {
        *end = i + 1;
        if (is_year(ts, i + 1) && ts->t[i + 1].gap != GAP_BREAK)
            (*end)++;
        return 1;
    }
    if (word_is(ts, i, "eoq") || word_is(ts, i, "eoy") || word_is(ts, i, "eom") || word_is(ts, i, "eow")) {
        *end = i + 1;
        *strong = 1;
        return 1;
    }
    /* (the) end of (the) quarter / Q3 / September / year */
    size_t j = i;
    if (word_is(ts, j, "the"))
        j++;
    if (word_is(ts, j, "end") || word_is(ts, j, "close")) {
        j++;
        if (!word_is(ts, j, "of"))
            return 0;
        j++;
        size_t pl = closed_phrase(v, L_PERIOD, ts, j);
        if (pl) {
            *end = j + pl;
            *strong = 1;
            return 1;
        }
        if (word_is(ts, j, "the"))
            j++;
        size_t e;
        int s2;
        if (is_quarter(ts, j) || in_list(v, L_MONTH, ts, j)) {
            if (date_at(v, ts, j, &e, &s2)) {
                *end = e;
                *strong = 1;
                return 1;
            }
        }
        if (is_year(ts, j)) {
            *end = j + 1;
            *strong = 1;
            return 1;
        }
    }
    return 0;
}

/* A deadline starting at i: a deadline word and a date, a strong date, or
 * "in <month|quarter>" when the title is an activity. */
static int deadline_at(const okr_vocab *v, const toks *ts, size_t i, int activity, size_t *end)
{
    size_t e;
    int strong;
    size_t dl = closed_phrase(v, L_DEADLINE, ts, i);
    if (dl) {
        size_t j = i + dl;
        if (date_at(v, ts, j, &e, &strong)) {
            *end = e;
            return 1;
        }
        if (in_list(v, L_WEEKDAY, ts, j)) {
            *end = j + 1;
            return 1;
        }
        if ((word_is(ts, j, "week") || word_is(ts, j, "sprint")) && j + 1 < ts->n &&
            (ts->t[j + 1].flags & T_DIGITS)) {
            *end = j + 2; /* "by week 6" */
            return 1;
        }
        return 0;
    }
    if ((word_is(ts, i, "in") || word_is(ts, i, "on") || word_is(ts, i, "during")) && activity &&
        date_at(v, ts, i + 1, &e, &strong)) {
        *end = e;
        return 1;
    }
    if (date_at(v, ts, i, &e, &strong) && strong) {
        /* "May" alone is a modal; a strong date already has a day. */
        *end = e;
        return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- title analysis */

static int is_func(const okr_vocab *v, const toks *ts, size_t i)
{
    return in_list(v, L_FUNC, ts, i);
}

static int is_measure(const okr_vocab *v, const toks *ts, size_t i)
{
    hit h;
    return match_list(v, L_MEASURE, ts, i, INFLECT_NONE, &h);
}

/* "... per new user", "... by customers", "... among trial accounts":
 * the verb before is what people do, so its count is an outcome
 * ("Tutorials completed per new user", "Integrations added by customers").
 * Returns the token after the people, 0 when there are none. */
/* People at i: a people_noun, or the team's own staff negated ("non-
 * maintainers", "non-employees"), who are people outside the team. */
static int people_at(const okr_vocab *v, const toks *ts, size_t i)
{
    hit h;
    if (i >= ts->n)
        return 0;
    if (in_list(v, L_ACTOR, ts, i))
        return 1;
    return i > 0 && ts->t[i].gap == GAP_HYPHEN && word_is(ts, i - 1, "non") &&
           match_list(v, OKR_VOCAB_STAFF_NOUN, ts, i, INFLECT_NOUN, &h);
}

static size_t people_after(const okr_vocab *v, const toks *ts, size_t i)
{
    size_t stop = i + 4 < ts->n ? i + 4 : ts->n;
    for (; i < stop; i++) {
        if (ts->t[i].gap == GAP_BREAK)
            return 0;
        if (word_is(ts, i, "per") || word_is(ts, i, "by") || word_is(ts, i, "among") || word_is(ts, i, "from")) {
            size_t j = i + 1;
            while (j < ts->n && j < i + 4 && !people_at(v, ts, j) && (!is_func(v, ts, j) || in_list(v, L_DET, ts, j)))
                j++;
            return people_at(v, ts, j) ? j + 1 : 0; /* just after the people */
        }
    }
    return 0;
}

/* Whether a target, an outcome verb or a comparator comes at i: the words
 * before it were the name of a measure, not an object. */
static int target_follows(const okr_vocab *v, const toks *ts, size_t i)
{
    hit h;
    if (i >= ts->n)
        return 0;
    if (closed_phrase(v, L_COMPARATOR, ts, i) || match_outcome(v, ts, i, &h))
        return 1;
    if ((ts->t[i].flags & T_DIGIT) || word_is(ts, i, "is") || word_is(ts, i, "are") || word_is(ts, i, "per") ||
        word_is(ts, i, "as") || word_is(ts, i, "vs") || word_is(ts, i, "versus") || word_is(ts, i, "relative"))
        return 1; /* "Shipping cost as a share of order value" */
    return 0;
}

static int comparator_later(const okr_vocab *v, const toks *ts, size_t i)
{
    hit h;
    for (; i < ts->n; i++) {
        if (word_is(ts, i, "from") || word_is(ts, i, "to") || word_is(ts, i, "at"))
            continue; /* too common as plain prepositions */
        if (closed_phrase(v, L_COMPARATOR, ts, i) || match_outcome(v, ts, i, &h))
            return 1;
    }
    return 0;
}

/* After an activity word at the start: do the next words name a measure
 * ("Build time under 10 minutes", "Deploy success rate", "Hold churn below
 * 2%", "Run rate revenue grows")? Up to four words without a determiner or
 * number; the measure must be followed by a target, an outcome verb or a
 * comparator, or end the title when it is unmistakably a measure
 * ("rate", "time", "latency"). "Build rate limiting" and "Fix critical
 * bugs" are activities: the measure noun does not end the phrase. */
static int measure_follows(const okr_vocab *v, const toks *ts, size_t j)
{
    for (int units = 0; j < ts->n && units < 4; units++) {
        if (ts->t[j].gap == GAP_BREAK)
            return 0;
        size_t ue = unit_end(ts, j);
        if (ue == j + 1 && (is_func(v, ts, j) || (ts->t[j].flags & T_DIGIT) || is_number_word(v, ts, j)))
            return 0;
        size_t last = ue - 1;
        hit mh;
        if (match_list(v, L_MEASURE, ts, last, INFLECT_NONE, &mh) && mh.words == 1) {
            size_t k = ue;
            if (k >= ts->n || ts->t[k].gap == GAP_BREAK)
                return in_list(v, L_MEASURE_END, ts, last);
            if (target_follows(v, ts, k))
                return 1;
            /* "Build minutes consumed per engineer" */
            if (in_list(v, L_MEASURE_END, ts, last) && ts->t[k].len > 4 &&
                ends_with(word(ts, k), ts->t[k].len, "ed"))
                return 1;
            /* "Release cadence of the mobile apps", "Ship rate of approved
             * changes reaches 90%"; a weak measure needs the target later
             * ("Fix bugs in checkout" is work). */
            if ((word_is(ts, k, "of") || word_is(ts, k, "for") || word_is(ts, k, "in") ||
                 word_is(ts, k, "across") || word_is(ts, k, "on")) &&
                (in_list(v, L_MEASURE_END, ts, last) || comparator_later(v, ts, k)))
                return 1;
        } else if (match_list(v, L_MEASURE, ts, j, INFLECT_NONE, &mh) && mh.words > 1 && j + mh.words == ue) {
            /* "lead time" */
            size_t k = ue;
            if (k >= ts->n || ts->t[k].gap == GAP_BREAK || target_follows(v, ts, k))
                return 1;
        }
        j = ue;
    }
    return 0;
}

/* After a participle or gerund at the start: is it an adjective on the
 * subject of an outcome ("Launched features reach 30% adoption", "Hosting
 * costs below $40k a month")? It is when, before any determiner or
 * preposition, an outcome verb or a comparator comes. "Shipping the new
 * flow" and "Launched sharing to all teams" are activities. */
static int adjective_use(const okr_vocab *v, const toks *ts, size_t j)
{
    hit h;
    for (int units = 0; j < ts->n && units < 4; units++) {
        if (ts->t[j].gap == GAP_BREAK)
            return 0;
        if (units > 0 && (match_outcome(v, ts, j, &h) || closed_phrase(v, L_COMPARATOR, ts, j)))
            return !word_is(ts, j, "to") && !word_is(ts, j, "at") && !word_is(ts, j, "from");
        size_t ue = unit_end(ts, j);
        /* "Published job postings that receive 10+ applicants", "Written
         * answers accepted by the asker": the participle describes a
         * subject that does or undergoes something else. */
        if (units > 0 && in_list(v, L_RELATIVE, ts, j))
            return 1;
        if (units > 0 && ue == j + 1 && ts->t[j].len > 4 && ends_with(word(ts, j), ts->t[j].len, "ed") &&
            ts->t[j - 1].len > 2 && word(ts, j - 1)[ts->t[j - 1].len - 1] == 's' && !match_activity(v, ts, j, &h))
            return 1;
        /* "Published listings per active seller": what people do. */
        if (units > 0 && people_after(v, ts, j) && (word_is(ts, j, "per") || word_is(ts, j, "by") ||
                                                     word_is(ts, j, "among")))
            return 1;
        /* "Published listings per week grow 15%": a rate, not an object. */
        if (units > 0 && word_is(ts, j, "per") && ue == j + 1 && j + 1 < ts->n && !is_func(v, ts, j + 1)) {
            j = unit_end(ts, j + 1);
            continue;
        }
        /* "Published docs pages answer 80% of search queries": a subject,
         * a verb and a share; "Migrated 80% of services" is work. */
        if (units >= 2 && (ts->t[j].flags & T_PCT))
            return 1;
        if (ue == j + 1 && (is_func(v, ts, j) || (ts->t[j].flags & T_DIGIT) || is_number_word(v, ts, j)))
            return 0;
        j = ue;
    }
    return 0;
}

/* "Upgrade path: 60% of legacy customers on the new plan", "Update
 * adoption: 90% of devices": a short label, a colon and a share. The
 * label names a measure, the title is its target. */
static int label_then_share(const toks *ts, size_t j)
{
    for (int units = 0; j < ts->n && units < 4; units++) {
        if (units > 0 && ts->t[j].gap == GAP_BREAK)
            return (ts->t[j].flags & T_PCT) || (j + 1 < ts->n && (ts->t[j].flags & T_DIGIT) &&
                                                 ts->t[j + 1].gap == GAP_DOT && (ts->t[j + 1].flags & T_PCT));
        if (ts->t[j].gap == GAP_BREAK)
            return 0;
        j = unit_end(ts, j);
    }
    return 0;
}

/* What usually follows a finite activity verb with an object: "ships to",
 * "launches the", "releases v2". A plural noun ("Weekly deploys above 20")
 * is followed by a comparator or nothing. */
static int verb_follower(const okr_vocab *v, const toks *ts, size_t i)
{
    if (i >= ts->n || ts->t[i].gap == GAP_BREAK)
        return 0;
    return in_list(v, L_VERB_FOLLOWER, ts, i) || ((ts->t[i].flags & T_DIGITS) && !(ts->t[i].flags & T_PCT));
}

/* "by launching sharing", "through a checkout redesign", "via the new
 * integration", scanned after an outcome at `from`. */
static void find_means(const okr_vocab *v, const toks *ts, size_t from, okr_title_facts *f)
{
    hit h;
    for (size_t i = from; i < ts->n; i++) {
        size_t ml = closed_phrase(v, L_MEANS, ts, i);
        if (!ml)
            continue;
        size_t e;
        if (deadline_at(v, ts, i, 0, &e))
            continue;
        size_t r = i + ml;
        for (int units = 0; r < ts->n && units < 4; units++) {
            if (ts->t[r].gap == GAP_BREAK || (ts->t[r].flags & T_DIGIT) || is_number_word(v, ts, r))
                break;
            if (match_activity(v, ts, r, &h) && (h.kind & (K_ING | K_ED | K_FORM)) &&
                !measure_follows(v, ts, r + h.words)) {
                f->means_activity = make_match(ts, r, h.words, h.lemma);
                return;
            }
            if (match_deliverable(v, ts, r, &h) && !is_measure(v, ts, r)) {
                f->means_activity = make_match(ts, r, h.words, h.lemma);
                return;
            }
            if (is_func(v, ts, r) && !in_list(v, L_DET, ts, r))
                break;
            r = unit_end(ts, r);
        }
    }
}

/* Leading fillers: listed adverbs ("successfully", "we will"), an unlisted
 * "-ly" adverb right before an activity verb ("Quietly ship"), labels
 * ("Q3:", "KR2:", "1."), and a leading deadline ("By Q3, launch X"). A word
 * joined to the next by a hyphen is never skipped ("First-week retention"). */
static size_t skip_lead(const okr_vocab *v, const toks *ts)
{
    size_t p = 0;
    hit h;
    for (int guard = 0; p < ts->n && guard < 16; guard++) {
        if (p + 1 < ts->n && ts->t[p + 1].gap == GAP_HYPHEN)
            break;
        size_t al = closed_phrase(v, OKR_VOCAB_ADVERB, ts, p);
        if (al) {
            p += al;
            continue;
        }
        const char *w = word(ts, p);
        size_t n = ts->t[p].len;
        if (n >= 5 && ends_with(w, n, "ly") && !in_list(v, L_NOT_ADVERB, ts, p) &&
            match_activity(v, ts, p + 1, &h)) {
            p++;
            continue;
        }
        /* Labels: "Q3:", "KR2:", "1)", "KR 2:" */
        size_t q = p;
        if (word_is(ts, q, "kr") && q + 1 < ts->n && (ts->t[q + 1].flags & T_DIGITS))
            q++;
        if (q + 1 < ts->n && ts->t[q + 1].gap == GAP_BREAK &&
            (is_quarter(ts, q) || (ts->t[q].flags & T_DIGITS) ||
             (n >= 3 && w[0] == 'k' && w[1] == 'r' && w[2] >= '0' && w[2] <= '9'))) {
            p = q + 1;
            continue;
        }
        size_t e;
        if (deadline_at(v, ts, p, 1, &e) && e < ts->n) {
            p = e;
            continue;
        }
        break;
    }
    return p;
}

/* The title read as subject + verb ("New onboarding flow shipped by Q3",
 * "SSO rollout to all tenants", "Customers adopt sharing"). */
static void read_subject(const okr_vocab *v, const toks *ts, size_t p, okr_title_facts *f)
{
    hit h;
    size_t q = p;
    while (q < ts->n && in_list(v, L_DET, ts, q) && unit_end(ts, q) == q + 1)
        q++;
    size_t first = q, last_end = q;
    int units = 0, ended = 0, user_verb = 0;
    while (q < ts->n && units < 6) {
        if (units > 0 && ts->t[q].gap == GAP_BREAK) {
            ended = 1;
            break;
        }
        size_t ue = unit_end(ts, q);
        int single = ue == q + 1;
        if (units > 0) {
            if (match_outcome(v, ts, q, &h)) {
                f->leading_outcome = make_match(ts, q, h.words, h.lemma);
                hit d;
                if (match_deliverable(v, ts, last_end - 1, &d) && !is_measure(v, ts, last_end - 1))
                    f->means_activity = make_match(ts, last_end - 1, 1, d.lemma);
                else
                    find_means(v, ts, q + h.words, f);
                return;
            }
            /* The verb of the subject, after "is", "will be", "has been". */
            size_t r = q;
            /* "goes live" is a verb phrase of its own, not "goes" + "live". */
            if (!match_activity(v, ts, q, &h))
                while (r < ts->n && r < q + 3 && in_list(v, L_AUX, ts, r) && ts->t[r].gap != GAP_BREAK)
                    r++;
            int aux = r > q;
            if (r < ts->n && ts->t[r].gap != GAP_BREAK && match_activity(v, ts, r, &h) &&
                (r + h.words >= ts->n || ts->t[r + h.words].gap != GAP_HYPHEN)) {
                size_t after = r + h.words;
                int accepted = is_participle(h.kind) ||
                               ((h.kind & K_S) && verb_follower(v, ts, after)) ||
                               (aux && (h.kind & (K_BASE | K_ING)));
                if (accepted && !(is_participle(h.kind) && !aux && measure_follows(v, ts, after))) {
                    size_t head = last_end - 1;
                    int actor = in_list(v, L_ACTOR, ts, head);
                    /* "Orders shipped on time", "Tickets resolved within
                     * SLA": what happens to a measured thing. */
                    int measured = is_measure(v, ts, head);
                    size_t e;
                    int dated = 0;
                    for (size_t k = after; k < ts->n && !dated; k++)
                        dated = deadline_at(v, ts, k, 1, &e);
                    /* "Customers complete onboarding", "Users completed
                     * setup": people doing things are the outcome. A
                     * participle right after them with no object is
                     * passive ("Customers migrated to v2"): the team's work. */
                    int passive = is_participle(h.kind) &&
                                  (after >= ts->n || ts->t[after].gap == GAP_BREAK ||
                                   (is_func(v, ts, after) && !in_list(v, L_DET, ts, after)) || dated);
                    hit cn;
                    size_t people_end = people_after(v, ts, after);
                    int user = (actor && !passive) || people_end || measured;
                    if (!user && (in_list(v, L_SHARED_VERB, ts, r) ||
                                  set_find(v, L_SHARED_VERB, h.lemma, strlen(h.lemma)))) {
                        int output_noun = match_deliverable(v, ts, head, &cn) || match_count_noun(v, ts, head, &cn);
                        user = !output_noun && !dated;
                    }
                    if (!user) {
                        f->leading_activity = make_match(ts, r, h.words, h.lemma);
                        return;
                    }
                    /* What people do is part of the subject: read on for
                     * its verb ("Projects created per week grow 30%"). */
                    user_verb = 1;
                    last_end = people_end ? people_end : after;
                    units++;
                    q = last_end;
                    continue;
                }
            }
            /* "SSO live by Q3", "Billing migration complete" */
            if (in_list(v, L_STATUS, ts, q) || closed_phrase(v, L_STATUS, ts, q)) {
                hit d;
                size_t sl = closed_phrase(v, L_STATUS, ts, q);
                size_t e;
                size_t nx = q + (sl ? sl : 1);
                if (match_deliverable(v, ts, last_end - 1, &d) &&
                    (nx >= ts->n || ts->t[nx].gap == GAP_BREAK || deadline_at(v, ts, nx, 1, &e) ||
                     is_func(v, ts, nx))) {
                    f->leading_activity = make_match(ts, last_end - 1, 1, d.lemma);
                    return;
                }
            }
        }
        /* "Support tickets per active account fall 20%": a rate is one
         * subject. */
        if (units > 0 && single && word_is(ts, q, "per") && q + 1 < ts->n && !is_func(v, ts, q + 1) &&
            ts->t[q + 1].gap != GAP_BREAK) {
            q = unit_end(ts, q + 1);
            continue;
        }
        if (single && is_func(v, ts, q)) {
            ended = 1;
            break;
        }
        if (single && (ts->t[q].flags & T_PCT))
            return; /* "35% of new accounts ..." names a measure */
        last_end = ue;
        units++;
        q = ue;
    }
    if (q >= ts->n)
        ended = 1;
    if (!ended || units == 0 || user_verb)
        return;
    /* The subject ends in a deliverable and no verb followed: "SSO rollout
     * to all tenants", "Beta launch of the editor", "Migration of billing". A
     * measure that is also a deliverable ("Onboarding completion") counts
     * only at the very start ("Completion of the migration"). */
    size_t head = last_end - 1;
    hit d;
    if (match_deliverable(v, ts, head, &d) && d.words == 1 && !(is_measure(v, ts, head) && units > 1) &&
        !(q < ts->n && target_follows(v, ts, q) && !word_is(ts, q, "to"))) {
        f->leading_activity = make_match(ts, head, 1, d.lemma);
        return;
    }
    /* A deliverable phrase starting the subject: "Beta launch" is listed
     * whole, or "Rollout" leads. */
    if (match_deliverable(v, ts, first, &d) && first + d.words == last_end && !is_measure(v, ts, first) &&
        !(q < ts->n && target_follows(v, ts, q) && !word_is(ts, q, "to"))) {
        f->leading_activity = make_match(ts, first, d.words, d.lemma);
    }
}

/* The number at i is a plain count: not a percentage, a decimal, a year,
 * or a quantity with a unit ("45min", "10x"). Sets *end past it. */
static int count_number(const okr_vocab *v, const toks *ts, size_t i, size_t *end)
{
    if (i >= ts->n)
        return 0;
    if (word_is(ts, i, "a") && word_is(ts, i + 1, "dozen")) {
        *end = i + 2;
        return 1;
    }
    if (is_number_word(v, ts, i)) {
        size_t j = i + 1;
        while (j < ts->n && is_number_word(v, ts, j) && ts->t[j].gap != GAP_BREAK)
            j++;
        *end = j;
        return 1;
    }
    if (!(ts->t[i].flags & T_DIGITS) || (ts->t[i].flags & T_PCT))
        return 0;
    size_t j = i + 1;
    while (j < ts->n && ts->t[j].gap == GAP_COMMA && (ts->t[j].flags & T_DIGITS) && ts->t[j].len == 3)
        j++;
    if (j < ts->n && ts->t[j].gap == GAP_DOT && (ts->t[j].flags & T_DIGIT))
        return 0; /* 99.95 */
    if (j == i + 1 && is_year(ts, i))
        return 0;
    if (ts->t[j - 1].flags & T_PCT)
        return 0;
    if (j < ts->n && (ts->t[j].gap == GAP_HYPHEN || ts->t[j].gap == GAP_SLASH))
        return 0; /* "Day-7", "9/15" */
    if (i > 0 && (ts->t[i].gap == GAP_HYPHEN || ts->t[i].gap == GAP_SLASH))
        return 0;
    *end = j;
    return 1;
}

/* The noun phrase after a count: up to three words, stopping at function
 * words and breaks. Returns its end; *count_noun says whether its head is
 * an activity count noun ("user interviews", "blog posts"). */
static size_t counted_phrase(const okr_vocab *v, const toks *ts, size_t j, int *count_noun, const char **lemma)
{
    hit h;
    size_t end = j;
    *count_noun = 0;
    for (int units = 0; j < ts->n && units < 3; units++) {
        if (ts->t[j].gap == GAP_BREAK || (ts->t[j].flags & T_DIGIT))
            break;
        if (match_count_noun(v, ts, j, &h)) { /* before the function words: "A/B tests" */
            *count_noun = 1;
            *lemma = h.lemma;
            return j + h.words;
        }
        if (is_func(v, ts, j))
            break;
        j = unit_end(ts, j);
        end = j;
    }
    return end;
}

/* "Conduct 10 user interviews", "Launch three onboarding improvements",
 * "Hire 3 engineers", "10 customer interviews by end of Q3". A count right
 * after an activity verb counts output whatever it counts; elsewhere only a
 * count of activity nouns does, and not when people are counted doing it
 * ("Teams attending 2 webinars", "accounts using 3 features"). */
static void find_count(const okr_vocab *v, const toks *ts, size_t lead, okr_title_facts *f)
{
    hit h;
    for (size_t i = 0; i < ts->n; i++) {
        size_t ne;
        if (!count_number(v, ts, i, &ne))
            continue;
        int cn;
        const char *lemma = NULL;
        size_t pe = counted_phrase(v, ts, ne, &cn, &lemma);
        /* The verb before the number, past "at least", "another", "up to". */
        size_t b = i;
        while (b > 0 && b > i - (i < 3 ? i : 3) &&
               (word_is(ts, b - 1, "least") || word_is(ts, b - 1, "at") || word_is(ts, b - 1, "another") ||
                word_is(ts, b - 1, "up") || word_is(ts, b - 1, "to") || word_is(ts, b - 1, "over") ||
                word_is(ts, b - 1, "than") || word_is(ts, b - 1, "more") || word_is(ts, b - 1, "a") ||
                word_is(ts, b - 1, "the") || word_is(ts, b - 1, "our")) &&
               ts->t[b].gap != GAP_BREAK)
            b--;
        int after_verb = 0;
        if (b > 0 && ts->t[b].gap != GAP_BREAK) {
            /* phrases end right before the number: try every start */
            for (size_t s = b > 3 ? b - 3 : 0; s < b && !after_verb; s++)
                if (match_activity(v, ts, s, &h) && s + h.words == b)
                    after_verb = 1;
        }
        /* People counted doing it: "Teams that completed 3 tutorials". */
        int people = 0;
        for (size_t k = i > 5 ? i - 5 : 0; k < i; k++)
            if (in_list(v, L_ACTOR, ts, k) &&
                !(f->leading_activity.len && ts->t[k].start == f->leading_activity.start)) /* "Host 3 ..." */
                people = 1;
        if (people && i > lead)
            continue;
        if (after_verb && pe > ne) {
            f->count_of_activity = make_match(ts, i, pe - i, lemma ? lemma : h.lemma);
            return;
        }
        if (!cn)
            continue;
        f->count_of_activity = make_match(ts, i, pe - i, lemma);
        return;
    }
}

/* ---------------------------------------------------------------- the shape of a title */

static int in_plist(const okr_vocab *v, okr_vocab_list list, const toks *ts, size_t i, int mode, hit *h)
{
    return match_list(v, (int)list, ts, i, mode, h);
}

/* Words that stand before a number without being verbs: "Top 3 markets",
 * "Level 3 maturity", "Tier 1 accounts". */
static int number_modifier(const toks *ts, size_t i)
{
    static const char *const words[] = {"top", "first", "last", "next", "nearly", "almost", "approximately",
                                        "roughly", "around", "about", "only", "just", "level", "tier", "phase",
                                        "step", "version", "series", "round", "grade", "day", "week", "month",
                                        "year", "wave", "cohort", "stage", "band", "key", "kr", "q", "h", "p",
                                        "quarter", "sprint", "week"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (word_is(ts, i, words[k]))
            return 1;
    return 0;
}

/* Particles of phrasal verbs: "Stand up", "Kick off", "Bring ... on board". */
static size_t particle_at(const toks *ts, size_t i)
{
    if (i >= ts->n || ts->t[i].gap == GAP_BREAK)
        return 0;
    if ((word_is(ts, i, "in") && word_is(ts, i + 1, "place")) || (word_is(ts, i, "on") && word_is(ts, i + 1, "board")))
        return 2;
    if (word_is(ts, i, "up") || word_is(ts, i, "out") || word_is(ts, i, "off") || word_is(ts, i, "down") ||
        word_is(ts, i, "together") || word_is(ts, i, "through"))
        return 1;
    return 0;
}

/* A word that names a thing or a quality the title is about, so it cannot
 * be the title's verb: people, measures, the team's staff and estate, aims. */
static int known_noun(const okr_vocab *v, const toks *ts, size_t i)
{
    hit h;
    return in_list(v, L_ACTOR, ts, i) || is_measure(v, ts, i) ||
           in_plist(v, OKR_VOCAB_STAFF_NOUN, ts, i, INFLECT_NOUN, &h) ||
           in_plist(v, OKR_VOCAB_ASSET_NOUN, ts, i, INFLECT_NOUN, &h) ||
           in_plist(v, OKR_VOCAB_AIM_WORD, ts, i, INFLECT_NONE, &h) || in_list(v, L_ABSTRACT, ts, i) ||
           match_deliverable(v, ts, i, &h) || match_count_noun(v, ts, i, &h) || in_list(v, L_MONTH, ts, i) ||
           in_list(v, L_NUMWORD, ts, i) || number_modifier(ts, i);
}

/* Whether the word at p is a verb by the shape of the title, though no
 * list names it: real titles lead with any verb for work ("Distil",
 * "Catalogue", "Negotiate", "Survey"), and the verbs that introduce
 * outcomes are few and listed. A word is read as a verb when its object
 * follows it directly: a determiner or possessive ("Distil the findings",
 * "Catalogue every API"), a plain count ("Survey 300 accounts"), a
 * particle ("Stand up a board"), or when it has a verb's suffix (-ize,
 * -ise, -ify, -ate) and no measure follows ("Automate invoice matching"). */
static int structural_verb(const okr_vocab *v, const toks *ts, size_t p)
{
    hit h;
    if (p + 1 >= ts->n || ts->t[p + 1].gap == GAP_BREAK || ts->t[p + 1].gap == GAP_HYPHEN ||
        ts->t[p + 1].gap == GAP_SLASH)
        return 0;
    /* A listed activity verb the rules above did not take ("Create a habit
     * of weekly planning") is not taken by its shape either. */
    if ((ts->t[p].flags & T_DIGIT) || ts->t[p].len < 3 || is_func(v, ts, p) || known_noun(v, ts, p) ||
        match_outcome(v, ts, p, &h) || match_activity(v, ts, p, &h))
        return 0;
    const char *w = word(ts, p);
    size_t n = ts->t[p].len, q = p + 1, e;
    /* Light verbs say nothing of who works: "Get 1,500 developers
     * registered", "Let 120 apartments", "See adult salmon return". */
    if (word_is(ts, p, "get") || word_is(ts, p, "have") || word_is(ts, p, "see") || word_is(ts, p, "let"))
        return 0;
    /* "Onboarding journeys", "Weekly sessions": modifiers, not verbs. */
    if (ends_with(w, n, "ly"))
        return 0;
    if (in_list(v, L_DET, ts, q) || word_is(ts, q, "new") || word_is(ts, q, "both") || word_is(ts, q, "one"))
        return !ends_with(w, n, "s") || ends_with(w, n, "ss") || word_is(ts, q, "the") || word_is(ts, q, "our");
    if (count_number(v, ts, q, &e) && e < ts->n && ts->t[e].gap != GAP_BREAK && !(ts->t[e].flags & T_DIGIT) &&
        !closed_phrase(v, L_COMPARATOR, ts, e) && !is_func(v, ts, e) && !is_measure(v, ts, e))
        return 1;
    if (particle_at(ts, q) && q + particle_at(ts, q) < ts->n && !target_follows(v, ts, q + particle_at(ts, q)))
        return 1;
    if (n >= 6 && (ends_with(w, n, "ize") || ends_with(w, n, "ise") || ends_with(w, n, "ify") ||
                   ends_with(w, n, "ate")) &&
        !is_func(v, ts, q) && !measure_follows(v, ts, q) && !target_follows(v, ts, q))
        return 1;
    return 0;
}

static okr_match find_performance(const okr_vocab *v, const toks *ts, size_t from);

/* A subject and a participle with nothing after it but a place, a date or
 * the end: "Print archive digitised back to 1950", "3G sites switched off",
 * "All 2,400 rooms photographed". Things done to a thing are the team's
 * work; people ("Customers retained") and measures ("Tickets resolved
 * within SLA") are outcomes, and so are outcome verbs ("Churn reduced").
 * Returns the participle's index, 0 when there is none. */
static size_t structural_passive(const okr_vocab *v, const toks *ts, size_t p)
{
    hit h;
    for (size_t j = p + 1; j < ts->n && j < p + 6 && !is_break(ts, j); j++) {
        const char *w = word(ts, j);
        size_t n = ts->t[j].len;
        if (is_func(v, ts, j) && !in_list(v, L_DET, ts, j))
            return 0;
        if (n < 5 || !ends_with(w, n, "ed") || unit_end(ts, j) != j + 1 || (j > 0 && ts->t[j].gap == GAP_HYPHEN))
            continue;
        if (match_outcome(v, ts, j, &h) || in_list(v, L_ACTOR, ts, j - 1) || is_measure(v, ts, j - 1) ||
            in_list(v, L_ADMIN, ts, j))
            return 0;
        /* "Projects created per week": what users do as often, at a rate. */
        if ((match_activity(v, ts, j, &h) &&
             (in_list(v, L_SHARED_VERB, ts, j) || set_find(v, L_SHARED_VERB, h.lemma, strlen(h.lemma)))) ||
            word_is(ts, j + 1, "per"))
            return 0;
        size_t k = j + 1;
        if (k < ts->n && particle_at(ts, k))
            k += particle_at(ts, k);
        if (word_is(ts, k, "by") && people_after(v, ts, k))
            return 0; /* "Written answers accepted by the asker" */
        if (!(k >= ts->n || is_break(ts, k) || (is_func(v, ts, k) && !in_list(v, L_DET, ts, k)) ||
              word_is(ts, k, "back")))
            return 0;
        /* "Cases escalated to the ombudsman fall by a quarter": the title
         * goes on to state its outcome. */
        return comparator_later(v, ts, k) || find_performance(v, ts, k).len ? 0 : j;
    }
    return 0;
}

/* The object of the verb ending at `after`: past a count, determiners and
 * modifiers, up to a preposition or a break ("the referral programme",
 * "6 case studies", "4 senior engineers"). */
static okr_match object_after(const okr_vocab *v, const toks *ts, size_t after, size_t *head)
{
    okr_match m;
    memset(&m, 0, sizeof m);
    size_t j = after, e;
    if (particle_at(ts, j) && !in_list(v, L_DET, ts, j))
        j += particle_at(ts, j);
    /* The quantifier: "the", "all 2,400", "80% of", "six". */
    for (int guard = 0; j < ts->n && guard < 6; guard++) {
        if ((ts->t[j].flags & T_PCT) && word_is(ts, j + 1, "of"))
            j += 2;
        else if (in_list(v, L_DET, ts, j) && unit_end(ts, j) == j + 1)
            j++;
        else if (count_number(v, ts, j, &e))
            j = e;
        else
            break;
    }
    size_t start = j, end = j;
    for (int units = 0; j < ts->n && units < 6; units++) {
        if (j > start && ts->t[j].gap == GAP_BREAK)
            break;
        if (count_number(v, ts, j, &e)) {
            j = e; /* "the remaining 18 modules" */
            continue;
        }
        if (unit_end(ts, j) == j + 1 && (is_func(v, ts, j) || (ts->t[j].flags & T_DIGIT)))
            break;
        j = unit_end(ts, j);
        end = j;
    }
    if (end > start) {
        m = make_match(ts, start, end - start, NULL);
        *head = end - 1;
    }
    return m;
}

/* "in under 2 seconds", "within 4 hours", "at least 99.9%": a level the
 * system or people reach, stated in the title. A share alone is not one:
 * "Migrate 70% of subscribers" is work on them, "Resolve 90% of tickets
 * within 4 hours" is a service level because of its bound. */
static okr_match find_performance(const okr_vocab *v, const toks *ts, size_t from)
{
    okr_match m;
    memset(&m, 0, sizeof m);
    for (size_t i = from; i < ts->n; i++) {
        size_t cl = closed_phrase(v, L_COMPARATOR, ts, i);
        if (cl && !word_is(ts, i, "from") && !word_is(ts, i, "to") && !word_is(ts, i, "at") &&
            !word_is(ts, i, "over") && i + cl < ts->n && ((ts->t[i + cl].flags & T_DIGIT) ||
                                                          is_number_word(v, ts, i + cl) || word_is(ts, i + cl, "a"))) {
            size_t e = i + cl + 1;
            if (e < ts->n && ts->t[e].gap == GAP_DOT)
                e++;
            if (e < ts->n && !is_func(v, ts, e) && ts->t[e].gap != GAP_BREAK)
                e++;
            return make_match(ts, i, e - i, NULL);
        }
    }
    return m;
}

/* The title reads as an aim, with no work in it: it leads with an outcome
 * verb ("Improve onboarding"), an aim word ("Happier customers",
 * "World-class reliability"), a state of mind or a measure ("Customer
 * delight", "Higher retention"), or people doing something ("Customers
 * love the new editor"). */
static okr_match find_aim(const okr_vocab *v, const toks *ts, size_t p, const okr_title_facts *f)
{
    okr_match m;
    memset(&m, 0, sizeof m);
    hit h;
    if (p >= ts->n)
        return m;
    /* "Make the dashboard faster": a verb read from the shape, with an aim
     * word after it, states the aim. */
    if (f->leading_activity.len && f->structural) {
        for (size_t j = p + 1; j < ts->n && !is_break(ts, j); j++)
            if (in_plist(v, OKR_VOCAB_AIM_WORD, ts, j, INFLECT_NONE, &h))
                return make_match(ts, j, h.words, h.lemma);
        return m;
    }
    if (f->leading_activity.len)
        return m;
    if (f->leading_outcome.len)
        return f->leading_outcome;
    if (in_plist(v, OKR_VOCAB_AIM_WORD, ts, p, INFLECT_NONE, &h))
        return make_match(ts, p, h.words, h.lemma);
    /* An aim word anywhere in a title that does not lead with work: "We
     * want renewals to feel like a non-event", "Volunteers feel valued". */
    for (size_t j = p; j < ts->n; j++)
        if (in_plist(v, OKR_VOCAB_AIM_WORD, ts, j, INFLECT_NONE, &h))
            return make_match(ts, j, h.words, h.lemma);
    /* The subject's words: an aim word, a measure, a state of mind or
     * people followed by their verb. */
    for (size_t j = p; j < ts->n && j < p + 5; j++) {
        if (j > p && ts->t[j].gap == GAP_BREAK)
            break;
        if (in_plist(v, OKR_VOCAB_AIM_WORD, ts, j, INFLECT_NONE, &h) || in_list(v, L_ABSTRACT, ts, j))
            return make_match(ts, j, 1, NULL);
        if (in_list(v, L_ACTOR, ts, j) && j + 1 < ts->n && !is_break(ts, j + 1) && !is_func(v, ts, j + 1)) {
            size_t k = j + 1;
            /* "Customers love the editor", "Members feel heard" */
            if (in_list(v, L_DET, ts, k + 1) || word_is(ts, k + 1, "more") || word_is(ts, k + 1, "it") ||
                match_outcome(v, ts, k, &h) || ends_with(word(ts, k), ts->t[k].len, "s"))
                return make_match(ts, j, 2, NULL);
        }
        if (is_measure(v, ts, j) && (j + 1 >= ts->n || is_break(ts, j + 1)))
            return make_match(ts, j, 1, NULL);
        if (is_func(v, ts, j))
            break;
    }
    return m;
}

/* The facts that say who does the work a title names, beyond its leading
 * verb: a verb read from the title's shape or a passive, the object, the
 * staffing, the people, the purpose, a stated level and an aim. Only key
 * results need them (okr_vocab_analyze_title); objective statements and
 * metric descriptions are judged by their listed verbs alone. */
static void read_work(const okr_vocab *vocab, const toks *ts, size_t p, okr_title_facts *facts)
{
    hit h;
    /* Any other verb before its object describes work: the verbs of
     * outcomes are listed, those of work are an open class. */
    if (!facts->leading_activity.len && !facts->leading_outcome.len && structural_verb(vocab, ts, p)) {
        facts->leading_activity = make_match(ts, p, 1, NULL);
        facts->structural = 1;
    }
    if (!facts->leading_activity.len && !facts->leading_outcome.len) {
        size_t q = structural_passive(vocab, ts, p);
        if (q) {
            facts->leading_activity = make_match(ts, q, 1, NULL);
            facts->object = make_match(ts, p, q - p, NULL); /* what was done to */
            facts->structural = 1;
        }
    }
    if (facts->leading_activity.len && facts->leading_activity.start == ts->t[p].start) {
        size_t after = p, head = 0;
        while (after < ts->n && ts->t[after].end <= facts->leading_activity.start + facts->leading_activity.len)
            after++;
        facts->object = object_after(vocab, ts, after, &head);
        if (match_list(vocab, OKR_VOCAB_STAFF_VERB, ts, p, INFLECT_VERB, &h) && facts->object.len)
            facts->staff = facts->leading_activity;
        else if (facts->object.len && (match_list(vocab, OKR_VOCAB_STAFF_NOUN, ts, head, INFLECT_NOUN, &h) ||
                                       match_list(vocab, OKR_VOCAB_STAFF_NOUN, ts, head, INFLECT_NONE, &h)))
            facts->staff = make_match(ts, head, 1, NULL);
    }
    /* Staffing anywhere: "bring three ML engineers on board", "hire a
     * content designer and two field marketers". */
    for (size_t i = p; i < ts->n && !facts->staff.len; i++) {
        if (match_list(vocab, OKR_VOCAB_STAFF_VERB, ts, i, INFLECT_VERB, &h) && !is_participle(h.kind) &&
            i + h.words < ts->n && !is_break(ts, i + h.words) &&
            (in_list(vocab, L_DET, ts, i + h.words) || (ts->t[i + h.words].flags & T_DIGIT) ||
             is_number_word(vocab, ts, i + h.words) ||
             match_list(vocab, OKR_VOCAB_STAFF_NOUN, ts, i + h.words, INFLECT_NOUN, &h)))
            facts->staff = make_match(ts, i, 1, NULL);
        else if (word_is(ts, i, "on") && word_is(ts, i + 1, "board") && i > p)
            facts->staff = make_match(ts, i, 2, NULL);
        /* "100% of claims handlers certified", "All managers trained" */
        else if (i > p && match_list(vocab, OKR_VOCAB_STAFF_VERB, ts, i, INFLECT_VERB, &h) &&
                 is_participle(h.kind) &&
                 (people_at(vocab, ts, i - 1) ||
                  match_list(vocab, OKR_VOCAB_STAFF_NOUN, ts, i - 1, INFLECT_NOUN, &h) ||
                  (ts->t[i - 1].len > 3 && ends_with(word(ts, i - 1), ts->t[i - 1].len, "ers"))))
            facts->staff = make_match(ts, i - 1, 2, NULL);
    }
    for (size_t i = p; i < ts->n && !facts->people.len; i++)
        if (people_at(vocab, ts, i))
            facts->people = make_match(ts, i, 1, NULL);
    for (size_t i = p + 1; i + 1 < ts->n && !facts->purpose.len; i++) {
        size_t j = i + 1;
        if (word_is(ts, i, "to") && match_outcome(vocab, ts, j, &h)) {
            facts->purpose = make_match(ts, i, j + h.words - i, h.lemma); /* "to lift retention" */
            continue;
        }
        if (!word_is(ts, i, "so"))
            continue;
        /* "so that wasted class spots fall by half": a clause with its
         * own subject and an outcome verb or a comparator. */
        if (word_is(ts, j, "that"))
            j++;
        for (size_t k = j; k < ts->n && k < j + 8 && !facts->purpose.len; k++)
            if (match_outcome(vocab, ts, k, &h) || closed_phrase(vocab, L_COMPARATOR, ts, k))
                facts->purpose = make_match(ts, i, k + 1 - i, NULL);
    }
    facts->performance = find_performance(vocab, ts, p);
    facts->aim = find_aim(vocab, ts, p, facts);
}

static void analyze_toks(const okr_vocab *vocab, const toks *ts, okr_title_facts *facts, int full)
{
    memset(facts, 0, sizeof *facts);
    for (size_t i = 0; i < ts->n; i++)
        if ((ts->t[i].flags & T_DIGIT) || is_number_word(vocab, ts, i))
            facts->has_number = 1;
    if (ts->n == 0)
        return;

    hit h;
    size_t p = skip_lead(vocab, ts);
    if (p < ts->n) {
        if (match_outcome(vocab, ts, p, &h)) {
            facts->leading_outcome = make_match(ts, p, h.words, h.lemma);
            find_means(vocab, ts, p + h.words, facts);
        } else if (match_activity(vocab, ts, p, &h)) {
            size_t after = p + h.words;
            int ok = 1;
            /* "Run-rate revenue", "Build-time": the first half of a compound. */
            if (after < ts->n && ts->t[after].gap == GAP_HYPHEN)
                ok = 0;
            /* A plural noun, not a verb, unless an object follows: "Deploys
             * per day" vs "Ships the new flow". */
            if (ok && !(h.kind & (K_BASE | K_ED | K_ING | K_FORM)) && !verb_follower(vocab, ts, after))
                ok = 0;
            if (ok && (measure_follows(vocab, ts, after) || label_then_share(ts, after)))
                ok = 0;
            /* "Build trust with enterprise buyers", "Create a habit of weekly
             * use": the object is a state of mind, not a deliverable. */
            if (ok && (in_list(vocab, L_ABSTRACT, ts, after) ||
                       (word_is(ts, after, "a") && in_list(vocab, L_ABSTRACT, ts, after + 1))))
                ok = 0;
            if (ok && (h.kind & (K_ED | K_ING | K_FORM | K_BASE)) && adjective_use(vocab, ts, after))
                ok = 0;
            if (ok)
                facts->leading_activity = make_match(ts, p, h.words, h.lemma);
        }
        if (!facts->leading_activity.len && !facts->leading_outcome.len)
            read_subject(vocab, ts, p, facts);
        if (full)
            read_work(vocab, ts, p, facts);
    }

    find_count(vocab, ts, p, facts);

    int activity = facts->leading_activity.len || facts->count_of_activity.len;
    for (size_t i = 0; i < ts->n; i++) {
        size_t e;
        if (deadline_at(vocab, ts, i, activity, &e)) {
            facts->date = make_match(ts, i, e - i, NULL);
            break;
        }
    }
}

static void analyze(const okr_vocab *vocab, const char *text, okr_title_facts *facts, int full)
{
    memset(facts, 0, sizeof *facts);
    if (!vocab || !text)
        return;
    toks ts;
    tokenize(vocab, text, &ts);
    analyze_toks(vocab, &ts, facts, full);
}

void okr_vocab_analyze_title(const okr_vocab *vocab, const char *text, okr_title_facts *facts)
{
    analyze(vocab, text, facts, 1);
}

void okr_vocab_analyze_statement(const okr_vocab *vocab, const char *text, okr_title_facts *facts)
{
    analyze(vocab, text, facts, 0);
}

/* ---------------------------------------------------------------- metrics */

/* One metric text (a description, or a name split at '_'): 1 when it
 * counts output, 0 when not, -1 when it names a measure of quality, speed
 * or people ("Share of experiments that win", "Deployment frequency",
 * "Deploy success rate"), which is never a count of output. */
static int toks_count_activity(const okr_vocab *v, const toks *ts, okr_match *m)
{
    hit h, c;
    if (ts->n == 0)
        return 0;
    for (size_t i = 0; i < ts->n; i++) {
        /* A percentage or a ratio ("Units returned vs. units shipped") is a
         * measure, never a count of output. */
        if ((ts->t[i].flags & T_PCT) || word_is(ts, i, "vs") || word_is(ts, i, "versus"))
            return -1;
        if (match_count_noun(v, ts, i, &c)) { /* "pull requests" holds "requests" */
            i += c.words - 1;
            continue;
        }
        /* "Features launched on time": a property of the output. */
        if ((word_is(ts, i, "time") || word_is(ts, i, "times")) && i > 0 && word_is(ts, i - 1, "on"))
            continue;
        if (is_measure(v, ts, i))
            return -1;
    }
    /* People doing it: "Users who completed onboarding", "Accounts that
     * ran a report", "Tutorials completed per new user", "Integrations
     * added by customers". */
    for (size_t i = 0; i < ts->n; i++) {
        if (in_list(v, L_ACTOR, ts, i) && i + 1 < ts->n &&
            (in_list(v, L_RELATIVE, ts, i + 1) || word_is(ts, i + 1, "with") ||
             (ts->t[i + 1].len > 4 && ends_with(word(ts, i + 1), ts->t[i + 1].len, "ing"))))
            return 0;
        if ((word_is(ts, i, "per") || word_is(ts, i, "by") || word_is(ts, i, "among") || word_is(ts, i, "from")) &&
            people_after(v, ts, i))
            return 0;
    }
    for (size_t i = 0; i < ts->n; i++) {
        /* A counted output noun: "Number of blog posts", "webinars_hosted",
         * "interview_count". Its head must end the phrase: "Webinar
         * attendees" and "Features used per account" count something else. */
        if (match_count_noun(v, ts, i, &c)) {
            size_t nx = i + c.words;
            int plural = (c.kind & K_S) != 0;
            int head = nx >= ts->n || ts->t[nx].gap == GAP_BREAK || is_func(v, ts, nx) ||
                       word_is(ts, nx, "count") || word_is(ts, nx, "total") || word_is(ts, nx, "number") ||
                       word_is(ts, nx, "weekly") || word_is(ts, nx, "monthly") ||
                       word_is(ts, nx, "quarterly") ||
                       (match_activity(v, ts, nx, &h) && is_participle(h.kind));
            int counted = plural || word_is(ts, nx, "count") || word_is(ts, nx, "total") ||
                          word_is(ts, nx, "number") ||
                          (i >= 2 && word_is(ts, i - 1, "of") &&
                           (word_is(ts, i - 2, "number") || word_is(ts, i - 2, "count")));
            if (head && counted) {
                *m = make_match(ts, i, c.words, c.lemma);
                return 1;
            }
        }
        /* An activity participle counting what it produced: "Features
         * launched", "interviews_conducted", "Posts published per month",
         * or before it: "Launched features". Verbs users do as often
         * ("created", "completed") count output only with an output noun. */
        if (match_activity(v, ts, i, &h) && is_participle(h.kind) &&
            !(i + h.words < ts->n && ts->t[i + h.words].gap == GAP_HYPHEN)) {
            int shared = in_list(v, L_SHARED_VERB, ts, i) || set_find(v, L_SHARED_VERB, h.lemma, strlen(h.lemma));
            size_t nx = i + h.words;
            if (i > 0 && !is_func(v, ts, i - 1) && !(ts->t[i - 1].flags & T_DIGIT) && ts->t[i].gap != GAP_BREAK) {
                /* After a noun. An object after it makes it active past
                 * tense ("Users completed onboarding"): that is a person
                 * doing something, handled above when it is a person. */
                int object = nx < ts->n && ts->t[nx].gap != GAP_BREAK && !is_func(v, ts, nx) &&
                             !word_is(ts, nx, "weekly") && !word_is(ts, nx, "monthly") &&
                             !word_is(ts, nx, "quarterly") && !word_is(ts, nx, "daily") &&
                             !word_is(ts, nx, "count") && !word_is(ts, nx, "total");
                int output_noun = match_count_noun(v, ts, i - 1, &c) || match_deliverable(v, ts, i - 1, &c);
                if (!object && (!shared || output_noun)) {
                    *m = make_match(ts, i - 1, nx - (i - 1), h.lemma);
                    return 1;
                }
            } else if (nx < ts->n && ts->t[nx].gap != GAP_BREAK) {
                /* Before a noun: "Launched features", "Number of shipped
                 * experiments". */
                size_t j = nx;
                for (int units = 0; j < ts->n && units < 3; units++) {
                    if (ts->t[j].gap == GAP_BREAK || is_func(v, ts, j))
                        break;
                    size_t ue = unit_end(ts, j);
                    size_t end = 0;
                    if (match_count_noun(v, ts, j, &c) || (!shared && match_deliverable(v, ts, j, &c)))
                        end = j + c.words;
                    else if (!shared && !in_list(v, L_ACTOR, ts, j) && units == 0 &&
                             (ue >= ts->n || is_func(v, ts, ue)))
                        end = ue; /* "Released versions per month" */
                    if (end) {
                        *m = make_match(ts, i, end - i, h.lemma);
                        return 1;
                    }
                    j = unit_end(ts, j);
                }
            }
        }
    }
    return 0;
}

static int text_counts_activity(const okr_vocab *v, const char *text, okr_match *m)
{
    toks ts;
    tokenize(v, text, &ts);
    return toks_count_activity(v, &ts, m);
}

/* Measures that say how much of something there is, not how well anyone
 * does: "Share of services on Kubernetes" is the progress of the team's
 * work, "Share of users who invite a teammate" is behaviour. */
static int neutral_measure(const toks *ts, size_t i)
{
    static const char *const words[] = {"share", "percentage", "percent", "proportion", "number", "count",
                                        "coverage", "compliance", "completion", "total", "ratio", "volume"};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (word_is(ts, i, words[k]))
            return 1;
    return 0;
}

static size_t metric_subject(const okr_vocab *v, const toks *ts, size_t *first, size_t *head);

/* Whether a metric's text counts people: its subject's head is a
 * people_noun ("Attendees across EU community meetups", "Webinar
 * attendees"), so an activity noun in it says what they attended. */
static int people_subject(const okr_vocab *v, const toks *ts)
{
    size_t first, head;
    if (ts->n == 0)
        return 0;
    size_t end = metric_subject(v, ts, &first, &head);
    hit h;
    /* "Candidates interviewed": the team did it to them. */
    if (end < ts->n && match_activity(v, ts, end, &h) && is_participle(h.kind))
        return 0;
    return end > first && people_at(v, ts, head) && !in_list(v, L_RELATIVE, ts, end);
}

/* The activity count of a metric: the description is what the metric
 * means; the name is a label. When both exist the description decides, so
 * that "features_shipped" described as "Share of shipped features adopted
 * by 30% of teams" is not an output count. *text gets the text the match
 * points into: the description when it matched there, else the name. */
static int metric_activity(const okr_vocab *vocab, const char *name, const char *description,
                           const toks *desc_ts, okr_match *m, const char **text)
{
    memset(m, 0, sizeof *m);
    *text = NULL;
    if (!vocab)
        return 0;
    if (description && *description) {
        int r = people_subject(vocab, desc_ts) ? -1 : toks_count_activity(vocab, desc_ts, m);
        if (r > 0) {
            *text = description;
            return 1;
        }
        memset(m, 0, sizeof *m);
        if (r < 0)
            return 0;
    }
    if (name && *name && text_counts_activity(vocab, name, m) > 0) {
        *text = name;
        return 1;
    }
    memset(m, 0, sizeof *m);
    return 0;
}
int okr_vocab_metric_counts_activity(const okr_vocab *vocab, const char *name, const char *description,
                                     okr_match *match)
{
    okr_match m;
    const char *text;
    toks ts;
    tokenize(vocab, description ? description : "", &ts);
    int r = metric_activity(vocab, name, description, &ts, &m, &text);
    if (match)
        *match = m;
    return r;
}

/* ---------------------------------------------------------------- who moves a metric */


/* The subject of a metric's text: past "Share of", "Number of",
 * determiners and "new", the words up to a function word, a relative, a
 * participle or a gerund ("Engineers on the team" -> "Engineers";
 * "Share of services running on Kubernetes" -> "services"). Returns its
 * end; *head is its last word. */
static size_t metric_subject(const okr_vocab *v, const toks *ts, size_t *first, size_t *head)
{
    size_t i = 0;
    for (int guard = 0; i < ts->n && guard < 8; guard++) {
        if (neutral_measure(ts, i) && word_is(ts, i + 1, "of")) {
            i += 2;
            continue;
        }
        if ((in_list(v, L_DET, ts, i) || word_is(ts, i, "new") || word_is(ts, i, "distinct") ||
             word_is(ts, i, "unique") || word_is(ts, i, "total")) &&
            unit_end(ts, i) == i + 1) {
            i++;
            continue;
        }
        break;
    }
    *first = i;
    size_t end = i;
    for (int units = 0; i < ts->n && units < 5; units++) {
        if (units > 0 && ts->t[i].gap == GAP_BREAK)
            break;
        size_t ue = unit_end(ts, i);
        if (ue == i + 1 && (is_func(v, ts, i) || (ts->t[i].flags & T_DIGIT) || in_list(v, L_RELATIVE, ts, i)))
            break;
        const char *w = word(ts, i);
        size_t n = ts->t[i].len;
        if (units > 0 && ue == i + 1 && n > 4 && (ends_with(w, n, "ed") || ends_with(w, n, "ing")))
            break;
        i = ue;
        end = i;
    }
    *head = end > *first ? end - 1 : *first;
    return end;
}

/* Whether the people or things at the subject do something themselves
 * after it: a relative clause, a gerund, "by" or "with" and a non-process
 * noun ("Engineers who open the portal", "Jobs completing on time",
 * "Squads with daily deploys"). */
static int subject_acts(const okr_vocab *v, const toks *ts, size_t end, int people_head)
{
    hit h;
    if (end >= ts->n || ts->t[end].gap == GAP_BREAK)
        return 0;
    int has = word_is(ts, end, "with") || word_is(ts, end, "having");
    /* What the team gives the subject: "Accounts with an assigned CSM",
     * "Tasks with a standard operating procedure". */
    if (has)
        for (size_t j = end + 1; j < ts->n && j < end + 6 && !is_break(ts, j); j++)
            if (match_list(v, OKR_VOCAB_PROCESS_NOUN, ts, j, INFLECT_NOUN, &h) || in_list(v, L_ADMIN, ts, j) ||
                closed_phrase(v, L_ADMIN, ts, j))
                return 0;
    for (size_t j = end; j < ts->n && j < end + 4 && !is_break(ts, j); j++)
        if (in_list(v, L_RELATIVE, ts, j))
            return 1;
    /* Doing something a little later: "MPs on record supporting the bill". */
    for (size_t j = end + 1; j + 1 < ts->n && j < end + 4 && !is_break(ts, j); j++)
        if (ts->t[j].len > 5 && ends_with(word(ts, j), ts->t[j].len, "ing") && !in_list(v, L_DET, ts, j - 1) &&
            !is_func(v, ts, j - 1) && in_list(v, L_DET, ts, j + 1))
            return 1; /* a verb with its object; "billing platform" is a noun */
    /* What comes in from outside or happens in the world: "Applications
     * received", "Never events reported", "Spill events recorded by the
     * monitors", "Sites rated 5 at inspection". */
    for (size_t j = end; j < ts->n && j < end + 3 && !is_break(ts, j); j++)
        if (word_is(ts, j, "received") || word_is(ts, j, "reported") || word_is(ts, j, "requested") ||
            word_is(ts, j, "asking") || word_is(ts, j, "raised") || word_is(ts, j, "filed") ||
            word_is(ts, j, "recorded") || word_is(ts, j, "detected") || word_is(ts, j, "observed") ||
            word_is(ts, j, "rated"))
            return 1;
    if (people_after(v, ts, end))
        return 1;
    const char *w = word(ts, end);
    size_t n = ts->t[end].len;
    /* "Reps holding the certification", "Services running on EKS",
     * "Reports pending review": a state the team puts them in or leaves
     * them in, not something they do. */
    if (n > 4 && ends_with(w, n, "ing") && !word_is(ts, end, "holding") && !word_is(ts, end, "having") &&
        !word_is(ts, end, "carrying") && !word_is(ts, end, "missing") && !word_is(ts, end, "running") &&
        !word_is(ts, end, "lacking") && !word_is(ts, end, "pending") && !word_is(ts, end, "awaiting") &&
        !word_is(ts, end, "waiting") &&
        !word_is(ts, end, "outstanding"))
        return 1;
    if (match_outcome(v, ts, end, &h))
        return 1;
    /* People with something else have done it themselves: "Squads with
     * daily deploys". */
    return has && people_head;
}

static void metric_text_facts(const okr_vocab *v, const toks *ts, okr_metric_facts *f)
{
    hit h;
    if (ts->n == 0)
        return;
    int measure = 0;
    size_t first, head;
    size_t end = metric_subject(v, ts, &first, &head);
    size_t head_start = head; /* the head's hyphenated group: "Sign-ups" */
    while (head_start > first && ts->t[head_start].gap == GAP_HYPHEN)
        head_start--;
    for (size_t i = 0; i < ts->n; i++) {
        /* A modifier inside the subject says what kind of thing is
         * counted, not who acts: "Healthcare customer stories", "Churn
         * interviews", "Open tech-debt tickets". */
        if (i >= first && i < head_start && end > first + 1 && word(ts, i)[ts->t[i].len - 1] != 's')
            continue;
        if (in_list(v, L_ACTOR, ts, i) && !match_list(v, OKR_VOCAB_STAFF_NOUN, ts, i, INFLECT_NOUN, &h)) {
            f->people_or_measure = 1;
            f->people_any = 1;
            if (!f->subject.len)
                f->subject = make_match(ts, i, 1, NULL);
        } else if (is_measure(v, ts, i) && !neutral_measure(ts, i)) {
            measure = 1;
            f->people_or_measure = 1;
            if (!f->subject.len)
                f->subject = make_match(ts, i, 1, NULL);
        }
    }
    int people_head = end > first && (in_list(v, L_ACTOR, ts, head) ||
                                      match_list(v, OKR_VOCAB_STAFF_NOUN, ts, head, INFLECT_NOUN, &h));
    int acts = subject_acts(v, ts, end, people_head);
    f->others_act = acts;
    f->people_head = end > first && people_at(v, ts, head);
    f->placement = end > first && !acts &&
                   (word_is(ts, end, "on") || word_is(ts, end, "in") || word_is(ts, end, "into") ||
                    word_is(ts, end, "onto") || word_is(ts, end, "behind"));
    /* "Open design requests", "Incident reports pending review", "Stale
     * feature flags": work waiting in the team's own queue. A head that
     * names people or a measure of service ("Open support tickets") is not
     * the team's queue. */
    int measured = 0; /* a measure in the subject, but for a singular modifier ("Incident reports") */
    for (size_t i = first; i < end; i++)
        measured |= is_measure(v, ts, i) && !neutral_measure(ts, i) &&
                    !(i + 1 < end && word(ts, i)[ts->t[i].len - 1] != 's');
    if (end > first && !f->people_head && !measured && !acts)
        for (size_t i = first; i < ts->n && i < end + 3 && !f->backlog.len && !is_break(ts, i); i++)
            if (word_is(ts, i, "open") || word_is(ts, i, "pending") || word_is(ts, i, "awaiting") ||
                word_is(ts, i, "waiting") ||
                (word_is(ts, i, "past") && (word_is(ts, i + 1, "their") || word_is(ts, i + 1, "its"))) ||
                word_is(ts, i, "stale") || word_is(ts, i, "overdue") || word_is(ts, i, "backlog") ||
                word_is(ts, i, "unresolved") || word_is(ts, i, "outstanding"))
                f->backlog = make_match(ts, i, 1, NULL);
    /* The team's own process, in the subject ("Unit-test coverage", "Open
     * tech-debt tickets") or what the subject has ("Services with an
     * on-call runbook"). */
    int has = end < ts->n && (word_is(ts, end, "with") || word_is(ts, end, "having") ||
                             word_is(ts, end, "without") || word_is(ts, end, "through") ||
                             word_is(ts, end, "holding") || word_is(ts, end, "carrying") ||
                             word_is(ts, end, "has") || word_is(ts, end, "have") || word_is(ts, end, "on") ||
                             word_is(ts, end, "missing") || word_is(ts, end, "lacking") ||
                             word_is(ts, end, "labelled") || word_is(ts, end, "labeled") ||
                             word_is(ts, end, "covered") || word_is(ts, end, "under"));
    size_t stop = has ? end + 7 : end;
    /* "Accounts with an assigned CSM", "Consultants with a signed job
     * plan", "Volunteers with a current DBS check": the subject has what
     * the team files, assigns or checks for it. What customers do is not
     * ("Donations with a valid Gift Aid declaration"), nor what a subject
     * lacks ("Passengers without a valid ticket"). */
    int possesses = end < ts->n && (word_is(ts, end, "with") || word_is(ts, end, "having") ||
                                    word_is(ts, end, "has") || word_is(ts, end, "have"));
    if (possesses && !acts && !(is_measure(v, ts, head) && !neutral_measure(ts, head)))
        for (size_t i = end + 1; i < ts->n && i < stop && !f->admin.len && !is_break(ts, i); i++)
            if ((in_list(v, L_ADMIN, ts, i) || closed_phrase(v, L_ADMIN, ts, i)) && !word_is(ts, i - 1, "not"))
                f->admin = make_match(ts, i, closed_phrase(v, L_ADMIN, ts, i) ? closed_phrase(v, L_ADMIN, ts, i) : 1,
                                      NULL);
    for (size_t i = first; i < ts->n && i < stop && !f->process.len && !acts; i++) {
        /* Only the noun phrase right after the connector: "with a success
         * plan", not "with stock on shelf at store audit". */
        if (i > end && (is_break(ts, i) || (i > end + 1 && is_func(v, ts, i) && !in_list(v, L_DET, ts, i) &&
                                             unit_end(ts, i) == i + 1 && ts->t[i].gap != GAP_HYPHEN)))
            break;
        if (match_list(v, OKR_VOCAB_PROCESS_NOUN, ts, i, INFLECT_NOUN, &h))
            f->process = make_match(ts, i, h.words, h.lemma);
    }
    /* "Managers trained", "Teachers certified", "New hires onboarded":
     * people the team staffs, whoever they are elsewhere. */
    if (end < ts->n && match_list(v, OKR_VOCAB_STAFF_VERB, ts, end, INFLECT_VERB, &h) && is_participle(h.kind) &&
        end > first)
        f->staff = make_match(ts, head, end + 1 - head, NULL);
    if (!f->staff.len && !acts && end > first &&
        (match_list(v, OKR_VOCAB_STAFF_NOUN, ts, head, INFLECT_NOUN, &h) ||
         match_list(v, OKR_VOCAB_STAFF_NOUN, ts, first, INFLECT_NOUN, &h)))
        f->staff = make_match(ts, h.first, h.words, h.lemma);
    if (!acts && end > first && match_list(v, OKR_VOCAB_ASSET_NOUN, ts, head, INFLECT_NOUN, &h))
        f->asset = make_match(ts, head, 1, h.lemma);
    /* A measure of how well anything goes is an outcome, whatever it is
     * about: "Regretted attrition among engineers", "Runbook-guided
     * resolution time". */
    /* A process the subject has is the team's, whatever else the text
     * names ("Enterprise accounts with a success plan on file"); a measure
     * at the head of the subject is how well something goes
     * ("Runbook-guided resolution time"). */
    int measure_head = end > first && in_list(v, L_MEASURE_END, ts, head) && !neutral_measure(ts, head);
    f->measure_head = end > first && is_measure(v, ts, head) && !neutral_measure(ts, head);
    if (measure_head && f->process.len && !f->activity.len)
        memset(&f->process, 0, sizeof f->process);
    if (measure && !f->activity.len && !f->process.len) {
        memset(&f->staff, 0, sizeof f->staff);
        memset(&f->asset, 0, sizeof f->asset);
    }
    /* "Agronomist field visits", "Area manager visits", "Outbound calls":
     * what the team's own people do, counted. */
    if (!acts && end > first + 1 && !f->activity.len)
        for (size_t i = first; i < head && !f->staff.len; i++)
            if (word_is(ts, i, "outbound") ||
                (match_list(v, OKR_VOCAB_STAFF_NOUN, ts, i, INFLECT_NOUN, &h) && word(ts, i)[ts->t[i].len - 1] != 's'))
                f->staff = make_match(ts, i, head + 1 - i, NULL);
    /* "Enterprise deals closed", "Contracts renewed": what customers
     * decide; "Projects created per week": what users do as often as teams. */
    for (size_t i = 0; i < ts->n && !f->decided; i++)
        if (match_outcome(v, ts, i, &h) ||
            (match_activity(v, ts, i, &h) && is_participle(h.kind) &&
             (in_list(v, L_SHARED_VERB, ts, i) || set_find(v, L_SHARED_VERB, h.lemma, strlen(h.lemma))))) {
            f->decided = 1;
            if (!f->subject.len && !f->activity.len)
                f->subject = make_match(ts, i, h.words, h.lemma);
        }
    if (f->activity.len || f->staff.len || f->process.len || f->asset.len || f->admin.len)
        memset(&f->subject, 0, sizeof f->subject);
    else if (acts && !f->subject.len)
        f->subject = make_match(ts, head, 1, NULL);
}

void okr_vocab_analyze_metric(const okr_vocab *vocab, const char *name, const char *description,
                              okr_metric_facts *facts)
{
    memset(facts, 0, sizeof *facts);
    if (!vocab)
        return;
    /* The description is what the metric means; the name is a label, and
     * decides only when there is no description. Its words are read once
     * and shared by every question below. */
    const char *text = description && *description ? description : name && *name ? name : "";
    toks ts;
    tokenize(vocab, text, &ts);
    metric_activity(vocab, name, description, &ts, &facts->activity, &facts->activity_text);
    facts->text = text;
    metric_text_facts(vocab, &ts, facts);
    if (description && *description) {
        okr_title_facts as_title;
        analyze_toks(vocab, &ts, &as_title, 0);
        facts->task = as_title.leading_activity;
    }
}

/* A content word: not a function word, number, measure or aim, and not a
 * person unless people count too. */
static int content_word(const okr_vocab *v, const toks *ts, size_t i, int people_too)
{
    hit h;
    return !is_func(v, ts, i) && !(ts->t[i].flags & T_DIGIT) && !is_number_word(v, ts, i) &&
           (people_too || !in_list(v, L_ACTOR, ts, i)) && !is_measure(v, ts, i) && !in_list(v, L_ABSTRACT, ts, i) &&
           !match_list(v, OKR_VOCAB_AIM_WORD, ts, i, INFLECT_NONE, &h) && ts->t[i].len >= 3 &&
           !word_is(ts, i, "new") && !word_is(ts, i, "all") && !word_is(ts, i, "more");
}

size_t okr_vocab_fold_plural(char *w, size_t n)
{
    if (n > 4 && ends_with(w, n, "ies")) {
        w[n - 3] = 'y';
        n -= 2;
    } else if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's') {
        n--;
    }
    w[n] = '\0';
    return n;
}

/* A word folded to its singular stem for comparison: "studies" and
 * "study", "connectors" and "connector". */
static size_t stem(const char *w, size_t n, char *out)
{
    if (n > MAX_WORD)
        n = MAX_WORD;
    memcpy(out, w, n);
    return okr_vocab_fold_plural(out, n);
}

int okr_vocab_title_metric_agree(const okr_vocab *vocab, const char *title, const okr_match *object,
                                 const char *metric_text, int people_too, okr_match *word_out)
{
    if (!vocab || !title || !object || !object->len || !metric_text)
        return 0;
    toks tt, mt;
    tokenize(vocab, title, &tt);
    tokenize(vocab, metric_text, &mt);
    char a[MAX_WORD + 1], b[MAX_WORD + 1];
    for (size_t i = 0; i < tt.n; i++) {
        if (tt.t[i].start < object->start || tt.t[i].end > object->start + object->len || !content_word(vocab, &tt, i, people_too))
            continue;
        size_t an = stem(word(&tt, i), tt.t[i].len, a);
        for (size_t j = 0; j < mt.n; j++) {
            if (!content_word(vocab, &mt, j, people_too))
                continue;
            size_t bn = stem(word(&mt, j), mt.t[j].len, b);
            if (an == bn && memcmp(a, b, an) == 0) {
                *word_out = make_match(&tt, i, 1, NULL);
                return 1;
            }
        }
    }
    return 0;
}

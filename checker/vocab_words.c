/* vocab_words.c: the words of a text and their lookup in the lists.
 *
 * A text is split into lowercase words (non-ASCII bytes are word bytes, so
 * UTF-8 titles pass through; the lists are English and ASCII-only case
 * folding is enough), each with what separates it from the word before
 * (a space, a hyphen, a break such as ", " or ": "). A word matches a list
 * entry through regular English inflection (launches, launched, launching,
 * shipped, releasing; interviews and interview), word by word for phrases
 * ("roll out", "blog posts"), and joined across hyphens ("roll-out" is
 * "rollout"). Only candidates found in a list count, so a wrong candidate
 * costs a failed lookup, never a false match.
 *
 * Which lists may have an entry starting at a token is found once per
 * token (compute_heads) and remembered per distinct word, so that the many
 * questions a reader asks of a word cost a bit test when the answer is
 * no. */
#include "vocab_internal.h"

/* ---------------------------------------------------------------- tokens */

static inline int is_word_byte(const unsigned char *p)
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

/* An ASCII letter or digit, lowercased; 0 for any other byte (vocab.h).
 * Words are mostly ASCII letters: one load per byte tells them apart and
 * lowercases them, and the other bytes take is_word_byte's tests. */
const char okr_vocab_ascii_lower[256] = {
    ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6', ['7'] = '7',
    ['8'] = '8', ['9'] = '9', ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f',
    ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v',
    ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd',
    ['e'] = 'e', ['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l',
    ['m'] = 'm', ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
    ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
};

static void compute_heads(const okr_vocab *v, toks *ts);

void vocab_tokenize(const okr_vocab *v, const char *text, toks *ts)
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
        /* The room left: off + len + 1 < TEXT_BUF and len < 255. */
        size_t room = off + 1 < TEXT_BUF ? TEXT_BUF - 1 - off : 0;
        if (room > 255)
            room = 255;
        /* A word runs over letters, digits, non-ASCII letters and inner
         * apostrophes ("we'll", "customer's"). */
        while (s[i]) {
            char lc = okr_vocab_ascii_lower[s[i]];
            if (lc) {
                if (len < room)
                    ts->buf[off + len++] = lc;
                else
                    overflow = 1;
                i++;
                continue;
            }
            int b = is_word_byte(s + i);
            if (b == 1) { /* a non-ASCII byte: kept as it is */
                if (len < room)
                    ts->buf[off + len++] = (char)s[i];
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

/* ---------------------------------------------------------------- inflection */

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
        /* One word is its own key: no copy. */
        const vocab_entry *e = k == 1 ? set_find(v, list, word(ts, i), ts->t[i].len)
                                      : set_find(v, list, key, build_key(key, ts, i, k, sep, (size_t)-1, NULL, 0));
        if (!e)
            return 0;
        h->lemma = vocab_entry_text(v, e);
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
        /* A candidate alone (a joined group, or one word) is its own key. */
        const vocab_entry *e = joined || k == 1 ? set_find(v, list, c[ci].s, c[ci].n)
                                                : set_find(v, list, key, build_key(key, ts, i, k, " ", which,
                                                                                   c[ci].s, c[ci].n));
        if (!e)
            continue;
        if (!found) {
            h->lemma = vocab_entry_text(v, e);
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
int vocab_match_list_at(const okr_vocab *v, int list, const toks *ts, size_t i, int mode, hit *h)
{
    size_t maxk = ts->t[i].heads & ((uint64_t)1 << (HEADS_PHRASE + list)) ? v->max_words[list] : 1;
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
int vocab_match_activity(const okr_vocab *v, const toks *ts, size_t i, hit *h)
{
    hit a, b;
    int ha = vocab_match_list(v, OKR_VOCAB_ACTIVITY_VERB, ts, i, INFLECT_VERB, &a);
    int hb = vocab_match_list(v, OKR_VOCAB_ACTIVITY_VERB_FORM, ts, i, INFLECT_NONE, &b);
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

int vocab_match_outcome(const okr_vocab *v, const toks *ts, size_t i, hit *h)
{
    /* "sign-ups", "cut-over": the first half of a compound is no verb. */
    if (!vocab_match_list(v, OKR_VOCAB_OUTCOME_VERB, ts, i, INFLECT_VERB, h))
        return 0;
    return !(i + h->words < ts->n && ts->t[i + h->words].gap == GAP_HYPHEN);
}

int vocab_match_deliverable(const okr_vocab *v, const toks *ts, size_t i, hit *h)
{
    return vocab_match_list(v, OKR_VOCAB_DELIVERABLE_NOUN, ts, i, INFLECT_NOUN, h);
}

int vocab_match_count_noun(const okr_vocab *v, const toks *ts, size_t i, hit *h)
{
    return vocab_match_list(v, OKR_VOCAB_ACTIVITY_COUNT_NOUN, ts, i, INFLECT_NOUN, h);
}

/* A closed-list phrase at i ("at least", "no later than"); returns its
 * length in words, 0 if none. */
size_t vocab_closed_phrase(const okr_vocab *v, int list, const toks *ts, size_t i)
{
    hit h;
    return vocab_match_list(v, list, ts, i, INFLECT_NONE, &h) ? h.words : 0;
}

/* ---------------------------------------------------------------- plurals */

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


/* test_vocab_tokens.c: the fast paths of the word readers read as the old
 * loops did.
 *
 * vocab_tokenize (checker/vocab_words.c) and the task-style model's words
 * (checker/task_model.c) lowercase ASCII letters and digits through a table
 * instead of tests per byte. Their old loops are copied here as the
 * reference (ref_tokenize, ref_words), and both readings must agree on
 * every token (bytes, lowercase text, gap, flags) and every title feature,
 * over edge cases (non-ASCII letters, typographic apostrophes and dashes,
 * hyphens, digits, case, possessives, over-long words, more tokens than a
 * title holds) and over random strings made of those pieces. */
#include "unit.h"

#include "../../checker/task_model.h"
#include "../../checker/vocab_internal.h"

/* ---------------------------------------------------------------- the old tokenizer */

static inline int ref_is_word_byte(const unsigned char *p)
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
static size_t ref_punct_len(const unsigned char *p)
{
    if (*p == 0xE2 && p[1] && p[2])
        return 3;
    if (*p == 0xC2 && p[1])
        return 2;
    return 1;
}

static uint8_t ref_classify_gap(const unsigned char *s, size_t n, int first)
{
    if (first)
        return GAP_START;
    size_t spaces = 0, puncts = 0;
    unsigned char only = 0;
    int brk = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t l = c < 0x80 ? 1 : ref_punct_len(s + i);
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

static void ref_tokenize(const char *text, toks *ts)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0, prev_end = 0;
    ts->n = 0;
    ts->used = 0;
    while (s[i] && ts->n < MAX_TOKENS) {
        int wb = ref_is_word_byte(s + i);
        if (!wb || wb == 2 || s[i] == '\'') {
            i += s[i] < 0x80 ? 1 : ref_punct_len(s + i);
            continue;
        }
        size_t start = i;
        size_t off = ts->used;
        size_t len = 0;
        int overflow = 0;
        /* A word runs over letters, digits, non-ASCII letters and inner
         * apostrophes ("we'll", "customer's"). */
        while (s[i]) {
            int b = ref_is_word_byte(s + i);
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
            if (al && ref_is_word_byte(s + i + al) == 1) {
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
        t->gap = ref_classify_gap(s + prev_end, start - prev_end, ts->n == 0);
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
}

/* ---------------------------------------------------------------- the old words of the model */

static int ref_is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ref_is_word_char(char c)
{
    return ref_is_letter(c) || (c >= '0' && c <= '9') || c == '\'';
}

static const char *const ref_stop[] = {"a",    "an",   "of",   "to",   "in",   "on",   "or",    "by",  "at",
                                       "is",   "be",   "as",   "the",  "for",  "and",  "per",   "our", "its",
                                       "are",  "all",  "with", "from", "this", "that", "each",  "into",
                                       "than", "more", "less", "their", "every", NULL};

static int ref_is_stop(const char *w)
{
    for (const char *const *s = ref_stop; *s; s++)
        if (strcmp(*s, w) == 0)
            return 1;
    return 0;
}

enum { REF_WORDS = 96, REF_WORD = 60 };

/* The title features the model emits: "t0:" the first word, "t:" each
 * distinct word, in order (task_model.h). */
static size_t ref_title_features(const char *text, char out[][64], size_t max)
{
    static char w[REF_WORDS][REF_WORD];
    size_t nw = 0, nf = 0;
    for (const char *c = text; *c && nw < REF_WORDS;) {
        if (!ref_is_letter(*c)) {
            c++;
            continue;
        }
        char buf[REF_WORD];
        size_t n = 0;
        while (ref_is_word_char(*c)) {
            if (n + 1 < sizeof buf)
                buf[n++] = (char)(*c >= 'A' && *c <= 'Z' ? *c - 'A' + 'a' : *c);
            c++;
        }
        buf[n] = '\0';
        if (ref_is_stop(buf))
            continue;
        okr_vocab_fold_plural(buf, n);
        strcpy(w[nw++], buf);
    }
    if (nw && nf < max)
        snprintf(out[nf++], 64, "t0:%.59s", w[0]);
    for (size_t i = 0; i < nw && nf < max; i++) {
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            seen |= strcmp(w[k], w[i]) == 0;
        if (!seen)
            snprintf(out[nf++], 64, "t:%.59s", w[i]);
    }
    return nf;
}

/* ---------------------------------------------------------------- comparisons */

static void same_tokens(const okr_vocab *v, const char *text)
{
    static toks want, got;
    ref_tokenize(text, &want);
    vocab_tokenize(v, text, &got);
    if (want.n != got.n)
        fail_msg("\"%s\": %zu tokens, %zu before", text, got.n, want.n);
    for (size_t i = 0; i < want.n; i++) {
        const tok *a = &want.t[i], *b = &got.t[i];
        if (a->start != b->start || a->end != b->end || a->len != b->len || a->gap != b->gap ||
            a->flags != b->flags || memcmp(want.buf + a->off, got.buf + b->off, a->len) != 0)
            fail_msg("\"%s\": token %zu differs from the old reading", text, i);
    }
}

typedef struct feature_list {
    char f[256][64];
    size_t n;
} feature_list;

static void collect(const char *feature, void *ctx)
{
    feature_list *l = ctx;
    if (feature[0] == 't' && l->n < 256)
        snprintf(l->f[l->n++], 64, "%s", feature);
}

static void same_features(const char *text)
{
    static feature_list want, got;
    want.n = ref_title_features(text, want.f, 256);
    got.n = 0;
    okr_task_input in;
    memset(&in, 0, sizeof in);
    in.title = text;
    in.description = "";
    in.target = OKR_TARGET_NONE;
    okr_task_model_features(&in, collect, &got);
    if (want.n != got.n)
        fail_msg("\"%s\": %zu title features, %zu before", text, got.n, want.n);
    for (size_t i = 0; i < want.n; i++)
        if (strcmp(want.f[i], got.f[i]) != 0)
            fail_msg("\"%s\": feature %zu is %s, %s before", text, i, got.f[i], want.f[i]);
}

static const char *const edge_cases[] = {
    "Launch In-App Messaging by September 15",
    "Customer's NPS ≥ 45 — “world-class”",
    "We’ll ship the roll-out to 1,000 users (v2.0) by 2026-09-30",
    "Crème brûlée café: naïve façade ÉTÉ Ünïcödé",
    "Reduce p95 latency to 250ms; +5pp; 40%",
    "A/B tests… \xC2\xA0non-breaking  spaces\tand\ttabs",
    "'Quoted' ‘single’ ’leading apostrophe and trailing’",
    "don't won't customers' users's O'Brien",
    "Q3 H2 3rd 45min 10x 2fa 99.95% 1.5e3",
    "UPPER lower MiXeD 0123456789 ZZZ aaa",
    "",
    "   ",
    "—",
    "\xE2\x80",
    "\xC2",
    "trailing'",
    "x'y'z''w",
};

static void test_edge_cases(void **state)
{
    (void)state;
    okr_arena arena;
    okr_arena_init(&arena);
    okr_vocab *v = okr_vocab_std(&arena);
    for (size_t i = 0; i < sizeof edge_cases / sizeof edge_cases[0]; i++) {
        same_tokens(v, edge_cases[i]);
        same_features(edge_cases[i]);
    }
    /* A word longer than a token holds, and more tokens than a title holds. */
    static char text[6000];
    memset(text, 'A', 300);
    snprintf(text + 300, sizeof text - 300, " tail");
    same_tokens(v, text);
    same_features(text);
    size_t n = 0;
    for (int k = 0; k < 400; k++)
        n += (size_t)snprintf(text + n, sizeof text - n, "Word%d ", k);
    same_tokens(v, text);
    same_features(text);
    okr_arena_free(&arena);
}

/* Random texts of the pieces above: every mix of ASCII case, digits and
 * punctuation with multibyte letters and signs. */
static void test_random_texts(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "Z", "q", "M", "7", "0", "'", "’", "-", "–", "—", " ", "  ", "\t", "é", "Ü", "ß", "%", "pp", ".",
        ",", ":", "/", "(", ")", "\xC2\xA0", "≤", "≥", "“", "”", "s", "ed", "ing", "_", "+", "&", "…", "\xE2",
    };
    okr_arena arena;
    okr_arena_init(&arena);
    okr_vocab *v = okr_vocab_std(&arena);
    unsigned seed = 12345;
    for (int round = 0; round < 20000; round++) {
        char text[512];
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        int len = (int)(seed >> 16) % 60;
        for (int k = 0; k < len; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
            size_t pl = strlen(p);
            if (n + pl + 1 >= sizeof text)
                break;
            memcpy(text + n, p, pl);
            n += pl;
        }
        text[n] = '\0';
        same_tokens(v, text);
        same_features(text);
    }
    okr_arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases),
        cmocka_unit_test(test_random_texts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

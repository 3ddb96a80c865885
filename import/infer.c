/* infer.c: reads a key result's text (and the baseline, target and unit
 * columns that came with it) for a metric move (spec.md, "okrc import").
 *
 * The forms read, in this order; the first that matches decides:
 *   "from 40% to 70%"                          a target: from B to T
 *   "by 20%", "by 5 points", "double", "halve"  a change: by +X / by -X
 *   "under 2 seconds", "at most 3%", "within 4 hours"
 *   "at least 500", "above 99.9%", "500+"      a bound held
 *   "to 95%", "reach 120", "of 50", "70% of"   a target without a baseline
 * A change verb before a bound ("cut latency to under 300ms") makes it a
 * target. Baseline and target columns fill in what the text leaves out (or
 * state the move when the text has no number). The metric's subject is
 * the words before the move (or after its number), its type comes from the
 * units written (%, ms..w and their words, $/EUR), from words of the
 * subject ("NPS", "rate") or from the numbers (whole: count), and its
 * direction from the numbers, the verb ("reduce"), or the subject
 * ("latency", "churn"). Everything is a guess, and the writer marks it so.
 * Numbers that are dates ("by September 15", "in 2026") are not moves. */
#include "import_model.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { U_NONE, U_PCT, U_PP, U_DUR, U_MONEY };

typedef struct num {
    double v;
    int unit;
    const char *suffix;   /* a duration's suffix: "ms", "s", "min", "h", "d", "w" */
    const char *currency; /* "USD" */
    int sign;             /* +1 / -1 when written, else 0 */
    int plus;             /* "500+" */
    size_t words;         /* words it took: 1, or 2 with a unit word after it */
} num;

typedef struct words {
    char **w;  /* the title's words, as written */
    char **lw; /* lower case, punctuation at the ends removed */
    size_t n;
} words;

static void split_words(okr_arena *arena, const char *s, words *out)
{
    okr_vec w = {0}, lw = {0};
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        const char *start = s;
        while (*s && *s != ' ' && *s != '\t')
            s++;
        if (s == start)
            break;
        char *word = okr_arena_strndup(arena, start, (size_t)(s - start));
        char *low = okr_arena_strdup(arena, word);
        for (char *p = low; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        size_t len = strlen(low);
        while (len > 0 && strchr(",.;:!?)\"'", low[len - 1]))
            low[--len] = '\0';
        char *lead = low;
        while (*lead && strchr("(\"'", *lead))
            lead++;
        okr_vec_push(arena, &w, word);
        okr_vec_push(arena, &lw, lead);
    }
    out->w = (char **)w.items;
    out->lw = (char **)lw.items;
    out->n = w.len;
}

static int in_list(const char *word, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(word, *list) == 0)
            return 1;
    return 0;
}

static const char *const UP_VERBS[] = {"increase", "increases", "raise", "grow", "improve", "boost", "lift",
                                       "expand", "double", "triple", "maximise", "maximize", "gain", "accelerate",
                                       "strengthen", "scale", NULL};
static const char *const DOWN_VERBS[] = {"reduce", "reduces", "cut", "lower", "decrease", "drop", "shrink",
                                         "minimise", "minimize", "halve", "eliminate", "slash", "trim", "shorten",
                                         "decline", NULL};
static const char *const LEVEL_VERBS[] = {"maintain", "keep", "hold", "sustain", "stay", "remain", "ensure",
                                          "achieve", "reach", "hit", "attain", "get", "exceed", "deliver", NULL};
/* Verbs after which a number is the level to reach ("Reach 120 weekly
 * active users"); not "hold" or "run", whose number counts work. */
static const char *const REACH_VERBS[] = {"reach", "achieve", "hit", "attain", "exceed", "maintain", "sustain",
                                          "get", NULL};
/* Money without a currency written: a number, not a guessed currency. */
static const char *const MONEY_WORDS[] = {"revenue", "arr", "mrr", "cac", "ltv", "arpa", "arpu", "spend", "cost",
                                          "costs", "bookings", "sales", "gmv", "price", "budget", "margin", NULL};
static const char *const DOWN_WORDS[] = {"latency", "time", "churn", "cost", "costs", "cac", "errors", "error",
                                         "incidents", "incident", "tickets", "bugs", "defects", "downtime",
                                         "complaints", "refunds", "wait", "delay", "delays", "duration", "mttr",
                                         "mttd", "bounce", "abandonment", "attrition", "turnover", "overdue",
                                         "backlog", "spend", "waste", "emissions", "injuries", "escalations",
                                         "outages", "failures", "crashes", "vulnerabilities", "p95", "p99",
                                         "p50", "lead", "days", "rework", "no-shows", "dropout", "dropouts",
                                         "readmissions", "breaches", "losses", "fraud", "chargebacks", NULL};
static const char *const STOP[] = {"a", "an", "the", "of", "our", "to", "for", "in", "on", "at", "by", "with",
                                   "and", "or", "per", "from", "its", "their", "all", "each", "every", "we",
                                   "us", "is", "are", "be", "that", "this", "than", "into", "as", "who", "which",
                                   NULL};
static const char *const CUT_AT[] = {"in", "by", "for", "across", "within", "per", "over", "during", "this",
                                     "each", "on", "at", "from", "to", "before", "after", "while", "with",
                                     "without", "so", "through", "among", NULL};
static const char *const MONTHS[] = {"january", "february", "march", "april", "may", "june", "july", "august",
                                     "september", "october", "november", "december", "jan", "feb", "mar", "apr",
                                     "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", NULL};

/* A unit written as a word after a number: "days", "percent", "USD". */
static int unit_word(const char *w, num *n)
{
    static const struct { const char *word; int unit; const char *suffix; } units[] = {
        {"%", U_PCT, NULL}, {"percent", U_PCT, NULL}, {"pct", U_PCT, NULL}, {"pp", U_PP, NULL},
        {"points", U_PP, NULL}, {"pts", U_PP, NULL}, {"ms", U_DUR, "ms"}, {"milliseconds", U_DUR, "ms"},
        {"s", U_DUR, "s"}, {"sec", U_DUR, "s"}, {"secs", U_DUR, "s"}, {"second", U_DUR, "s"},
        {"seconds", U_DUR, "s"}, {"min", U_DUR, "min"}, {"mins", U_DUR, "min"}, {"minute", U_DUR, "min"},
        {"minutes", U_DUR, "min"}, {"h", U_DUR, "h"}, {"hr", U_DUR, "h"}, {"hrs", U_DUR, "h"},
        {"hour", U_DUR, "h"}, {"hours", U_DUR, "h"}, {"d", U_DUR, "d"}, {"day", U_DUR, "d"},
        {"days", U_DUR, "d"}, {"w", U_DUR, "w"}, {"wk", U_DUR, "w"}, {"wks", U_DUR, "w"}, {"week", U_DUR, "w"},
        {"weeks", U_DUR, "w"}, {"usd", U_MONEY, "USD"}, {"dollars", U_MONEY, "USD"}, {"eur", U_MONEY, "EUR"},
        {"euros", U_MONEY, "EUR"}, {"gbp", U_MONEY, "GBP"}, {"pounds", U_MONEY, "GBP"},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (strcmp(w, units[i].word) != 0)
            continue;
        n->unit = units[i].unit;
        if (n->unit == U_MONEY)
            n->currency = units[i].suffix;
        else
            n->suffix = units[i].suffix;
        return 1;
    }
    return 0;
}

/* Parses a number as people write it: "40%", "$1.2M", "1,500", "2s",
 * "+5pp", "10k", "500+". The word must be a number from its start. */
static int parse_num(const char *w, num *n)
{
    memset(n, 0, sizeof *n);
    n->words = 1;
    const char *p = w;
    if (*p == '+' || *p == '-')
        n->sign = *p++ == '+' ? 1 : -1;
    if (*p == '~')
        p++;
    if (*p == '$') {
        n->unit = U_MONEY, n->currency = "USD", p++;
    } else if (strncmp(p, "\xe2\x82\xac", 3) == 0) {
        n->unit = U_MONEY, n->currency = "EUR", p += 3;
    } else if (strncmp(p, "\xc2\xa3", 2) == 0) {
        n->unit = U_MONEY, n->currency = "GBP", p += 2;
    }
    if (!isdigit((unsigned char)*p))
        return 0;
    char digits[64];
    size_t d = 0;
    int point = 0;
    for (; *p && d + 1 < sizeof digits; p++) {
        if (isdigit((unsigned char)*p)) {
            digits[d++] = *p;
        } else if (*p == ',' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
                   isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4])) {
            continue; /* a thousands separator */
        } else if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1]) && !point) {
            digits[d++] = '.';
            point = 1;
        } else {
            break;
        }
    }
    digits[d] = '\0';
    n->v = strtod(digits, NULL);
    if (*p == '-' && isdigit((unsigned char)p[1]))
        return 0; /* 2026-09-30, 3-5: a date or a range */
    double scale = 1;
    if ((*p == 'k' || *p == 'K') && !isalpha((unsigned char)p[1]))
        scale = 1e3, p++;
    else if ((*p == 'M' || *p == 'm') && (p[1] == '\0' || p[1] == '+' || (p[1] == 'm' && !p[2])) && *p != 'm')
        scale = 1e6, p++;
    else if ((strncmp(p, "bn", 2) == 0 || *p == 'B') && !isalpha((unsigned char)p[*p == 'B' ? 1 : 2]))
        scale = 1e9, p += *p == 'B' ? 1 : 2;
    n->v *= scale;
    if (*p == '+' && !p[1]) {
        n->plus = 1;
        p++;
    }
    if (!*p)
        return 1;
    if (strcmp(p, "x") == 0 || strcmp(p, "st") == 0 || strcmp(p, "nd") == 0 || strcmp(p, "rd") == 0 ||
        strcmp(p, "th") == 0)
        return 0; /* "3x", "1st": a multiple or an ordinal */
    char low[16];
    size_t l = 0;
    for (; p[l] && l + 1 < sizeof low; l++)
        low[l] = (char)tolower((unsigned char)p[l]);
    low[l] = '\0';
    if (p[l])
        return 0;
    if (low[l - 1] == '+') {
        n->plus = 1;
        low[l - 1] = '\0';
    }
    return unit_word(low, n);
}

/* The number starting at word i, with a unit word after it, or 0. Dates
 * ("September 15", "15 September", "2026" after by/in) are not numbers. */
static int num_at(const words *t, size_t i, num *n)
{
    if (i >= t->n || !parse_num(t->lw[i], n))
        return 0;
    if (i > 0 && in_list(t->lw[i - 1], MONTHS))
        return 0;
    if (i + 1 < t->n && in_list(t->lw[i + 1], MONTHS))
        return 0;
    if (n->unit == U_NONE && n->v >= 1900 && n->v <= 2100 && n->v == floor(n->v) && i > 0 &&
        in_list(t->lw[i - 1], (const char *const[]){"in", "by", "before", "until", "of", "end", "fy", NULL}))
        return 0;
    if (n->unit == U_NONE && i + 1 < t->n) {
        num u = *n;
        if (unit_word(t->lw[i + 1], &u)) {
            *n = u;
            n->words = 2;
        } else if (strcmp(t->lw[i + 1], "percentage") == 0 && i + 2 < t->n && strcmp(t->lw[i + 2], "points") == 0) {
            n->unit = U_PP;
            n->words = 3;
        }
    }
    if (n->unit == U_NONE && i + 1 < t->n && strcmp(t->lw[i + 1], "months") == 0)
        return 0;
    return 1;
}

/* A pattern found in the title: its form, where its words are, its numbers. */
typedef struct found {
    imp_form form;
    size_t start, end; /* words [start, end) */
    num a, b;          /* from a to b; the one value of the other forms in b */
    int has_a;
} found;

static int bound_at(const words *t, size_t i, found *f)
{
    static const struct { const char *w1, *w2; imp_form form; } bounds[] = {
        {"under", NULL, IMP_AT_MOST}, {"below", NULL, IMP_AT_MOST}, {"less", "than", IMP_AT_MOST},
        {"fewer", "than", IMP_AT_MOST}, {"at", "most", IMP_AT_MOST}, {"no", "more", IMP_AT_MOST},
        {"within", NULL, IMP_AT_MOST}, {"max", NULL, IMP_AT_MOST}, {"<", NULL, IMP_AT_MOST},
        {"<=", NULL, IMP_AT_MOST}, {"\xe2\x89\xa4", NULL, IMP_AT_MOST}, {"at", "least", IMP_AT_LEAST},
        {"above", NULL, IMP_AT_LEAST}, {"over", NULL, IMP_AT_LEAST}, {"more", "than", IMP_AT_LEAST},
        {"no", "less", IMP_AT_LEAST}, {"min", NULL, IMP_AT_LEAST}, {"minimum", NULL, IMP_AT_LEAST},
        {">", NULL, IMP_AT_LEAST}, {">=", NULL, IMP_AT_LEAST}, {"\xe2\x89\xa5", NULL, IMP_AT_LEAST},
        {"exceed", NULL, IMP_AT_LEAST}, {"exceeds", NULL, IMP_AT_LEAST},
    };
    for (size_t k = 0; k < sizeof bounds / sizeof bounds[0]; k++) {
        if (strcmp(t->lw[i], bounds[k].w1) != 0)
            continue;
        size_t j = i + 1;
        if (bounds[k].w2) {
            if (j >= t->n || strcmp(t->lw[j], bounds[k].w2) != 0)
                continue;
            j++;
            if (j < t->n && strcmp(t->lw[j], "than") == 0)
                j++; /* "no more than" */
        }
        if (j < t->n && strcmp(t->lw[j], "of") == 0)
            j++; /* "max of" */
        if (!num_at(t, j, &f->b))
            continue;
        if (strcmp(bounds[k].w1, "within") == 0 && f->b.unit != U_DUR)
            continue;
        if (strcmp(bounds[k].w1, "over") == 0 && f->b.unit == U_DUR)
            continue; /* "over 3 weeks" is a period */
        f->form = bounds[k].form;
        f->start = i;
        f->end = j + f->b.words;
        return 1;
    }
    return 0;
}

/* The first form the title states, in the order of the header comment. */
static int find_form(const words *t, found *f)
{
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i + 3 < t->n; i++) { /* from A to B */
        if (strcmp(t->lw[i], "from") != 0 || !num_at(t, i + 1, &f->a))
            continue;
        size_t j = i + 1 + f->a.words;
        if (j < t->n && strcmp(t->lw[j], "to") == 0 && num_at(t, j + 1, &f->b)) {
            f->form = IMP_FROM_TO;
            f->has_a = 1;
            f->start = i;
            f->end = j + 1 + f->b.words;
            return 1;
        }
    }
    for (size_t i = 0; i + 1 < t->n; i++) { /* by X */
        if (strcmp(t->lw[i], "by") == 0 && num_at(t, i + 1, &f->b)) {
            f->form = IMP_BY;
            f->start = i;
            f->end = i + 1 + f->b.words;
            return 1;
        }
    }
    for (size_t i = 0; i < t->n; i++)
        if (bound_at(t, i, f))
            return 1;
    for (size_t i = 0; i < t->n; i++) { /* 500+ */
        if (num_at(t, i, &f->b) && f->b.plus) {
            f->form = IMP_AT_LEAST;
            f->start = i;
            f->end = i + f->b.words;
            return 1;
        }
    }
    /* to X, of X, reach X, 70% of: "to" and "of" only after a verb of
     * change or reach ("Run reviews of 50 tickets" counts work). */
    size_t v = 0;
    while (v < t->n && in_list(t->lw[v], (const char *const[]){"we", "will", "to", NULL}))
        v++;
    int moves = v < t->n && (in_list(t->lw[v], UP_VERBS) || in_list(t->lw[v], DOWN_VERBS) ||
                             in_list(t->lw[v], REACH_VERBS));
    for (size_t i = 0; i < t->n; i++) {
        int lead = i == 0 || in_list(t->lw[i - 1], REACH_VERBS) ||
                   (moves && (strcmp(t->lw[i - 1], "to") == 0 || strcmp(t->lw[i - 1], "of") == 0));
        if (!lead || !num_at(t, i, &f->b))
            continue;
        if (i == 0 && !(f->b.unit == U_PCT && t->n > 1 && strcmp(t->lw[1], "of") == 0))
            continue;
        f->form = IMP_UNKNOWN_TO;
        f->start = i > 0 && !in_list(t->lw[i - 1], REACH_VERBS) ? i - 1 : i;
        f->end = i + f->b.words;
        return 1;
    }
    static const struct { const char *verb; double by; } times[] = {
        {"double", 100}, {"triple", 200}, {"halve", -50}, {"quadruple", 300}};
    for (size_t k = 0; t->n > 1 && k < sizeof times / sizeof times[0]; k++) {
        if (strcmp(t->lw[0], times[k].verb) != 0)
            continue;
        f->form = IMP_BY;
        f->b.v = fabs(times[k].by);
        f->b.sign = times[k].by > 0 ? 1 : -1;
        f->b.unit = U_PCT;
        f->b.words = 1;
        f->start = 0;
        f->end = 1;
        return 1;
    }
    return 0;
}

/* The first word that is not a filler ("We will", "To"): the verb, if any. */
static size_t first_word(const words *t)
{
    size_t i = 0;
    while (i < t->n && in_list(t->lw[i], (const char *const[]){"we", "will", "to", "i", "must", "should", NULL}))
        i++;
    return i;
}

static int verb_sign(const words *t)
{
    size_t i = first_word(t);
    if (i >= t->n)
        return 0;
    if (in_list(t->lw[i], UP_VERBS))
        return 1;
    if (in_list(t->lw[i], DOWN_VERBS))
        return -1;
    return 0;
}

static int stop_or_cut(const char *w)
{
    return in_list(w, STOP) || in_list(w, CUT_AT);
}

/* The metric's subject: the words before the move, else those after it. */
static void subject_range(const words *t, const found *f, size_t *from, size_t *to)
{
    size_t s = first_word(t);
    if (s < t->n && (in_list(t->lw[s], UP_VERBS) || in_list(t->lw[s], DOWN_VERBS) ||
                     in_list(t->lw[s], LEVEL_VERBS) || strcmp(t->lw[s], "quadruple") == 0))
        s++;
    while (s < t->n && in_list(t->lw[s], STOP))
        s++;
    size_t e = f->form == IMP_NONE ? t->n : f->start;
    if (f->form == IMP_NONE) { /* the text states no move: up to its first cut word */
        for (size_t i = s + 1; i < t->n; i++)
            if (in_list(t->lw[i], CUT_AT)) {
                e = i;
                break;
            }
    }
    while (e > s && stop_or_cut(t->lw[e - 1]))
        e--;
    if (e > s) {
        *from = s;
        *to = e;
        return;
    }
    s = f->end;
    while (s < t->n && in_list(t->lw[s], STOP))
        s++;
    e = s;
    while (e < t->n && !in_list(t->lw[e], CUT_AT))
        e++;
    while (e > s && stop_or_cut(t->lw[e - 1]))
        e--;
    *from = s;
    *to = e;
}

static void make_subject(okr_arena *arena, const words *t, size_t from, size_t to, imp_guess *g)
{
    char desc[512] = "", name[64] = "";
    size_t dn = 0, nn = 0;
    int name_words = 0;
    for (size_t i = from; i < to; i++) {
        num skip;
        if (num_at(t, i, &skip)) {
            i += skip.words - 1;
            continue;
        }
        const char *w = t->w[i];
        size_t len = strlen(w);
        while (len > 0 && strchr(",.;:!?)\"'", w[len - 1]))
            len--;
        while (len > 0 && strchr("(\"'", *w))
            w++, len--;
        if (len == 0)
            continue;
        if (dn + len + 2 < sizeof desc)
            dn += (size_t)snprintf(desc + dn, sizeof desc - dn, "%s%.*s", dn ? " " : "", (int)len, w);
        if (name_words >= 5 || in_list(t->lw[i], STOP))
            continue;
        size_t before = nn;
        if (nn && nn + 1 < sizeof name)
            name[nn++] = '_';
        size_t kept = 0;
        for (const char *p = t->lw[i]; *p && nn + 1 < sizeof name - 8; p++) {
            if (isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80))
                name[nn++] = *p, kept++;
            else if ((*p == '-' || *p == '/') && kept && isalnum((unsigned char)p[1]))
                name[nn++] = '_'; /* "first-contact": two words */
        }
        if (!kept)
            nn = before;
        else
            name_words++;
        name[nn] = '\0';
    }
    if (dn)
        desc[0] = (char)toupper((unsigned char)desc[0]);
    g->subject = dn ? okr_arena_strdup(arena, desc) : NULL;
    g->name = nn ? okr_arena_strdup(arena, name) : "metric";
}

/* A column's value: "40%", "3 days", "$1.2M", "1,500". */
static int column_num(okr_arena *arena, const char *text, num *n)
{
    if (!text)
        return 0;
    words t;
    split_words(arena, text, &t);
    return t.n > 0 && t.n <= 3 && num_at(&t, 0, n);
}

/* A unit column or a metric key's suffix, applied to values without one. */
static void unit_hint(okr_arena *arena, const char *unit, const char *key, num *hint)
{
    memset(hint, 0, sizeof *hint);
    if (unit) {
        char *low = okr_arena_strdup(arena, unit);
        for (char *p = low; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        if (strcmp(low, "$") == 0)
            hint->unit = U_MONEY, hint->currency = "USD";
        else if (strcmp(low, "\xe2\x82\xac") == 0)
            hint->unit = U_MONEY, hint->currency = "EUR";
        else
            unit_word(low, hint);
        return;
    }
    if (!key)
        return;
    const char *tail = key + strlen(key);
    while (tail > key && tail[-1] != '.' && tail[-1] != '_')
        tail--;
    char low[16];
    size_t l = 0;
    for (; tail[l] && l + 1 < sizeof low; l++)
        low[l] = (char)tolower((unsigned char)tail[l]);
    low[l] = '\0';
    if (strcmp(low, "pct") == 0 || strcmp(low, "percent") == 0)
        hint->unit = U_PCT;
    else if (strcmp(low, "ms") == 0 || strcmp(low, "seconds") == 0 || strcmp(low, "minutes") == 0 ||
             strcmp(low, "hours") == 0 || strcmp(low, "days") == 0)
        unit_word(low, hint);
}

static void apply_unit(num *n, const num *hint)
{
    if (n->unit != U_NONE || hint->unit == U_NONE)
        return;
    n->unit = hint->unit;
    n->suffix = hint->suffix;
    n->currency = hint->currency;
}

static int has_word(const char *subject, const char *const *list)
{
    if (!subject)
        return 0;
    char low[512];
    size_t n = 0;
    for (; subject[n] && n + 1 < sizeof low; n++)
        low[n] = (char)tolower((unsigned char)subject[n]);
    low[n] = '\0';
    char *save = NULL;
    for (char *w = strtok_r(low, " -/", &save); w; w = strtok_r(NULL, " -/", &save))
        if (in_list(w, list))
            return 1;
    return 0;
}

static const char *const RATE_WORDS[] = {"rate", "share", "percentage", "coverage", "retention", "conversion",
                                         "uptime", "availability", "adoption", "ratio", "accuracy", "nrr", "grr",
                                         "utilisation", "utilization", "occupancy", "penetration", NULL};

/* The metric's type, from the units written, then the subject's words,
 * then whether the numbers are whole. */
static void decide_type(imp_guess *g, const found *f, int fixed_by_pct)
{
    const num *vals[2] = {f->has_a ? &f->a : NULL, &f->b};
    for (int i = 0; i < 2; i++) {
        if (!vals[i])
            continue;
        switch (vals[i]->unit) {
        case U_PCT:
            if (f->form == IMP_BY)
                break; /* a relative change says nothing of the type */
            /* fall through */
        case U_PP: g->type = IMP_PERCENT; return;
        case U_DUR: g->type = IMP_DURATION; return;
        case U_MONEY: g->type = IMP_MONEY; g->currency = vals[i]->currency; return;
        default: break;
        }
    }
    int whole = 1, in_pct = 1;
    for (int i = 0; i < 2; i++)
        if (vals[i]) {
            whole &= vals[i]->v == floor(vals[i]->v);
            in_pct &= vals[i]->v >= 0 && vals[i]->v <= 100;
        }
    if (has_word(g->subject, (const char *const[]){"nps", "promoter", NULL}) &&
        fabs(f->b.v) <= 100 && (!f->has_a || fabs(f->a.v) <= 100)) {
        g->type = IMP_SCORE;
        return;
    }
    if (!fixed_by_pct && in_pct && has_word(g->subject, RATE_WORDS)) {
        g->type = IMP_PERCENT;
        return;
    }
    g->type = (whole || fixed_by_pct) && !has_word(g->subject, MONEY_WORDS) ? IMP_COUNT : IMP_NUMBER;
}

/* A number as .okr writes it: plain decimal, never an exponent (1e-07
 * would read as 1 with the unit e), at most 14 significant digits. */
static const char *fmt_num(okr_arena *arena, double v)
{
    char buf[64];
    int whole = 1;
    for (double a = fabs(v); a >= 10 && whole < 15; a /= 10)
        whole++;
    int decimals = 14 - whole;
    if (decimals < 0)
        decimals = 0;
    snprintf(buf, sizeof buf, "%.*f", decimals, v);
    if (strchr(buf, '.')) {
        size_t n = strlen(buf);
        while (buf[n - 1] == '0')
            buf[--n] = '\0';
        if (buf[n - 1] == '.')
            buf[--n] = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    return okr_arena_strdup(arena, buf);
}

/* A level in the metric's unit: "40%", "3d", "1500". */
static const char *fmt_level(okr_arena *arena, const imp_guess *g, const num *n)
{
    const char *v = fmt_num(arena, n->v);
    if (g->type == IMP_PERCENT)
        return okr_arena_printf(arena, "%s%%", v);
    if (g->type == IMP_DURATION)
        return okr_arena_printf(arena, "%s%s", v, n->suffix ? n->suffix : "d");
    return v;
}

static const char *fmt_change(okr_arena *arena, const imp_guess *g, const num *n, int sign)
{
    const char *v = fmt_num(arena, n->v);
    const char *s = sign < 0 ? "-" : "+";
    if (n->unit == U_PCT)
        return okr_arena_printf(arena, "%s%s%%", s, v);
    if (g->type == IMP_PERCENT)
        return okr_arena_printf(arena, "%s%spp", s, v);
    if (g->type == IMP_DURATION)
        return okr_arena_printf(arena, "%s%s%s", s, v, n->suffix ? n->suffix : "d");
    return okr_arena_printf(arena, "%s%s", s, v);
}

/* Words [from, to) of the title, as written. */
static const char *span_text(okr_arena *arena, const words *t, size_t from, size_t to)
{
    char buf[256] = "";
    size_t n = 0;
    for (size_t i = from; i < to && i < t->n; i++)
        n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, "%s%s", i > from ? " " : "", t->w[i]);
    n = strlen(buf);
    while (n > 0 && strchr(",.;:!?", buf[n - 1]))
        buf[--n] = '\0';
    return okr_arena_strdup(arena, buf);
}

/* Fills in from the baseline and target columns: they state the move when
 * the text does not, and the baseline the text leaves out. */
static void merge_columns(okr_arena *arena, const imp_kr *kr, const words *t, found *f, int change_verb,
                          const char **why)
{
    num cb, ct;
    int has_cb = column_num(arena, kr->baseline, &cb), has_ct = column_num(arena, kr->target, &ct);
    if (has_ct) {
        num unit_from = f->form != IMP_NONE ? f->b : ct;
        apply_unit(&ct, &unit_from);
        if (has_cb)
            apply_unit(&cb, &ct);
        if ((f->form == IMP_AT_LEAST || f->form == IMP_AT_MOST) && !change_verb) {
            f->b = ct;
            *why = "the target field";
            return;
        }
        if (f->form == IMP_NONE)
            f->start = f->end = t->n;
        if (has_cb || f->has_a) {
            f->a = has_cb ? cb : f->a;
            f->has_a = 1;
            f->form = IMP_FROM_TO;
        } else {
            f->form = IMP_UNKNOWN_TO;
        }
        f->b = ct;
        *why = has_cb ? "the baseline and target fields" : "the target field";
        return;
    }
    if (has_cb && f->form == IMP_UNKNOWN_TO) {
        apply_unit(&cb, &f->b);
        f->a = cb;
        f->has_a = 1;
        f->form = IMP_FROM_TO;
        *why = okr_arena_printf(arena, "the baseline field and \"%s\"", *why);
    }
}

static int decide_direction(const words *t, const found *f, const imp_guess *g, int *sign)
{
    int verb = verb_sign(t);
    *sign = 0;
    switch (f->form) {
    case IMP_FROM_TO:
        if (f->b.v != f->a.v)
            return f->b.v < f->a.v;
        break;
    case IMP_AT_MOST: return 1;
    case IMP_AT_LEAST: return 0;
    case IMP_BY:
        *sign = f->b.sign ? f->b.sign : verb ? verb : has_word(g->subject, DOWN_WORDS) ? -1 : 1;
        return *sign < 0;
    default: break;
    }
    if (verb)
        return verb < 0;
    return has_word(g->subject, DOWN_WORDS);
}

int imp_infer(okr_arena *arena, const imp_kr *kr, imp_guess *g)
{
    memset(g, 0, sizeof *g);
    words t;
    split_words(arena, kr->title, &t);
    found f;
    find_form(&t, &f);
    int change_verb = verb_sign(&t) != 0;
    if ((f.form == IMP_AT_LEAST || f.form == IMP_AT_MOST) && change_verb && f.start > 0 &&
        strcmp(t.lw[f.start - 1], "to") == 0) {
        f.form = IMP_UNKNOWN_TO; /* "cut latency to under 300ms": a level to reach */
        f.start--;
    }
    if (f.form == IMP_FROM_TO) { /* "from 12 to 4 days": one unit for both */
        apply_unit(&f.a, &f.b);
        apply_unit(&f.b, &f.a);
    }
    const char *why = f.form != IMP_NONE ? span_text(arena, &t, f.start, f.end) : NULL;
    size_t from, to;
    subject_range(&t, &f, &from, &to); /* from the text, before the columns fill in */
    merge_columns(arena, kr, &t, &f, change_verb, &why);
    num hint;
    unit_hint(arena, kr->unit, kr->metric_key, &hint);
    apply_unit(&f.a, &hint);
    apply_unit(&f.b, &hint);
    if (f.form == IMP_NONE && !kr->metric_key)
        return 0;
    if (f.form == IMP_FROM_TO && f.a.unit != f.b.unit && !(f.a.unit == U_PP || f.b.unit == U_PP))
        return 0; /* "from 3 days to 40%": not one metric */
    if (fabs(f.b.v) >= 1e12 || (f.has_a && fabs(f.a.v) >= 1e12))
        return 0;
    make_subject(arena, &t, from, to, g);
    g->form = f.form;
    g->why = why;
    decide_type(g, &f, f.form == IMP_BY && f.b.unit == U_PCT);
    if (f.form == IMP_NONE && hint.unit == U_PCT)
        g->type = IMP_PERCENT;
    if (f.form == IMP_NONE && hint.unit == U_DUR)
        g->type = IMP_DURATION;
    int sign;
    g->decreasing = decide_direction(&t, &f, g, &sign);
    if (f.form == IMP_BY)
        g->target = fmt_change(arena, g, &f.b, sign);
    else if (f.form != IMP_NONE)
        g->target = fmt_level(arena, g, &f.b);
    if (f.form == IMP_FROM_TO)
        g->baseline = fmt_level(arena, g, &f.a);
    if (kr->metric_key && hint.unit == U_DUR && hint.suffix)
        g->feed_unit = hint.suffix;
    return 1;
}

/* vocab_phrases.c: the short readings every reader of a text asks for.
 *
 * Numbers and dates: a deadline is a deadline word and a date ("by Q3",
 * "before 2026-09-30"), a full date alone ("September 15"), or "in August"
 * when the title is an activity; a plain count is a number that is not a
 * percentage, a decimal, a year or a quantity with a unit. People and
 * measures: who is named near a verb ("per new user", "by customers") and
 * whether the words after an activity verb name a measure with its target
 * ("Build time under 10 minutes", "Hold churn below 2%"). Each looks a
 * bounded number of words ahead, so reading a title stays linear. */
#include "vocab_internal.h"

/* ---------------------------------------------------------------- numbers and dates */

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
int vocab_is_quarter(const toks *ts, size_t i)
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
        if (vocab_is_quarter(ts, i + 1)) {
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
    if (vocab_is_quarter(ts, i)) {
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
        size_t pl = vocab_closed_phrase(v, L_PERIOD, ts, j);
        if (pl) {
            *end = j + pl;
            *strong = 1;
            return 1;
        }
        if (word_is(ts, j, "the"))
            j++;
        size_t e;
        int s2;
        if (vocab_is_quarter(ts, j) || in_list(v, L_MONTH, ts, j)) {
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
int vocab_deadline_at(const okr_vocab *v, const toks *ts, size_t i, int activity, size_t *end)
{
    size_t e;
    int strong;
    size_t dl = vocab_closed_phrase(v, L_DEADLINE, ts, i);
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

/* ---------------------------------------------------------------- counts */

/* The number at i is a plain count: not a percentage, a decimal, a year,
 * or a quantity with a unit ("45min", "10x"). Sets *end past it. */
int vocab_count_number(const okr_vocab *v, const toks *ts, size_t i, size_t *end)
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

/* ---------------------------------------------------------------- people and measures */

/* People at i: a people_noun, or the team's own staff negated ("non-
 * maintainers", "non-employees"), who are people outside the team. */
int vocab_people_at(const okr_vocab *v, const toks *ts, size_t i)
{
    hit h;
    if (i >= ts->n)
        return 0;
    if (in_list(v, L_ACTOR, ts, i))
        return 1;
    return i > 0 && ts->t[i].gap == GAP_HYPHEN && word_is(ts, i - 1, "non") &&
           vocab_match_list(v, OKR_VOCAB_STAFF_NOUN, ts, i, INFLECT_NOUN, &h);
}

/* "... per new user", "... by customers", "... among trial accounts":
 * the verb before is what people do, so its count is an outcome
 * ("Tutorials completed per new user", "Integrations added by customers").
 * Returns the token after the people, 0 when there are none. */
size_t vocab_people_after(const okr_vocab *v, const toks *ts, size_t i)
{
    size_t stop = i + 4 < ts->n ? i + 4 : ts->n;
    for (; i < stop; i++) {
        if (ts->t[i].gap == GAP_BREAK)
            return 0;
        if (word_is(ts, i, "per") || word_is(ts, i, "by") || word_is(ts, i, "among") || word_is(ts, i, "from")) {
            size_t j = i + 1;
            while (j < ts->n && j < i + 4 && !vocab_people_at(v, ts, j) &&
                   (!is_func(v, ts, j) || in_list(v, L_DET, ts, j)))
                j++;
            return vocab_people_at(v, ts, j) ? j + 1 : 0; /* just after the people */
        }
    }
    return 0;
}

/* Whether a target, an outcome verb or a comparator comes at i: the words
 * before it were the name of a measure, not an object. */
int vocab_target_follows(const okr_vocab *v, const toks *ts, size_t i)
{
    hit h;
    if (i >= ts->n)
        return 0;
    if (vocab_closed_phrase(v, L_COMPARATOR, ts, i) || vocab_match_outcome(v, ts, i, &h))
        return 1;
    if ((ts->t[i].flags & T_DIGIT) || word_is(ts, i, "is") || word_is(ts, i, "are") || word_is(ts, i, "per") ||
        word_is(ts, i, "as") || word_is(ts, i, "vs") || word_is(ts, i, "versus") || word_is(ts, i, "relative"))
        return 1; /* "Shipping cost as a share of order value" */
    return 0;
}

int vocab_comparator_later(const okr_vocab *v, const toks *ts, size_t i)
{
    hit h;
    for (; i < ts->n; i++) {
        if (word_is(ts, i, "from") || word_is(ts, i, "to") || word_is(ts, i, "at"))
            continue; /* too common as plain prepositions */
        if (vocab_closed_phrase(v, L_COMPARATOR, ts, i) || vocab_match_outcome(v, ts, i, &h))
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
int vocab_measure_follows(const okr_vocab *v, const toks *ts, size_t j)
{
    for (int units = 0; j < ts->n && units < 4; units++) {
        if (ts->t[j].gap == GAP_BREAK)
            return 0;
        size_t ue = unit_end(ts, j);
        if (ue == j + 1 && (is_func(v, ts, j) || (ts->t[j].flags & T_DIGIT) || is_number_word(v, ts, j)))
            return 0;
        size_t last = ue - 1;
        hit mh;
        if (vocab_match_list(v, L_MEASURE, ts, last, INFLECT_NONE, &mh) && mh.words == 1) {
            size_t k = ue;
            if (k >= ts->n || ts->t[k].gap == GAP_BREAK)
                return in_list(v, L_MEASURE_END, ts, last);
            if (vocab_target_follows(v, ts, k))
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
                (in_list(v, L_MEASURE_END, ts, last) || vocab_comparator_later(v, ts, k)))
                return 1;
        } else if (vocab_match_list(v, L_MEASURE, ts, j, INFLECT_NONE, &mh) && mh.words > 1 && j + mh.words == ue) {
            /* "lead time" */
            size_t k = ue;
            if (k >= ts->n || ts->t[k].gap == GAP_BREAK || vocab_target_follows(v, ts, k))
                return 1;
        }
        j = ue;
    }
    return 0;
}

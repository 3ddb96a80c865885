/* vocab_work.c: who does the work a key-result title names.
 *
 * Beyond its listed leading verb (vocab_title.c), a title says who works
 * by its shape: any verb before its object ("Distil the findings",
 * "Survey 300 accounts"), since the verbs that introduce outcomes are few
 * and listed; a thing and a participle with nothing after it ("3G sites
 * switched off"); the object of the work, the team's own staff ("Hire 4
 * engineers"), the people it is for, an outcome it is for ("to cut account
 * takeovers"), a level reached ("in under 2 seconds") and an aim
 * ("Happier customers"). Only key results are read this way; objective
 * statements and metric descriptions are judged by their listed verbs. */
#include "vocab_internal.h"

/* ---------------------------------------------------------------- the shape of a title */

static int in_plist(const okr_vocab *v, okr_vocab_list list, const toks *ts, size_t i, int mode, hit *h)
{
    return vocab_match_list(v, (int)list, ts, i, mode, h);
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
           vocab_match_deliverable(v, ts, i, &h) || vocab_match_count_noun(v, ts, i, &h) ||
           in_list(v, L_MONTH, ts, i) || in_list(v, L_NUMWORD, ts, i) || number_modifier(ts, i);
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
        vocab_match_outcome(v, ts, p, &h) || vocab_match_activity(v, ts, p, &h))
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
    if (vocab_count_number(v, ts, q, &e) && e < ts->n && ts->t[e].gap != GAP_BREAK && !(ts->t[e].flags & T_DIGIT) &&
        !vocab_closed_phrase(v, L_COMPARATOR, ts, e) && !is_func(v, ts, e) && !is_measure(v, ts, e))
        return 1;
    if (particle_at(ts, q) && q + particle_at(ts, q) < ts->n && !vocab_target_follows(v, ts, q + particle_at(ts, q)))
        return 1;
    if (n >= 6 && (ends_with(w, n, "ize") || ends_with(w, n, "ise") || ends_with(w, n, "ify") ||
                   ends_with(w, n, "ate")) &&
        !is_func(v, ts, q) && !vocab_measure_follows(v, ts, q) && !vocab_target_follows(v, ts, q))
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
        if (vocab_match_outcome(v, ts, j, &h) || in_list(v, L_ACTOR, ts, j - 1) || is_measure(v, ts, j - 1) ||
            in_list(v, L_ADMIN, ts, j))
            return 0;
        /* "Projects created per week": what users do as often, at a rate. */
        if ((vocab_match_activity(v, ts, j, &h) &&
             (in_list(v, L_SHARED_VERB, ts, j) || set_find(v, L_SHARED_VERB, h.lemma, strlen(h.lemma)))) ||
            word_is(ts, j + 1, "per"))
            return 0;
        size_t k = j + 1;
        if (k < ts->n && particle_at(ts, k))
            k += particle_at(ts, k);
        if (word_is(ts, k, "by") && vocab_people_after(v, ts, k))
            return 0; /* "Written answers accepted by the asker" */
        if (!(k >= ts->n || is_break(ts, k) || (is_func(v, ts, k) && !in_list(v, L_DET, ts, k)) ||
              word_is(ts, k, "back")))
            return 0;
        /* "Cases escalated to the ombudsman fall by a quarter": the title
         * goes on to state its outcome. */
        return vocab_comparator_later(v, ts, k) || find_performance(v, ts, k).len ? 0 : j;
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
        else if (vocab_count_number(v, ts, j, &e))
            j = e;
        else
            break;
    }
    size_t start = j, end = j;
    for (int units = 0; j < ts->n && units < 6; units++) {
        if (j > start && ts->t[j].gap == GAP_BREAK)
            break;
        if (vocab_count_number(v, ts, j, &e)) {
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
        /* A bound never starts with these ("at least" neither): test them
         * before the phrase lookup, which tries every length. */
        if (word_is(ts, i, "from") || word_is(ts, i, "to") || word_is(ts, i, "at") || word_is(ts, i, "over"))
            continue;
        size_t cl = vocab_closed_phrase(v, L_COMPARATOR, ts, i);
        if (cl && i + cl < ts->n &&
            ((ts->t[i + cl].flags & T_DIGIT) || is_number_word(v, ts, i + cl) || word_is(ts, i + cl, "a"))) {
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
                vocab_match_outcome(v, ts, k, &h) || ends_with(word(ts, k), ts->t[k].len, "s"))
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
void vocab_read_work(const okr_vocab *vocab, const toks *ts, size_t p, okr_title_facts *facts, int aim)
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
        if (vocab_match_list(vocab, OKR_VOCAB_STAFF_VERB, ts, p, INFLECT_VERB, &h) && facts->object.len)
            facts->staff = facts->leading_activity;
        else if (facts->object.len && (vocab_match_list(vocab, OKR_VOCAB_STAFF_NOUN, ts, head, INFLECT_NOUN, &h) ||
                                       vocab_match_list(vocab, OKR_VOCAB_STAFF_NOUN, ts, head, INFLECT_NONE, &h)))
            facts->staff = make_match(ts, head, 1, NULL);
    }
    /* Staffing anywhere: "bring three ML engineers on board", "hire a
     * content designer and two field marketers". */
    for (size_t i = p; i < ts->n && !facts->staff.len; i++) {
        if (vocab_match_list(vocab, OKR_VOCAB_STAFF_VERB, ts, i, INFLECT_VERB, &h) && !is_participle(h.kind) &&
            i + h.words < ts->n && !is_break(ts, i + h.words) &&
            (in_list(vocab, L_DET, ts, i + h.words) || (ts->t[i + h.words].flags & T_DIGIT) ||
             is_number_word(vocab, ts, i + h.words) ||
             vocab_match_list(vocab, OKR_VOCAB_STAFF_NOUN, ts, i + h.words, INFLECT_NOUN, &h)))
            facts->staff = make_match(ts, i, 1, NULL);
        else if (word_is(ts, i, "on") && word_is(ts, i + 1, "board") && i > p)
            facts->staff = make_match(ts, i, 2, NULL);
        /* "100% of claims handlers certified", "All managers trained" */
        else if (i > p && vocab_match_list(vocab, OKR_VOCAB_STAFF_VERB, ts, i, INFLECT_VERB, &h) &&
                 is_participle(h.kind) &&
                 (vocab_people_at(vocab, ts, i - 1) ||
                  vocab_match_list(vocab, OKR_VOCAB_STAFF_NOUN, ts, i - 1, INFLECT_NOUN, &h) ||
                  (ts->t[i - 1].len > 3 && ends_with(word(ts, i - 1), ts->t[i - 1].len, "ers"))))
            facts->staff = make_match(ts, i - 1, 2, NULL);
    }
    for (size_t i = p; aim && i < ts->n && !facts->people.len; i++)
        if (vocab_people_at(vocab, ts, i))
            facts->people = make_match(ts, i, 1, NULL);
    for (size_t i = p + 1; i + 1 < ts->n && !facts->purpose.len; i++) {
        size_t j = i + 1;
        if (word_is(ts, i, "to") && vocab_match_outcome(vocab, ts, j, &h)) {
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
            if (vocab_match_outcome(vocab, ts, k, &h) || vocab_closed_phrase(vocab, L_COMPARATOR, ts, k))
                facts->purpose = make_match(ts, i, k + 1 - i, NULL);
    }
    facts->performance = find_performance(vocab, ts, p);
    if (aim)
        facts->aim = find_aim(vocab, ts, p, facts);
}

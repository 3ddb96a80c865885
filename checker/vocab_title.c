/* vocab_title.c: the reader of key-result titles and objective statements.
 *
 * A title is read in one left-to-right pass over its tokens
 * (vocab_words.c):
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
 * A key-result title is then read for who does the work (vocab_work.c); an
 * objective statement is judged by its listed words alone.
 * Everything is linear in the length of the title with a small constant:
 * a token's possible lists are found once, and every rule looks a bounded
 * number of words ahead. Titles are analysed up to MAX_TOKENS words, which
 * no real key result reaches; a longer text is judged by its start. */
#include "../common/hash.h"
#include "vocab_internal.h"

/* ---------------------------------------------------------------- the lead and the subject */

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
        if (units > 0 && (vocab_match_outcome(v, ts, j, &h) || vocab_closed_phrase(v, L_COMPARATOR, ts, j)))
            return !word_is(ts, j, "to") && !word_is(ts, j, "at") && !word_is(ts, j, "from");
        size_t ue = unit_end(ts, j);
        /* "Published job postings that receive 10+ applicants", "Written
         * answers accepted by the asker": the participle describes a
         * subject that does or undergoes something else. */
        if (units > 0 && in_list(v, L_RELATIVE, ts, j))
            return 1;
        if (units > 0 && ue == j + 1 && ts->t[j].len > 4 && ends_with(word(ts, j), ts->t[j].len, "ed") &&
            ts->t[j - 1].len > 2 && word(ts, j - 1)[ts->t[j - 1].len - 1] == 's' && !vocab_match_activity(v, ts, j, &h))
            return 1;
        /* "Published listings per active seller": what people do. */
        if (units > 0 && vocab_people_after(v, ts, j) && (word_is(ts, j, "per") || word_is(ts, j, "by") ||
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
        size_t ml = vocab_closed_phrase(v, L_MEANS, ts, i);
        if (!ml)
            continue;
        size_t e;
        if (vocab_deadline_at(v, ts, i, 0, &e))
            continue;
        size_t r = i + ml;
        for (int units = 0; r < ts->n && units < 4; units++) {
            if (ts->t[r].gap == GAP_BREAK || (ts->t[r].flags & T_DIGIT) || is_number_word(v, ts, r))
                break;
            if (vocab_match_activity(v, ts, r, &h) && (h.kind & (K_ING | K_ED | K_FORM)) &&
                !vocab_measure_follows(v, ts, r + h.words)) {
                f->means_activity = make_match(ts, r, h.words, h.lemma);
                return;
            }
            if (vocab_match_deliverable(v, ts, r, &h) && !is_measure(v, ts, r)) {
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
        size_t al = vocab_closed_phrase(v, OKR_VOCAB_ADVERB, ts, p);
        if (al) {
            p += al;
            continue;
        }
        const char *w = word(ts, p);
        size_t n = ts->t[p].len;
        if (n >= 5 && ends_with(w, n, "ly") && !in_list(v, L_NOT_ADVERB, ts, p) &&
            vocab_match_activity(v, ts, p + 1, &h)) {
            p++;
            continue;
        }
        /* Labels: "Q3:", "KR2:", "1)", "KR 2:" */
        size_t q = p;
        if (word_is(ts, q, "kr") && q + 1 < ts->n && (ts->t[q + 1].flags & T_DIGITS))
            q++;
        if (q + 1 < ts->n && ts->t[q + 1].gap == GAP_BREAK &&
            (vocab_is_quarter(ts, q) || (ts->t[q].flags & T_DIGITS) ||
             (n >= 3 && w[0] == 'k' && w[1] == 'r' && w[2] >= '0' && w[2] <= '9'))) {
            p = q + 1;
            continue;
        }
        size_t e;
        if (vocab_deadline_at(v, ts, p, 1, &e) && e < ts->n) {
            p = e;
            continue;
        }
        break;
    }
    return p;
}

/* The subject of a title read so far: its first word past determiners,
 * the end of its last word, the word being read, how many words
 * (hyphenated groups) it has, and whether people's verb was read into it
 * ("Projects created per week grow 30%"). */
typedef struct subject {
    size_t first, last_end, q;
    int units, user_verb;
    int means; /* OKR_FACTS_MEANS was asked for */
} subject;

/* What a verb after the subject decides. */
enum { VERB_NONE, VERB_DECIDED, VERB_READ_ON };

/* The subject's outcome verb at q ("Weekly active teams double"): the same
 * reading as a leading one, with a deliverable subject as the means ("The
 * checkout redesign lifts conversion"). Returns 1 when there is one. */
static int subject_outcome(const okr_vocab *v, const toks *ts, const subject *s, okr_title_facts *f)
{
    hit h, d;
    if (!vocab_match_outcome(v, ts, s->q, &h))
        return 0;
    f->leading_outcome = make_match(ts, s->q, h.words, h.lemma);
    if (!s->means)
        return 1;
    if (vocab_match_deliverable(v, ts, s->last_end - 1, &d) && !is_measure(v, ts, s->last_end - 1))
        f->means_activity = make_match(ts, s->last_end - 1, 1, d.lemma);
    else
        find_means(v, ts, s->q + h.words, f);
    return 1;
}

/* Whether the activity verb at r (h), after the subject whose last word is
 * `head`, is what people do rather than the team's work. */
static int people_verb(const okr_vocab *v, const toks *ts, size_t r, const hit *h, size_t head, size_t after,
                       size_t people_end)
{
    int actor = in_list(v, L_ACTOR, ts, head);
    /* "Orders shipped on time", "Tickets resolved within
     * SLA": what happens to a measured thing. */
    int measured = is_measure(v, ts, head);
    size_t e;
    int dated = 0;
    for (size_t k = after; k < ts->n && !dated; k++)
        dated = vocab_deadline_at(v, ts, k, 1, &e);
    /* "Customers complete onboarding", "Users completed
     * setup": people doing things are the outcome. A
     * participle right after them with no object is
     * passive ("Customers migrated to v2"): the team's work. */
    int passive = is_participle(h->kind) &&
                  (after >= ts->n || ts->t[after].gap == GAP_BREAK ||
                   (is_func(v, ts, after) && !in_list(v, L_DET, ts, after)) || dated);
    hit cn;
    int user = (actor && !passive) || people_end || measured;
    if (!user && (in_list(v, L_SHARED_VERB, ts, r) || set_find(v, L_SHARED_VERB, h->lemma, strlen(h->lemma)))) {
        int output_noun = vocab_match_deliverable(v, ts, head, &cn) || vocab_match_count_noun(v, ts, head, &cn);
        user = !output_noun && !dated;
    }
    return user;
}

/* The subject's activity verb at q, after "is", "will be", "has been":
 * VERB_DECIDED when it is the team's work (leading_activity is set),
 * VERB_READ_ON when it is what people do and the subject goes on past it,
 * VERB_NONE when there is none. */
static int subject_activity(const okr_vocab *v, const toks *ts, subject *s, okr_title_facts *f)
{
    hit h;
    size_t q = s->q, r = q;
    /* "goes live" is a verb phrase of its own, not "goes" + "live". */
    if (!vocab_match_activity(v, ts, q, &h))
        while (r < ts->n && r < q + 3 && in_list(v, L_AUX, ts, r) && ts->t[r].gap != GAP_BREAK)
            r++;
    int aux = r > q;
    if (!(r < ts->n && ts->t[r].gap != GAP_BREAK && vocab_match_activity(v, ts, r, &h) &&
          (r + h.words >= ts->n || ts->t[r + h.words].gap != GAP_HYPHEN)))
        return VERB_NONE;
    size_t after = r + h.words;
    int accepted = is_participle(h.kind) || ((h.kind & K_S) && verb_follower(v, ts, after)) ||
                   (aux && (h.kind & (K_BASE | K_ING)));
    if (!accepted || (is_participle(h.kind) && !aux && vocab_measure_follows(v, ts, after)))
        return VERB_NONE;
    size_t people_end = vocab_people_after(v, ts, after);
    if (!people_verb(v, ts, r, &h, s->last_end - 1, after, people_end)) {
        f->leading_activity = make_match(ts, r, h.words, h.lemma);
        return VERB_DECIDED;
    }
    /* What people do is part of the subject: read on for
     * its verb ("Projects created per week grow 30%"). */
    s->user_verb = 1;
    s->last_end = people_end ? people_end : after;
    s->units++;
    s->q = s->last_end;
    return VERB_READ_ON;
}

/* "SSO live by Q3", "Billing migration complete": a deliverable and a
 * status word. Returns 1 when it sets leading_activity. */
static int subject_status(const okr_vocab *v, const toks *ts, const subject *s, okr_title_facts *f)
{
    size_t q = s->q;
    if (!(in_list(v, L_STATUS, ts, q) || vocab_closed_phrase(v, L_STATUS, ts, q)))
        return 0;
    hit d;
    size_t sl = vocab_closed_phrase(v, L_STATUS, ts, q);
    size_t e;
    size_t nx = q + (sl ? sl : 1);
    if (vocab_match_deliverable(v, ts, s->last_end - 1, &d) &&
        (nx >= ts->n || ts->t[nx].gap == GAP_BREAK || vocab_deadline_at(v, ts, nx, 1, &e) || is_func(v, ts, nx))) {
        f->leading_activity = make_match(ts, s->last_end - 1, 1, d.lemma);
        return 1;
    }
    return 0;
}

/* A whole subject and no verb after it: a deliverable names the work. */
static void subject_deliverable(const okr_vocab *v, const toks *ts, const subject *s, okr_title_facts *f)
{
    size_t q = s->q, first = s->first;
    /* The subject ends in a deliverable and no verb followed: "SSO rollout
     * to all tenants", "Beta launch of the editor", "Migration of billing". A
     * measure that is also a deliverable ("Onboarding completion") counts
     * only at the very start ("Completion of the migration"). */
    size_t head = s->last_end - 1;
    hit d;
    if (vocab_match_deliverable(v, ts, head, &d) && d.words == 1 && !(is_measure(v, ts, head) && s->units > 1) &&
        !(q < ts->n && vocab_target_follows(v, ts, q) && !word_is(ts, q, "to"))) {
        f->leading_activity = make_match(ts, head, 1, d.lemma);
        return;
    }
    /* A deliverable phrase starting the subject: "Beta launch" is listed
     * whole, or "Rollout" leads. */
    if (vocab_match_deliverable(v, ts, first, &d) && first + d.words == s->last_end && !is_measure(v, ts, first) &&
        !(q < ts->n && vocab_target_follows(v, ts, q) && !word_is(ts, q, "to"))) {
        f->leading_activity = make_match(ts, first, d.words, d.lemma);
    }
}

/* The title read as subject + verb ("New onboarding flow shipped by Q3",
 * "SSO rollout to all tenants", "Customers adopt sharing"). */
static void read_subject(const okr_vocab *v, const toks *ts, size_t p, unsigned parts, okr_title_facts *f)
{
    subject s;
    memset(&s, 0, sizeof s);
    s.q = p;
    s.means = (parts & OKR_FACTS_MEANS) != 0;
    while (s.q < ts->n && in_list(v, L_DET, ts, s.q) && unit_end(ts, s.q) == s.q + 1)
        s.q++;
    s.first = s.last_end = s.q;
    int ended = 0;
    while (s.q < ts->n && s.units < 6) {
        if (s.units > 0 && ts->t[s.q].gap == GAP_BREAK) {
            ended = 1;
            break;
        }
        size_t ue = unit_end(ts, s.q);
        int single = ue == s.q + 1;
        if (s.units > 0) {
            if (subject_outcome(v, ts, &s, f))
                return;
            int verb = subject_activity(v, ts, &s, f);
            if (verb == VERB_DECIDED)
                return;
            if (verb == VERB_READ_ON)
                continue;
            if (subject_status(v, ts, &s, f))
                return;
        }
        /* "Support tickets per active account fall 20%": a rate is one
         * subject. */
        if (s.units > 0 && single && word_is(ts, s.q, "per") && s.q + 1 < ts->n && !is_func(v, ts, s.q + 1) &&
            ts->t[s.q + 1].gap != GAP_BREAK) {
            s.q = unit_end(ts, s.q + 1);
            continue;
        }
        if (single && is_func(v, ts, s.q)) {
            ended = 1;
            break;
        }
        if (single && (ts->t[s.q].flags & T_PCT))
            return; /* "35% of new accounts ..." names a measure */
        s.last_end = ue;
        s.units++;
        s.q = ue;
    }
    if (s.q >= ts->n)
        ended = 1;
    if (!ended || s.units == 0 || s.user_verb)
        return;
    subject_deliverable(v, ts, &s, f);
}

/* ---------------------------------------------------------------- counts of output */

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
        if (vocab_match_count_noun(v, ts, j, &h)) { /* before the function words: "A/B tests" */
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
        if (!vocab_count_number(v, ts, i, &ne))
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
                if (vocab_match_activity(v, ts, s, &h) && s + h.words == b)
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

/* ---------------------------------------------------------------- the reading */

void vocab_analyze_toks(const okr_vocab *vocab, const toks *ts, okr_title_facts *facts, unsigned parts)
{
    memset(facts, 0, sizeof *facts);
    for (size_t i = 0; (parts & OKR_FACTS_NUMBER) && i < ts->n; i++)
        if ((ts->t[i].flags & T_DIGIT) || is_number_word(vocab, ts, i))
            facts->has_number = 1;
    if (ts->n == 0)
        return;

    hit h;
    size_t p = skip_lead(vocab, ts);
    if (p < ts->n) {
        if (vocab_match_outcome(vocab, ts, p, &h)) {
            facts->leading_outcome = make_match(ts, p, h.words, h.lemma);
            if (parts & OKR_FACTS_MEANS)
                find_means(vocab, ts, p + h.words, facts);
        } else if (vocab_match_activity(vocab, ts, p, &h)) {
            size_t after = p + h.words;
            int ok = 1;
            /* "Run-rate revenue", "Build-time": the first half of a compound. */
            if (after < ts->n && ts->t[after].gap == GAP_HYPHEN)
                ok = 0;
            /* A plural noun, not a verb, unless an object follows: "Deploys
             * per day" vs "Ships the new flow". */
            if (ok && !(h.kind & (K_BASE | K_ED | K_ING | K_FORM)) && !verb_follower(vocab, ts, after))
                ok = 0;
            if (ok && (vocab_measure_follows(vocab, ts, after) || label_then_share(ts, after)))
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
            read_subject(vocab, ts, p, parts, facts);
        if (parts & OKR_FACTS_WORK)
            vocab_read_work(vocab, ts, p, facts, (parts & OKR_FACTS_AIM) != 0);
    }
    if (!(parts & OKR_FACTS_COUNT_DATE))
        return;

    find_count(vocab, ts, p, facts);

    int activity = facts->leading_activity.len || facts->count_of_activity.len;
    for (size_t i = 0; i < ts->n; i++) {
        size_t e;
        if (vocab_deadline_at(vocab, ts, i, activity, &e)) {
            facts->date = make_match(ts, i, e - i, NULL);
            break;
        }
    }
}

void okr_vocab_analyze_title_parts(const okr_vocab *vocab, const char *text, unsigned parts, okr_title_facts *facts)
{
    memset(facts, 0, sizeof *facts);
    if (!vocab || !text)
        return;
    toks ts;
    vocab_tokenize(vocab, text, &ts);
    vocab_analyze_toks(vocab, &ts, facts, parts);
}

void okr_vocab_analyze_title(const okr_vocab *vocab, const char *text, okr_title_facts *facts)
{
    okr_vocab_analyze_title_parts(vocab, text, OKR_FACTS_ALL, facts);
}

void okr_vocab_analyze_statement(const okr_vocab *vocab, const char *text, okr_title_facts *facts)
{
    okr_vocab_analyze_title_parts(vocab, text, OKR_FACTS_ALL & ~(OKR_FACTS_WORK | OKR_FACTS_AIM), facts);
}

/* ---------------------------------------------------------------- memo */

/* A text shorter than INLINE_TEXT is kept in its slot too, so that a hit
 * is compared there rather than against the first text, which lies in
 * another file's part of the arena (a cache miss per hit). */
enum { INLINE_TEXT = 64 };

typedef struct title_reading {
    const char *text; /* NULL: empty */
    uint64_t hash;
    size_t len;
    unsigned parts;
    okr_title_facts facts;
    char inline_text[INLINE_TEXT];
} title_reading;

struct okr_title_memo {
    title_reading *slots;
    size_t mask;
};

okr_title_memo *okr_title_memo_new(okr_arena *arena, size_t texts, size_t max_slots)
{
    size_t slots = 16;
    while (slots < texts && slots < max_slots)
        slots *= 2;
    okr_title_memo *m = okr_arena_alloc(arena, sizeof *m);
    m->slots = okr_arena_alloc(arena, slots * sizeof *m->slots);
    m->mask = slots - 1;
    return m;
}

void okr_vocab_analyze_title_memo(const okr_vocab *vocab, okr_title_memo *memo, const char *text, unsigned parts,
                                  okr_title_facts *facts)
{
    if (!memo || !vocab || !text) {
        okr_vocab_analyze_title_parts(vocab, text, parts, facts);
        return;
    }
    /* The hash runs over every title, hit or miss. */
    size_t len = strlen(text);
    uint64_t h = okr_hash_bytes(0x9e3779b97f4a7c15ULL + parts, text, len);
    title_reading *r = &memo->slots[h & memo->mask];
    if (r->text && r->hash == h && r->len == len && r->parts == parts &&
        (r->text == text || memcmp(len < INLINE_TEXT ? r->inline_text : r->text, text, len) == 0)) {
        *facts = r->facts;
        return;
    }
    okr_vocab_analyze_title_parts(vocab, text, parts, facts);
    r->text = text;
    r->hash = h;
    r->len = len;
    r->parts = parts;
    r->facts = *facts;
    if (len < INLINE_TEXT)
        memcpy(r->inline_text, text, len);
}

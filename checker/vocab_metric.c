/* vocab_metric.c: the reader of a metric's description, or its name.
 *
 * A metric counts output when it counts activity nouns ("Number of blog
 * posts") or names what an activity verb produced ("Features launched",
 * "interviews_conducted"), unless it is a measure (a rate, a share, a time:
 * "Deploy success rate", "Deployment frequency") or people are its subject:
 * "Users who completed onboarding", "Tutorials completed per new user" and
 * "Integrations added by customers" are what users do. Verbs users do as
 * often as teams (complete, create, add, run, build, write, ...) count
 * output only with an output noun ("Features added", "Migrations
 * completed"): "Projects created per week" is engagement.
 * Beyond output, a metric's subject says who moves it: the team's own
 * staff, process, estate, queue or files ("Managers trained", "Services
 * with a runbook", "Open design requests", "Accounts with an assigned
 * CSM"), or people and measures whose change is an outcome. */
#include "vocab_internal.h"

/* ---------------------------------------------------------------- output counted */

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
        if (vocab_match_count_noun(v, ts, i, &c)) { /* "pull requests" holds "requests" */
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
            vocab_people_after(v, ts, i))
            return 0;
    }
    for (size_t i = 0; i < ts->n; i++) {
        /* A counted output noun: "Number of blog posts", "webinars_hosted",
         * "interview_count". Its head must end the phrase: "Webinar
         * attendees" and "Features used per account" count something else. */
        if (vocab_match_count_noun(v, ts, i, &c)) {
            size_t nx = i + c.words;
            int plural = (c.kind & K_S) != 0;
            int head = nx >= ts->n || ts->t[nx].gap == GAP_BREAK || is_func(v, ts, nx) ||
                       word_is(ts, nx, "count") || word_is(ts, nx, "total") || word_is(ts, nx, "number") ||
                       word_is(ts, nx, "weekly") || word_is(ts, nx, "monthly") ||
                       word_is(ts, nx, "quarterly") ||
                       (vocab_match_activity(v, ts, nx, &h) && is_participle(h.kind));
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
        if (vocab_match_activity(v, ts, i, &h) && is_participle(h.kind) &&
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
                int output_noun = vocab_match_count_noun(v, ts, i - 1, &c) || vocab_match_deliverable(v, ts, i - 1, &c);
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
                    if (vocab_match_count_noun(v, ts, j, &c) || (!shared && vocab_match_deliverable(v, ts, j, &c)))
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
    vocab_tokenize(v, text, &ts);
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
    if (end < ts->n && vocab_match_activity(v, ts, end, &h) && is_participle(h.kind))
        return 0;
    return end > first && vocab_people_at(v, ts, head) && !in_list(v, L_RELATIVE, ts, end);
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
    vocab_tokenize(vocab, description ? description : "", &ts);
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
            if (vocab_match_list(v, OKR_VOCAB_PROCESS_NOUN, ts, j, INFLECT_NOUN, &h) || in_list(v, L_ADMIN, ts, j) ||
                vocab_closed_phrase(v, L_ADMIN, ts, j))
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
    if (vocab_people_after(v, ts, end))
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
    if (vocab_match_outcome(v, ts, end, &h))
        return 1;
    /* People with something else have done it themselves: "Squads with
     * daily deploys". */
    return has && people_head;
}

/* The subject of a metric's text (metric_subject) and whether it acts. */
typedef struct metric_span {
    size_t first, head, end; /* the subject is [first, end); head is its last word */
    size_t head_start;       /* the head's hyphenated group: "Sign-ups" */
    int acts;                /* the subject does something itself (subject_acts) */
} metric_span;

/* People and measures the text names outside the subject's modifiers: sets
 * people_or_measure, people_any and the first as subject; returns 1 when a
 * measure (other than a share or a count) is named. */
static int people_and_measures(const okr_vocab *v, const toks *ts, const metric_span *s, okr_metric_facts *f)
{
    hit h;
    int measure = 0;
    for (size_t i = 0; i < ts->n; i++) {
        /* A modifier inside the subject says what kind of thing is
         * counted, not who acts: "Healthcare customer stories", "Churn
         * interviews", "Open tech-debt tickets". */
        if (i >= s->first && i < s->head_start && s->end > s->first + 1 && word(ts, i)[ts->t[i].len - 1] != 's')
            continue;
        if (in_list(v, L_ACTOR, ts, i) && !vocab_match_list(v, OKR_VOCAB_STAFF_NOUN, ts, i, INFLECT_NOUN, &h)) {
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
    return measure;
}

/* "Open design requests", "Incident reports pending review", "Stale
 * feature flags": work waiting in the team's own queue. A head that
 * names people or a measure of service ("Open support tickets") is not
 * the team's queue. */
static void find_backlog(const okr_vocab *v, const toks *ts, const metric_span *s, okr_metric_facts *f)
{
    size_t first = s->first, end = s->end;
    int measured = 0; /* a measure in the subject, but for a singular modifier ("Incident reports") */
    for (size_t i = first; i < end; i++)
        measured |= is_measure(v, ts, i) && !neutral_measure(ts, i) &&
                    !(i + 1 < end && word(ts, i)[ts->t[i].len - 1] != 's');
    if (end > first && !f->people_head && !measured && !s->acts)
        for (size_t i = first; i < ts->n && i < end + 3 && !f->backlog.len && !is_break(ts, i); i++)
            if (word_is(ts, i, "open") || word_is(ts, i, "pending") || word_is(ts, i, "awaiting") ||
                word_is(ts, i, "waiting") ||
                (word_is(ts, i, "past") && (word_is(ts, i + 1, "their") || word_is(ts, i + 1, "its"))) ||
                word_is(ts, i, "stale") || word_is(ts, i, "overdue") || word_is(ts, i, "backlog") ||
                word_is(ts, i, "unresolved") || word_is(ts, i, "outstanding"))
                f->backlog = make_match(ts, i, 1, NULL);
}

/* The team's own process, in the subject ("Unit-test coverage", "Open
 * tech-debt tickets") or what the subject has ("Services with an
 * on-call runbook"), and what the team files for it (admin). */
static void find_process(const okr_vocab *v, const toks *ts, const metric_span *s, okr_metric_facts *f)
{
    hit h;
    size_t first = s->first, head = s->head, end = s->end;
    int acts = s->acts;
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
            if ((in_list(v, L_ADMIN, ts, i) || vocab_closed_phrase(v, L_ADMIN, ts, i)) && !word_is(ts, i - 1, "not"))
                f->admin = make_match(
                    ts, i, vocab_closed_phrase(v, L_ADMIN, ts, i) ? vocab_closed_phrase(v, L_ADMIN, ts, i) : 1, NULL);
    for (size_t i = first; i < ts->n && i < stop && !f->process.len && !acts; i++) {
        /* Only the noun phrase right after the connector: "with a success
         * plan", not "with stock on shelf at store audit". */
        if (i > end && (is_break(ts, i) || (i > end + 1 && is_func(v, ts, i) && !in_list(v, L_DET, ts, i) &&
                                             unit_end(ts, i) == i + 1 && ts->t[i].gap != GAP_HYPHEN)))
            break;
        if (vocab_match_list(v, OKR_VOCAB_PROCESS_NOUN, ts, i, INFLECT_NOUN, &h))
            f->process = make_match(ts, i, h.words, h.lemma);
    }
}

/* The team's own people and estate as the subject: "Managers trained",
 * "Teachers certified", "New hires onboarded" (people the team staffs,
 * whoever they are elsewhere), "Engineers on the team", "Services on
 * Kubernetes". */
static void find_staff_and_asset(const okr_vocab *v, const toks *ts, const metric_span *s, okr_metric_facts *f)
{
    hit h;
    size_t first = s->first, head = s->head, end = s->end;
    int acts = s->acts;
    if (end < ts->n && vocab_match_list(v, OKR_VOCAB_STAFF_VERB, ts, end, INFLECT_VERB, &h) &&
        is_participle(h.kind) && end > first)
        f->staff = make_match(ts, head, end + 1 - head, NULL);
    if (!f->staff.len && !acts && end > first &&
        (vocab_match_list(v, OKR_VOCAB_STAFF_NOUN, ts, head, INFLECT_NOUN, &h) ||
         vocab_match_list(v, OKR_VOCAB_STAFF_NOUN, ts, first, INFLECT_NOUN, &h)))
        f->staff = make_match(ts, h.first, h.words, h.lemma);
    if (!acts && end > first && vocab_match_list(v, OKR_VOCAB_ASSET_NOUN, ts, head, INFLECT_NOUN, &h))
        f->asset = make_match(ts, head, 1, h.lemma);
}

/* "Agronomist field visits", "Area manager visits", "Outbound calls":
 * what the team's own people do, counted. */
static void find_staff_work(const okr_vocab *v, const toks *ts, const metric_span *s, okr_metric_facts *f)
{
    hit h;
    if (!s->acts && s->end > s->first + 1 && !f->activity.len)
        for (size_t i = s->first; i < s->head && !f->staff.len; i++)
            if (word_is(ts, i, "outbound") ||
                (vocab_match_list(v, OKR_VOCAB_STAFF_NOUN, ts, i, INFLECT_NOUN, &h) &&
                 word(ts, i)[ts->t[i].len - 1] != 's'))
                f->staff = make_match(ts, i, s->head + 1 - i, NULL);
}

/* "Enterprise deals closed", "Contracts renewed": what customers
 * decide; "Projects created per week": what users do as often as teams. */
static void find_decided(const okr_vocab *v, const toks *ts, okr_metric_facts *f)
{
    hit h;
    for (size_t i = 0; i < ts->n && !f->decided; i++)
        if (vocab_match_outcome(v, ts, i, &h) ||
            (vocab_match_activity(v, ts, i, &h) && is_participle(h.kind) &&
             (in_list(v, L_SHARED_VERB, ts, i) || set_find(v, L_SHARED_VERB, h.lemma, strlen(h.lemma))))) {
            f->decided = 1;
            if (!f->subject.len && !f->activity.len)
                f->subject = make_match(ts, i, h.words, h.lemma);
        }
}

static void metric_text_facts(const okr_vocab *v, const toks *ts, okr_metric_facts *f)
{
    hit h;
    if (ts->n == 0)
        return;
    metric_span s;
    s.end = metric_subject(v, ts, &s.first, &s.head);
    size_t first = s.first, head = s.head, end = s.end;
    s.head_start = head; /* the head's hyphenated group: "Sign-ups" */
    while (s.head_start > first && ts->t[s.head_start].gap == GAP_HYPHEN)
        s.head_start--;
    int measure = people_and_measures(v, ts, &s, f);
    int people_head = end > first && (in_list(v, L_ACTOR, ts, head) ||
                                      vocab_match_list(v, OKR_VOCAB_STAFF_NOUN, ts, head, INFLECT_NOUN, &h));
    s.acts = subject_acts(v, ts, end, people_head);
    f->others_act = s.acts;
    f->people_head = end > first && vocab_people_at(v, ts, head);
    f->placement = end > first && !s.acts &&
                   (word_is(ts, end, "on") || word_is(ts, end, "in") || word_is(ts, end, "into") ||
                    word_is(ts, end, "onto") || word_is(ts, end, "behind"));
    find_backlog(v, ts, &s, f);
    find_process(v, ts, &s, f);
    find_staff_and_asset(v, ts, &s, f);
    /* A measure of how well anything goes is an outcome, whatever it is
     * about ("Regretted attrition among engineers"), and so is a measure
     * at the head of the subject ("Runbook-guided resolution time"); a
     * process the subject has is the team's, whatever else the text names
     * ("Enterprise accounts with a success plan on file"). */
    int measure_head = end > first && in_list(v, L_MEASURE_END, ts, head) && !neutral_measure(ts, head);
    f->measure_head = end > first && is_measure(v, ts, head) && !neutral_measure(ts, head);
    if (measure_head && f->process.len && !f->activity.len)
        memset(&f->process, 0, sizeof f->process);
    if (measure && !f->activity.len && !f->process.len) {
        memset(&f->staff, 0, sizeof f->staff);
        memset(&f->asset, 0, sizeof f->asset);
    }
    find_staff_work(v, ts, &s, f);
    find_decided(v, ts, f);
    if (f->activity.len || f->staff.len || f->process.len || f->asset.len || f->admin.len)
        memset(&f->subject, 0, sizeof f->subject);
    else if (s.acts && !f->subject.len)
        f->subject = make_match(ts, head, 1, NULL);
}

void okr_vocab_analyze_metric(const okr_vocab *vocab, const char *name, const char *description,
                              okr_metric_facts *facts)
{
    okr_vocab_analyze_metric_parts(vocab, name, description, 1, facts);
}

/* The description read as a statement: its listed leading verb. */
static okr_match toks_task(const okr_vocab *vocab, const toks *ts)
{
    okr_title_facts as_title;
    vocab_analyze_toks(vocab, ts, &as_title, OKR_FACTS_LEAD);
    return as_title.leading_activity;
}

void okr_vocab_metric_task(const okr_vocab *vocab, const char *description, okr_match *task)
{
    memset(task, 0, sizeof *task);
    if (!vocab || !description || !*description)
        return;
    toks ts;
    vocab_tokenize(vocab, description, &ts);
    *task = toks_task(vocab, &ts);
}

void okr_vocab_analyze_metric_parts(const okr_vocab *vocab, const char *name, const char *description,
                                    int read_task, okr_metric_facts *facts)
{
    memset(facts, 0, sizeof *facts);
    if (!vocab)
        return;
    /* The description is what the metric means; the name is a label, and
     * decides only when there is no description. Its words are read once
     * and shared by every question below. */
    const char *text = description && *description ? description : name && *name ? name : "";
    toks ts;
    vocab_tokenize(vocab, text, &ts);
    metric_activity(vocab, name, description, &ts, &facts->activity, &facts->activity_text);
    facts->text = text;
    metric_text_facts(vocab, &ts, facts);
    if (read_task && description && *description)
        facts->task = toks_task(vocab, &ts);
}

/* ---------------------------------------------------------------- a title and its metric */

/* A content word: not a function word, number, measure or aim, and not a
 * person unless people count too. */
static int content_word(const okr_vocab *v, const toks *ts, size_t i, int people_too)
{
    hit h;
    return !is_func(v, ts, i) && !(ts->t[i].flags & T_DIGIT) && !is_number_word(v, ts, i) &&
           (people_too || !in_list(v, L_ACTOR, ts, i)) && !is_measure(v, ts, i) && !in_list(v, L_ABSTRACT, ts, i) &&
           !vocab_match_list(v, OKR_VOCAB_AIM_WORD, ts, i, INFLECT_NONE, &h) && ts->t[i].len >= 3 &&
           !word_is(ts, i, "new") && !word_is(ts, i, "all") && !word_is(ts, i, "more");
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
    vocab_tokenize(vocab, title, &tt);
    vocab_tokenize(vocab, metric_text, &mt);
    char a[MAX_WORD + 1], b[MAX_WORD + 1];
    for (size_t i = 0; i < tt.n; i++) {
        if (tt.t[i].start < object->start || tt.t[i].end > object->start + object->len ||
            !content_word(vocab, &tt, i, people_too))
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

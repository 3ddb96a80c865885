/* vocab.h: the activity vocabulary and the matcher behind the task-style rules.
 *
 * The words are data: std/vocabulary.okr (and a repository's okr.policy) add
 * them with `vocabulary LIST "word" ...`. This module only knows how to match
 * them: case-insensitively, through regular English inflection (launches,
 * launched, launching, shipped, releasing, ...), word by word for phrases
 * ("roll out", "set up"), and after leading adverbs and fillers
 * ("Successfully launch", "We will ship"). It judges words, not key results:
 * rules_task.c combines these facts with the KR's metric and target. */
#ifndef OKR_VOCAB_H
#define OKR_VOCAB_H

#include <stddef.h>

#include "../common/arena.h"

typedef enum okr_vocab_list {
    OKR_VOCAB_ACTIVITY_VERB,      /* launch, ship, "roll out" */
    OKR_VOCAB_ACTIVITY_VERB_FORM, /* irregular forms: built, ran, written */
    OKR_VOCAB_DELIVERABLE_NOUN,   /* launch, rollout, migration, beta */
    OKR_VOCAB_ACTIVITY_COUNT_NOUN,/* interviews, "blog posts", webinars */
    OKR_VOCAB_ADVERB,             /* leading words skipped: successfully, "we will" */
    OKR_VOCAB_OUTCOME_VERB,       /* increase, reduce, keep: never flagged */
    OKR_VOCAB_PEOPLE_NOUN,        /* users, customers, patients: whose behaviour is an outcome */
    OKR_VOCAB_MEASURE_NOUN,       /* rate, latency, churn: nouns that name a measure */
    OKR_VOCAB_MEASURE_END_NOUN,   /* measures that can end a title alone: "Build time" */
    OKR_VOCAB_SHARED_VERB,        /* activity verbs users do as often as teams: create, add */
    OKR_VOCAB_ABSTRACT_NOUN,      /* trust, awareness: "Build trust" is not a deliverable */
    OKR_VOCAB_STAFF_NOUN,         /* engineers, reps, hires: the team's own people */
    OKR_VOCAB_STAFF_VERB,         /* hire, train, ramp: what a team does to its own people */
    OKR_VOCAB_PROCESS_NOUN,       /* runbook, growth plan, retro: the team's own process */
    OKR_VOCAB_ASSET_NOUN,         /* services, repos, laptops: the team's own estate */
    OKR_VOCAB_AIM_WORD,           /* happier, seamless, world-class: an aim, not work */
    OKR_VOCAB_LIST_COUNT
} okr_vocab_list;

typedef struct okr_vocab okr_vocab;

/* A vocabulary with the closed lists only (function words, months, ...):
 * every open list is empty. */
okr_vocab *okr_vocab_new(okr_arena *arena);
/* The standard vocabulary: okr_vocab_new's lists and the words of
 * std/vocabulary.okr, built into okrc at build time (vocab_std.c). Words
 * added later go to a copy of the table, made then. */
okr_vocab *okr_vocab_std(okr_arena *arena);
/* A vocabulary in `arena` with the words of `base`, which is neither
 * changed nor copied: words added later are added to a copy of its table,
 * made then. `base` must outlive it and gain no words while it lives. The
 * prepared standard library (program.h) shares its vocabulary this way. */
okr_vocab *okr_vocab_share(const okr_vocab *base, okr_arena *arena);
/* "activity_verb" -> OKR_VOCAB_ACTIVITY_VERB; 0 when unknown. */
int okr_vocab_list_lookup(const char *name, okr_vocab_list *out);
const char *okr_vocab_list_name(okr_vocab_list list);
/* Adds a word or phrase (case-insensitive; phrases are space-separated). */
void okr_vocab_add(okr_vocab *vocab, okr_vocab_list list, const char *phrase);
size_t okr_vocab_size(const okr_vocab *vocab, okr_vocab_list list);

/* A byte range in the analysed text. len == 0 means "not found". */
typedef struct okr_match {
    size_t start, len;
    const char *lemma; /* the vocabulary entry that matched, e.g. "launch" */
} okr_match;

typedef struct okr_title_facts {
    okr_match leading_activity; /* the title's main verb, after adverbs, is an activity
                                   verb ("Launch X", "Successfully shipped X") or it starts
                                   with a deliverable noun ("Rollout of X", "Beta of X") */
    okr_match leading_outcome;  /* the title starts with an outcome verb ("Increase ..."), or its
                                   subject is followed by one ("Weekly active teams double") */
    okr_match means_activity;   /* an activity verb inside a means clause after the outcome:
                                   "... by launching sharing", "through a redesign". The rules
                                   accept such titles: they lead with the outcome. */
    okr_match date;             /* a deadline: "by September 15", "by end of Q3", "by Q3",
                                   "before 2026-09-30", "in August" after an activity */
    okr_match count_of_activity;/* a number of outputs: "10 user interviews", "three
                                   onboarding improvements", "4 blog posts" */
    okr_match object;           /* the object of the leading activity: "6 case studies" in
                                   "Publish 6 case studies" */
    okr_match performance;      /* the title states a level that people or the system reach:
                                   "in under 2 seconds", "within 4 hours"; a share alone is not */
    okr_match staff;            /* the title staffs the team itself: "Hire 4 engineers",
                                   "Bring 4 senior engineers on board", "Train all managers" */
    okr_match aim;              /* the title reads as an aim: "Happier customers", "Customers
                                   love the editor", "Improve onboarding" */
    okr_match people;           /* the first people_noun in the title: "partners" */
    okr_match purpose;          /* an outcome the work is for: "to cut account takeovers",
                                   "so that more teams renew" */
    int structural;             /* leading_activity was read from the title's shape (a verb
                                   before its object), not found in activity_verb */
    int has_number;             /* any digit or number word */
} okr_title_facts;

/* Facts about a key-result title: all of the fields above. */
void okr_vocab_analyze_title(const okr_vocab *vocab, const char *text, okr_title_facts *facts);

/* The parts of a title's reading (okr_vocab_analyze_title_parts). The
 * lead (leading_activity, leading_outcome) is always read; each part adds
 * its fields, and a part not asked for costs nothing and stays zero. A
 * field is the same as okr_vocab_analyze_title's when the parts it reads
 * are asked for too: COUNT_DATE reads the lead as WORK completes it (a
 * verb read from the title's shape), AIM reads WORK's. */
enum {
    OKR_FACTS_LEAD = 0,
    OKR_FACTS_MEANS = 1 << 0,      /* means_activity */
    OKR_FACTS_WORK = 1 << 1,       /* structural, object, staff, purpose, performance */
    OKR_FACTS_AIM = 1 << 2,        /* aim and people (with WORK) */
    OKR_FACTS_COUNT_DATE = 1 << 3, /* count_of_activity, date */
    OKR_FACTS_NUMBER = 1 << 4,     /* has_number */
    OKR_FACTS_ALL = (1 << 5) - 1,
};
/* Reads only the parts a rule needs: a key result with a metric asks for
 * LEAD | WORK, an objective statement for LEAD; most of a title's lookups
 * are in the parts they skip. */
void okr_vocab_analyze_title_parts(const okr_vocab *vocab, const char *text, unsigned parts, okr_title_facts *facts);

/* Readings remembered per text: the same title or statement recurs across
 * a repository (a team's quarters, a committed "Keep availability at or
 * above 99.95%" in every team), and reading it is a tokenisation and
 * dozens of lookups where remembering it is a hash of its bytes. A memo is
 * direct-mapped, so its memory is fixed, and it belongs to one thread. The facts are those
 * okr_vocab_analyze_title_parts gives for the same text and parts, bit for
 * bit; texts are remembered by pointer and must not change while the memo
 * lives (the checker passes arena strings). */
typedef struct okr_title_memo okr_title_memo;
/* A memo of at most max_slots (a power of two) for about `texts` texts:
 * a small program's walk needs no megabyte. */
okr_title_memo *okr_title_memo_new(okr_arena *arena, size_t texts, size_t max_slots);
void okr_vocab_analyze_title_memo(const okr_vocab *vocab, okr_title_memo *memo, const char *text, unsigned parts,
                                  okr_title_facts *facts);

/* The same for an objective statement or a metric's description, read by
 * their listed words only: leading_activity (never structural),
 * leading_outcome, means_activity, date, count_of_activity and has_number.
 * The facts about who does the work stay empty. */
void okr_vocab_analyze_statement(const okr_vocab *vocab, const char *text, okr_title_facts *facts);

/* What a metric's description (or, without one, its name split at '_')
 * says it measures. Each match points into `text` (the description, or the
 * name without one), except `activity`, which points into `activity_text`. */
typedef struct okr_metric_facts {
    const char *text;   /* the text the matches below point into */
    okr_match activity; /* counts output: "Blog posts published", "Features launched" */
    const char *activity_text; /* the text `activity` points into: the description, else the name */
    okr_match staff;    /* counts the team's own people: "Engineers on the team", "Managers trained" */
    okr_match process;  /* the team's own process: "Services with a runbook", "Unit-test coverage" */
    okr_match asset;    /* work done to the team's own estate: "Services on Kubernetes" */
    okr_match task;     /* the description leads with an activity: "Migrate billing to Stripe"
                           (read as a statement, by listed verbs only) */
    okr_match admin;    /* what the team files, assigns or checks for the subject: "Accounts with
                           an assigned CSM" (a share of them is the team's process coverage) */
    okr_match subject;  /* the people or the measure it is about: "users", "latency" (outcome words) */
    okr_match backlog;  /* a queue of the team's own work: "Open design requests", "Batches
                           awaiting submission" */
    int people_head;    /* its subject is people: "Attendees", "Households" */
    int placement;      /* says where its subject is: "Subscribers on the new billing platform",
                           "Assets in the CMDB", "Tier 1 applications behind SSO" */
    int people_or_measure; /* it names people or a measure outside its subject's modifiers */
    int people_any;     /* it names people outside its subject's modifiers */
    int measure_head;   /* its subject's head is a measure: "Resolution time" */
    int decided;        /* an outcome verb or a shared verb says what others did: "won", "created" */
    int others_act;     /* its subject does something itself: "Engineers who open the portal",
                           "Merged PRs from non-maintainers" */
} okr_metric_facts;

void okr_vocab_analyze_metric(const okr_vocab *vocab, const char *name, const char *description,
                              okr_metric_facts *facts);
/* The same with `task` read only when `read_task` is set (else it stays
 * empty): a rule that needs the task only when nothing else decides
 * reads it then with okr_vocab_metric_task. */
void okr_vocab_analyze_metric_parts(const okr_vocab *vocab, const char *name, const char *description,
                                    int read_task, okr_metric_facts *facts);
/* okr_metric_facts.task of a description, as okr_vocab_analyze_metric reads it. */
void okr_vocab_metric_task(const okr_vocab *vocab, const char *description, okr_match *task);

/* Folds a plural in place: "studies" -> "study", "connectors" ->
 * "connector"; "class" and short words stay. w has room for n + 1 bytes;
 * returns the new length. The task-style model folds its words the same
 * way (task_model.c). */
size_t okr_vocab_fold_plural(char *w, size_t n);
/* An ASCII letter or digit, lowercased; 0 for any other byte: the words of
 * titles and of the task model run over these (vocab_words.c). */
extern const char okr_vocab_ascii_lower[256];

/* A content word of `object` (a range of the title) that the metric's
 * text names too ("case studies" in "Publish 6 case studies" and "Case
 * studies"): the metric tracks the work in the title. Measure words never
 * count; people words only with `people_too` (a title that hires
 * "12 nurses" and a metric of "Registered nurses in post"). Returns 1 and
 * the word's place in the title. */
int okr_vocab_title_metric_agree(const okr_vocab *vocab, const char *title, const okr_match *object,
                                 const char *metric_text, int people_too, okr_match *word);

/* Whether a metric counts the team's own output: its description or its
 * name (split at '_') names an activity in the past participle ("features
 * launched", "interviews_conducted", "posts published") or counts activity
 * nouns ("Number of blog posts", "webinars"). Returns 1 and the match. */
int okr_vocab_metric_counts_activity(const okr_vocab *vocab, const char *name,
                                     const char *description, okr_match *match);

#endif

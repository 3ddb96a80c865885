/* task_model.h: a small linear model over a key result's words, the second
 * opinion of the task-style judgement (spec.md, "Task-style key results").
 *
 * The rules (rules_task.c, vocab_*.c) explain themselves but only know the
 * words their lists name. The model reads every word of a metric-bearing key
 * result's title and metric description, the metric's type, the target's
 * form and the rules' own verdict, and gives the probability that the key
 * result measures the team's output. Its weights are trained offline on the
 * tuning corpus (tests/corpus/tuning) by scripts/train-task-model.py from
 * the features this module extracts (tests/corpus/dump_features.c dumps
 * them, so training and use can never disagree on a feature), and ship as
 * data in stdlib/model/task_style.tsv, compiled into okrc at build time
 * (tools/gen_task_model.c). Scoring is deterministic: a sum of weights.
 *
 * Feature names (the weights file uses the same):
 *   bias
 *   rule:output, rule:means     the rules drew OKR304 / the OKR305 warning
 *   type:count ... type:score   the metric's type
 *   dir:increasing, dir:decreasing
 *   target:from, target:from0, target:by, target:at_least, target:at_most
 *   t0:WORD, t:WORD             the title's first word, every title word
 *   d0:WORD, dl:WORD, d:WORD    the description's first and last, every word
 *   shared                      a title word is also a description word
 * A WORD is a run of ASCII letters, digits and apostrophes that starts with
 * a letter, lowercased, without stop words, with a plural 's' or 'ies'
 * folded ("studies" -> "study"). */
#ifndef OKR_TASK_MODEL_H
#define OKR_TASK_MODEL_H

#include <stddef.h>

#include "../common/arena.h"
#include "../parser/ast.h"

typedef struct okr_task_model okr_task_model;

/* What the model reads of one key result. */
typedef struct okr_task_input {
    const char *title;       /* may be NULL */
    const char *description; /* the metric's description, or its name split at '_' */
    okr_type_kind type;
    okr_direction direction;
    okr_target_kind target;
    int from_zero;           /* `from 0 to T` */
    int rule_output;         /* the rules drew OKR304 */
    int rule_means;          /* the rules drew the OKR305 warning */
} okr_task_input;

/* Calls emit once per distinct feature of the input, in a fixed order. */
void okr_task_model_features(const okr_task_input *in, void (*emit)(const char *feature, void *ctx), void *ctx);

/* The model compiled into okrc. */
const okr_task_model *okr_task_model_shipped(void);

/* Parses a weights file: lines "FEATURE<TAB>WEIGHT", "threshold<TAB>P" once,
 * '#' comments and blank lines. Returns NULL when a line is malformed, a
 * feature repeats, or the threshold is missing or outside (0, 1). The build
 * reads the shipped file the same way; this is for tests and tools. */
okr_task_model *okr_task_model_parse(okr_arena *arena, const char *text, size_t len);

enum { OKR_TASK_MODEL_REASONS = 3 };

typedef struct okr_task_score {
    double probability;
    int output;              /* probability >= the model's threshold */
    size_t nreasons;
    struct {
        char feature[64];    /* the feature, e.g. "d:workshop" */
        double weight;
    } reasons[OKR_TASK_MODEL_REASONS]; /* the word features that pushed hardest towards output */
} okr_task_score;

void okr_task_model_score(const okr_task_model *model, const okr_task_input *in, okr_task_score *out);

/* The same score, with what a metric's description contributes remembered
 * per distinct description text: a metric's key results share it. The
 * cache lives in `arena` (a per-run cache: one per check) and changes no
 * score, not even its last bit (the same weights are added in the same
 * order). A NULL model scores nothing, as above. The cache also remembers
 * description pointers: a text passed to it must not change while the
 * cache lives (the checker passes arena strings). */
typedef struct okr_task_cache okr_task_cache;
okr_task_cache *okr_task_cache_new(okr_arena *arena, const okr_task_model *model);
void okr_task_model_score_cached(okr_task_cache *cache, const okr_task_input *in, okr_task_score *out);

#endif

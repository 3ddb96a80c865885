/* policy.h: the settings a repository may change, read from policy files.
 *
 * A policy file is written in the .okr language itself: one or more
 * `policy { ... }` blocks with `limit`, `severity` and `vocabulary` lines.
 * The standard library's std/vocabulary.okr is applied first (it holds the
 * default vocabulary; built into okrc at build time, vocab_std.c), then the repository's okr.policy, whose `vocabulary`
 * lines add words and whose `limit` and `severity` lines replace defaults.
 * spec.md, "Policy", lists every setting. */
#ifndef OKR_POLICY_H
#define OKR_POLICY_H

#include "../common/diag.h"
#include "../parser/ast.h"
#include "task_model.h"
#include "vocab.h"

typedef struct okr_policy {
    int krs_min, krs_max;          /* limit krs_per_objective 2..5 */
    int objectives_max;            /* limit objectives_per_team 3 */
    double aspirational_expect_min, aspirational_expect_max; /* limit aspirational_expect 0.6..0.7 */
    okr_vocab *vocab;
    const char *path;              /* the repository policy file, or NULL */
    int model_off;                 /* judge by the rules alone: the trainer's feature dump */
} okr_policy;

void okr_policy_init(okr_policy *policy, okr_arena *arena);
/* Applies every `policy` block of a parsed policy file. Bad settings are
 * OKR703 diagnostics; severities go into diags. */
void okr_policy_apply(okr_policy *policy, const okr_file_ast *ast, okr_diags *diags);
/* The task-style model compiled into okrc, or NULL when it is off. */
const okr_task_model *okr_policy_task_model(okr_policy *policy);

/* Registers the embedded std/vocabulary.okr as a source. Its words are
 * already in the vocabulary okr_policy_init gives (okr_vocab_std: built
 * from the file at build time, so it is not parsed at run time). */
void okr_policy_load_stdlib(okr_policy *policy, okr_arena *arena, okr_source_table *sources,
                            okr_diags *diags);

#endif

/* passes.h: the checker passes, in the order okr_program_check runs them.
 *
 * Internal to checker/. Each pass reads the tree and the tables built by the
 * passes before it and reports through the diagnostics module. What later
 * stages need of the passes' decisions is stored in the tree and documented
 * in program.h; nothing outside checker/ includes this header. */
#ifndef OKR_PASSES_H
#define OKR_PASSES_H

#include "program.h"

void okr_pass_resolve(okr_program *prog);        /* resolve.c */
void okr_pass_types(okr_program *prog);          /* types.c */
void okr_pass_feeds(okr_program *prog);          /* feeds.c */
void okr_pass_task_style(okr_program *prog);     /* rules_task.c */
void okr_pass_archetypes(okr_program *prog);     /* rules_archetype.c */
void okr_pass_shape(okr_program *prog);          /* rules_shape.c */
void okr_pass_statements(okr_program *prog);     /* rules_statement.c */
void okr_pass_suppressions(okr_program *prog);   /* suppress.c */

/* Whether obj lies in a file read for context only (program.h,
 * okr_program_add_context_file). Rules whose findings stay in the
 * objective's own file and set nothing later stages read (task style,
 * statements) skip it: those findings would be dropped unseen. */
int okr_pass_in_context(const okr_program *prog, const okr_objective *obj);

/* How messages name a key result: 'name', or its quoted title when it has
 * no name, or #N by position; see resolve.c. */
const char *okr_kr_display(okr_arena *arena, const okr_kr *kr);

/* Shared by the passes: the value of a quantity in the metric type's base
 * unit (percentage points, seconds, currency units); see units.c. */
typedef enum okr_value_role {
    OKR_VALUE_LEVEL,  /* from, to, at least, at most: a level of the metric */
    OKR_VALUE_CHANGE, /* by: a change, relative (%) or absolute */
} okr_value_role;

/* Returns 1 and the normalised value when the unit fits the metric; otherwise
 * reports (OKR201/OKR205) unless diags is NULL, and returns 0. *relative is
 * set for a relative change (by +X%), whose value is then a fraction. */
int okr_unit_normalise(okr_diags *diags, const okr_metric_decl *metric, const okr_quantity *q,
                       okr_value_role role, double *value, int *relative);
/* Normalises every value a target writes, reporting misfits, and stores the
 * results in the target's resolved fields (program.h). */
void okr_unit_resolve_target(okr_diags *diags, const okr_metric_decl *metric, okr_target *t);
const char *okr_unit_base_name(const okr_metric_decl *metric); /* "percent", "seconds", "USD", ... */
int okr_is_currency_code(const char *code);
/* Checks a metric's `unit` clause against its type (OKR201/OKR205 unless
 * diags is NULL) and stores feed_factor and feed_unit_declared (program.h). */
void okr_unit_resolve_feed(okr_diags *diags, okr_metric_decl *metric);

#endif

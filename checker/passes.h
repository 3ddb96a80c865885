/* passes.h: the checker passes, in the order okr_program_check runs them.
 *
 * Internal to checker/. Each pass reads the tree and the tables built by the
 * passes before it and reports through the diagnostics module. What later
 * stages need of the passes' decisions is stored in the tree and documented
 * in program.h; nothing outside checker/ includes this header. */
#ifndef OKR_PASSES_H
#define OKR_PASSES_H

#include "../common/suggest.h"
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

/* Walks over the program's objectives (or other items) split over the
 * pool's threads (pass_chunks.c): walk(view, from, to, ctx) handles items
 * [from, to), reporting through view->diags and allocating from
 * view->arena, and must write nothing another chunk reads. The findings
 * are the program's afterwards, in the order one walk over [0, n) reports
 * them, whatever the number of threads: okr_pass_jobs(prog, n), one unless
 * the program's jobs (program.h) ask for more or n is large enough for
 * threads to pay. With one it is that one walk, on the program itself. */
typedef void (*okr_pass_walk)(okr_program *view, size_t from, size_t to, void *ctx);
/* 4,000, not 2,000: a single file of 4,000 objectives full of findings
 * checked 17% slower on two threads than on one (copies of the
 * vocabulary's word memo per chunk), where real programs of 4,400 gained
 * 7%; from 8,000 both gain or break even. */
enum { OKR_PASS_OBJECTIVES_PER_JOB = 4000 };
size_t okr_pass_jobs(const okr_program *prog, size_t n);
void okr_pass_chunked(okr_program *prog, size_t n, okr_pass_walk walk, void *ctx);
/* The same over n items of which per_job pay for a thread (teams, whose
 * walks each go over a team's metrics or objectives: OKR_PASS_TEAMS_PER_JOB),
 * and a quarter of which a thread takes at least, OKRC_JOBS or not. */
enum { OKR_PASS_TEAMS_PER_JOB = 400 };
void okr_pass_chunked_per(okr_program *prog, size_t n, size_t per_job, okr_pass_walk walk, void *ctx);
/* The state a walk keeps across the runs its thread takes (its memos):
 * the view's, made by make(&view->arena, ctx, to - from) on the first run
 * [from, to) the thread takes (the whole walk on one thread). It lives in
 * the view's arena until the pass ends, and must give the same findings
 * whichever runs it saw before (a memo of pure readings does). */
typedef void *(*okr_pass_make_state)(okr_arena *arena, const void *ctx, size_t items);
void *okr_pass_walk_state(okr_program *view, okr_pass_make_state make, const void *ctx, size_t items);

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


/* Suggestions for unknown names and their fixes; see hints.c. A hint
 * collects candidates in a deterministic order; budget, when not NULL, is
 * a count of comparisons shared by many hints and spent by each. */
typedef struct okr_hint {
    okr_suggester s;
    const char *tie; /* a different candidate as close as the best */
    int ties;        /* how many such */
    size_t seen;
    size_t *budget;
} okr_hint;
void okr_hint_init(okr_hint *h, const char *word, size_t *budget);
void okr_hint_consider(okr_hint *h, const char *candidate);
/* The one closest candidate, or NULL (none close, or a tie). */
const char *okr_hint_best(const okr_hint *h);
/* Adds "did you mean 'x'?" and a fix replacing span (machine-applicable
 * when x is the one closest), or "did you mean 'x' or 'y'?" and both as
 * alternatives; nothing when no candidate is close. Returns 1 if it did. */
int okr_hint_offer(okr_diags *diags, okr_diag *d, const okr_hint *h, okr_span span);
/* The same for a known first (and second, or NULL) choice. */
int okr_hint_suggest(okr_diags *diags, okr_diag *d, const char *word, const char *first, const char *second,
                     okr_span span);
/* The same over the diagnostic codes and their slugs (OKR702, OKR703). */
int okr_hint_code(okr_diags *diags, okr_diag *d, const char *word, okr_span span);
/* `metric NAME "Description" : TYPE DIRECTION` as the target implies. */
const char *okr_hint_metric_decl(okr_arena *arena, const char *name, const okr_target *t);
/* Fixes inserting a line into the unit's file: the declaration (after the
 * last `metric`, else before the first objective), never machine-applicable;
 * `use MODULE` (after the last `use`, else before the first declaration
 * after the file's `team` and `cycle`). */
void okr_hint_declare_fix(okr_program *prog, okr_diag *d, const okr_file_unit *unit, const char *name,
                          const char *decl_line);
void okr_hint_use_fix(okr_program *prog, okr_diag *d, const okr_file_unit *unit, const char *module,
                      int machine_applicable);
/* A name and who declares it (a team or a module). */
typedef struct okr_hint_owned {
    const char *name;
    const char *owner;
} okr_hint_owned;
/* The metrics of the standard modules (those not parsed are parsed aside):
 * by_name maps a metric name to an okr_vec* of the modules declaring it,
 * list gets an okr_hint_owned* per metric, in module order. */
void okr_hint_std_scan(okr_program *prog, okr_strmap *by_name, okr_vec *list);
#endif

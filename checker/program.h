/* program.h: a program is every .okr file checked together, resolved.
 *
 * The CLI adds files (okr_program_add_file / okr_program_add_text), sets the
 * policy, and calls okr_program_check(), which runs the stages in order:
 *
 *   parse every file -> resolve (teams, cycles, uses, metrics, objectives,
 *   aligns) -> types (units, directions, ranges) -> rules (task-style,
 *   archetypes, shape, statements) -> suppressions -> diagnostics finished
 *
 * Each stage reads the tree and the tables the earlier ones built and never
 * reaches back. The tables below are what `compile --emit json`, `grade` and
 * the editors read. Everything is in the program's arena and is freed by
 * okr_program_free().
 *
 * This header is the checker's public contract; checker/passes.h is not.
 * Besides the tables, a checked program carries what the passes decided in
 * the tree's "resolved" fields (parser/ast.h), so that grading, the reports
 * and the JSON emitter read one decision and never derive it again:
 *
 * Every metric of a team, and of every standard-library module used:
 *   base_unit        the type's base unit: "percent" (percentage points),
 *                    "seconds", the currency code ("money" without one),
 *                    "count", "number", "score"; "none" for no type.
 *                    Set by the types pass.
 *   aggregate_kind   OKR_AGGREGATE_LATEST, _SUM or _MEAN. An unwritten
 *                    `aggregate` and an unknown word (OKR801, which a policy
 *                    may turn down) are LATEST. Set by the feeds pass.
 *   window_is_whole_cycle
 *                    1 when no `over` is written or it is `over cycle`: sum
 *                    and mean then read from the cycle start (S) on.
 *   window_days      `over D` in whole days, rounded up; 0 when the window
 *                    is the whole cycle or D is not a positive duration.
 *   lag_days         `lag D` in whole days, rounded up; 0 without `lag` or
 *                    when D is not a positive duration.
 *                    Both are at most OKR_MAX_DURATION_DAYS: a longer
 *                    duration is OKR801/OKR802 and, should a policy
 *                    silence that, counts as OKR_MAX_DURATION_DAYS.
 *   feed_factor      what a feed value is multiplied by to be in the base
 *                    unit: 86400 for `unit d`, 100 for `unit fraction`, 0.01
 *                    for `unit cents`; 1 without `unit` or when the unit
 *                    does not fit the type (OKR201/OKR205). Set by the feeds
 *                    pass (units.c, okr_unit_feed_factor).
 *   feed_unit_declared
 *                    1 when a `unit` clause fits the type: the feed's values
 *                    are trusted as declared and the plausibility guard
 *                    (runtime/plausible.h) leaves the metric alone.
 *
 * Every key result (okr_kr), set by the resolve pass:
 *   resolved_owner   its own `owner "Name"`, else its objective's owner;
 *                    NULL when neither is written.
 *   owner_inherited  1 when it has no `owner` of its own (resolved_owner
 *                    is then the objective's).
 *
 * Every target (okr_target, of key results and counter-metrics alike) whose
 * key result or counter-metric names a known metric; the values are in the
 * metric's base unit (seconds, percentage points, currency units), set by
 * the types pass:
 *   has_baseline_level, baseline_level
 *                    `from B`: 1 when B is written (not `?`) and its unit
 *                    fits the metric.
 *   has_target_level, target_level
 *                    `to T`, `at least V`, `at most V`: 1 when the unit fits.
 *   has_change, change, change_is_relative
 *                    `by C`: 1 when the unit fits. A relative change
 *                    (`by +10%`) is a fraction (0.10) with
 *                    change_is_relative set; `by +5pp` and `by -3` are
 *                    absolute.
 *   When a has_ flag is 0 because the unit does not fit (OKR201/OKR205, which
 *   a policy may turn down), the value holds the number as written. */
#ifndef OKR_PROGRAM_H
#define OKR_PROGRAM_H

#include <stdio.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../common/source.h"
#include "../common/strmap.h"
#include "../parser/ast.h"
#include "policy.h"

/* The longest aggregation window and lag, in days (spec.md, "Limits"):
 * about ten years, far beyond any cycle (at most 366 days), and short
 * enough that grading's store, which holds one bucket per day from the
 * window's first day on, stays a few thousand days long. */
enum { OKR_MAX_DURATION_DAYS = 3660 };

/* A team: the union of all files that declare `team NAME`. */
typedef struct okr_team {
    const char *name;
    okr_team_decl *decl;  /* the first declaration seen */
    okr_strmap metrics;   /* name -> okr_metric_decl* */
    okr_vec metric_list;  /* okr_metric_decl*, declaration order */
    okr_vec objectives;   /* okr_objective*, declaration order */
    /* name -> the first okr_objective* of that name; the others (one per
     * cycle) follow by okr_team_next_same_name, in declaration order */
    okr_strmap objectives_by_name;
    /* counted by the resolve pass before it fills the maps and lists
     * above, to size them once (grown by doubling in the arena, each left
     * its outgrown tables behind) */
    size_t declared_metrics, declared_objectives;
} okr_team;

/* The next objective of TEAM named as O, or NULL. */
static inline okr_objective *okr_team_next_same_name(const okr_team *team, const okr_objective *o)
{
    return o->next_same_name ? team->objectives.items[o->next_same_name - 1] : NULL;
}

/* A standard-library module (std.product, ...), parsed when first used. */
typedef struct okr_module {
    const char *name;
    const char *text;
    size_t len;
    int parsed;
    okr_strmap metrics;
    okr_vec metric_list;
} okr_module;

/* One thing a `use` brings into scope: a module or a team. */
typedef struct okr_scope_entry {
    okr_module *module;
    okr_team *team;
} okr_scope_entry;

typedef struct okr_file_unit {
    okr_file_ast *ast;
    okr_team *team;        /* from the file's `team` declaration */
    okr_cycle_decl *cycle; /* from the file's `cycle` declaration */
    okr_vec uses;          /* okr_scope_entry* */
    int context;           /* read for context only (okr_program_add_context_file) */
} okr_file_unit;

typedef struct okr_program {
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_policy policy;
    okr_vec units;        /* okr_file_unit*, one per checked file */
    okr_vec teams;        /* okr_team*, first-seen order */
    okr_strmap teams_by_name;
    okr_vec modules;      /* okr_module* of the standard library */
    okr_strmap modules_by_name;
    okr_vec objectives;   /* every okr_objective*, in file order */
    okr_strmap natives;   /* name -> okr_native_decl* */
    size_t context_units; /* units read for context only; the rest are checked */
    unsigned char *context_file; /* by file id, set when checking starts: 1 for a context file */
    size_t context_file_len;
    int checked;
    /* every okr_native_decl*, in file order: gathered by the resolve pass,
     * which reads every declaration, so that the feeds pass need not */
    okr_vec native_decls;
    /* threads for okr_program_check's per-objective passes, as
     * okr_load_options.jobs: 0 decides, 1 is serial; okr_program_add_files
     * sets it to the jobs its load was given */
    int jobs;
    /* what a checker pass's walk keeps across the runs of objectives one
     * thread takes (checker/passes.h, okr_pass_walk_state): NULL whenever
     * a pass starts, and nothing after it ends */
    void *walk_state;
} okr_program;

void okr_program_init(okr_program *prog);
void okr_program_free(okr_program *prog);

/* The standard library's vocabulary (std/vocabulary.okr), parsed and
 * loaded once, for a caller that checks many programs in one process (the
 * fuzz targets, a server): okr_program_init parses it again for every
 * program. A program initialised from it shares its vocabulary (its own
 * okr.policy words go to a copy) and must be freed before it. Nothing else
 * differs: the program's sources, diagnostics and policy are those
 * okr_program_init gives. The std modules are parsed per program when
 * first used, as always. */
typedef struct okr_prepared_stdlib okr_prepared_stdlib;
okr_prepared_stdlib *okr_stdlib_prepare(void);
void okr_stdlib_release(okr_prepared_stdlib *std);
void okr_program_init_prepared(okr_program *prog, const okr_prepared_stdlib *std);

/* Reads a policy file; returns 0, or -1 with errno set when it cannot be read. */
int okr_program_load_policy(okr_program *prog, const char *path);
/* The same for a policy whose text the caller already read (within the
 * size limit): the language server keeps the text between checks. */
void okr_program_load_policy_text(okr_program *prog, const char *path, const char *text, size_t len);
/* Reads a file into the program; returns 0, or -1 with errno set. A file over
 * the size limit is not read: it gets an OKR007 diagnostic instead. */
int okr_program_add_file(okr_program *prog, const char *path);
void okr_program_add_text(okr_program *prog, const char *path, const char *text, size_t len);
/* Reads a file of the project for context only (spec.md, "Projects"): it is
 * parsed and resolved with the others, so that names it declares resolve,
 * but okr_program_check drops its findings before counting them (the exit
 * status never sees them). A checked file's finding that a name is unknown
 * (OKR101, OKR105, OKR107) gets a note when a context file has syntax
 * errors, since the name may be declared there. Returns as
 * okr_program_add_file. */
int okr_program_add_context_file(okr_program *prog, const char *path);
/* Loading many files at once (okr_program_add_files): a file that cannot
 * be read is passed to `failed` on the calling thread, in the order of the
 * files, with errno set; it returns 0 to go on with the next file, nonzero
 * to stop (the files after it are not added, as when a loop of
 * okr_program_add_file stops). */
typedef int (*okr_load_failed)(void *ctx, const char *path, int context);

typedef struct okr_load_options {
    const unsigned char *context; /* per file, 1: for context only; NULL: none */
    int jobs;                     /* threads; 0 decides (okr_load_jobs), 1 is serial */
    okr_load_failed failed;       /* NULL: stop at the first */
    void *ctx;
    int drop_text;                /* free each file's bytes once it is parsed, when its
                                     stamp allows (common/source.h): they are read again
                                     only to show a finding (`okrc check`; not for a
                                     caller that rewrites or prints the texts) */
} okr_load_options;

enum {
    OKR_LOAD_MAX_JOBS = 8,       /* what 0 picks at most, whatever the CPUs */
    OKR_LOAD_FILES_PER_JOB = 16, /* files per thread, below which 0 picks fewer */
    OKR_LOAD_MAX_EXPLICIT_JOBS = 64,
};

/* How many threads okr_program_add_files uses for n files when asked for
 * `jobs` (0: decide): never more than n nor OKR_LOAD_MAX_EXPLICIT_JOBS; 0
 * gives the online CPUs, at most OKR_LOAD_MAX_JOBS and one per
 * OKR_LOAD_FILES_PER_JOB files, so that a handful of files is loaded
 * without starting a thread. */
size_t okr_load_jobs(int jobs, size_t n);

/* Adds the n files as okr_program_add_file (okr_program_add_context_file
 * for those marked context) called on each in turn would: the same file
 * ids, units, diagnostics in the same order, the same per-file caps. With
 * more than one job (or drop_text) each file is read, scanned and parsed
 * by a pool of threads (each parse with its own arena and diagnostics),
 * and merged on the calling thread in file order; a list that names a pipe
 * okrc inherited (/dev/stdin) is loaded serially, the pipe in its turn. A
 * thread that cannot be started leaves its share to the others. Returns
 * 0, or -1 when `failed` stopped the load. */
int okr_program_add_files(okr_program *prog, const char *const *paths, size_t n,
                          const okr_load_options *opts);
/* Marks a unit already added as context only, as okr_program_add_context_file
 * does (for a caller that re-reads a project from memory: `check --fix`). */
void okr_program_mark_context(okr_program *prog, okr_file_unit *unit);

void okr_program_check(okr_program *prog);

/* Marks as suppressed the findings of `findings`, whose spans lie in the
 * program's sources, that an `okrc:allow` comment of the program names on
 * their line (spec.md, "Suppressions"): for a stage that reports on a
 * checked program after the check (`okrc diff`). suppress.c. */
void okr_program_suppress(okr_program *prog, okr_diags *findings);

/* The bounds on suggestions for unknown names ("did you mean"): one
 * suggestion looks at most OKR_HINT_MAX_CANDIDATES names (hints.c), and
 * all the suggestions of one check share OKR_NAME_HINT_BUDGET comparisons
 * (resolve.c). Public because the language server's fast path must know
 * when a small program could spend the budget differently (lsp_fast.c). */
enum { OKR_HINT_MAX_CANDIDATES = 1000, OKR_NAME_HINT_BUDGET = 200000 };

/* The effective archetype: aspirational when none is written (OKR407). */
okr_archetype okr_objective_archetype(const okr_objective *obj);

/* The factor from a feed unit (`d`, `fraction`, `cents`, ...) to the
 * metric's base unit: returns 1 and sets *factor when the unit fits the
 * metric's type, else 0 (*factor 1). spec.md, "Units of feed values";
 * units.c. */
int okr_unit_feed_factor(const okr_metric_decl *metric, const char *unit, double *factor);

/* The word of an aggregation: "latest", "sum", "mean" (feeds.c). */
const char *okr_aggregate_name(okr_aggregate_kind kind);

/* Writes the resolved program as JSON (spec.md, "compile --emit json"). */
int okr_program_emit_json(const okr_program *prog, FILE *out);

#endif

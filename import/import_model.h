/* import_model.h: what `okrc import` reads from a Markdown, YAML or CSV
 * file, before any .okr is written (spec.md, "okrc import").
 *
 * Each reader (read_markdown.c, read_yaml.c, read_csv.c) turns its input
 * into an imp_doc: objectives with their statements, owners and key
 * results, each key result with its text and whatever columns or keys gave
 * (baseline, target, unit, metric key), every piece with the input line it
 * came from. Readers decide structure only; infer.c reads a key result's
 * text for a metric move and emit.c writes the .okr source, so the three
 * formats share one inference and one writer. Everything lives in the
 * arena of the import; strings are UTF-8, already trimmed. A reader that
 * cannot read its input reports an OKR85x diagnostic with the line and
 * returns -1. */
#ifndef OKR_IMPORT_MODEL_H
#define OKR_IMPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../common/source.h"

typedef struct imp_kr {
    const char *title;      /* the key result's text, labels ("KR1:") removed */
    const char *name;       /* an id the input gave (YAML kr_id), or NULL */
    const char *baseline;   /* a baseline/current column or key, as written, or NULL */
    const char *target;     /* a target/goal column or key, or NULL */
    const char *unit;       /* a unit column, or NULL */
    const char *metric_key; /* the feed name of the metric (YAML metric_key), or NULL */
    uint32_t line;
} imp_kr;

typedef struct imp_objective {
    const char *statement;
    const char *name;  /* an id the input gave (YAML objective_id), or NULL */
    const char *owner; /* or NULL */
    uint32_t line;
    okr_vec krs;       /* imp_kr* */
} imp_objective;

typedef struct imp_doc {
    const char *format;     /* "markdown", "yaml" or "csv" */
    const char *team_title; /* what the input calls the team, or NULL */
    const char *cycle;      /* text that names the cycle ("Q3 2026"), or NULL */
    okr_vec objectives;     /* imp_objective* */
} imp_doc;

/* One import: the input and where its findings go. */
typedef struct imp_ctx {
    okr_arena *arena;
    okr_diags *diags;
    uint32_t file; /* the input in the source table */
    const char *text;
    size_t len;
    size_t line_at, line_no; /* imp_line_of's cache: line_no is the line of offset line_at */
} imp_ctx;

int imp_read_markdown(imp_ctx *c, imp_doc *doc);
int imp_read_csv(imp_ctx *c, imp_doc *doc);
/* `library`: the libyaml table of the command (loaded here on first use). */
struct okr_libyaml;
int imp_read_yaml(imp_ctx *c, imp_doc *doc, struct okr_libyaml *yaml);

/* New objective or key result, appended to doc or to the objective. */
imp_objective *imp_add_objective(imp_ctx *c, imp_doc *doc, const char *statement, uint32_t line);
imp_kr *imp_add_kr(imp_ctx *c, imp_objective *o, const char *title, uint32_t line);

/* Text helpers shared by the readers. */
char *imp_trim(okr_arena *arena, const char *s, size_t len); /* a copy without outer white space */
uint32_t imp_line_of(imp_ctx *c, size_t offset); /* 1-based; linear over increasing offsets */
okr_span imp_span(const imp_ctx *c, size_t start, size_t end);
/* Removes a leading label: "KR1:", "KR 2 -", "Key result:", "O1:",
 * "Objective 2:"; *kind is 'o' or 'k' for an objective or key-result
 * label, 0 when there is none. Returns the text after it. */
const char *imp_strip_label(const char *s, int *kind);
/* A cycle named in the text ("Q3 2026", "2026-Q3", "Q3-2026", "2026 Q3"),
 * as "2026-Q3" in the arena, or NULL. */
const char *imp_find_cycle(okr_arena *arena, const char *s);
/* A header cell's role, matched loosely and case-insensitively. */
typedef enum imp_column {
    IMP_COL_NONE,
    IMP_COL_OBJECTIVE,
    IMP_COL_KR,
    IMP_COL_OWNER,
    IMP_COL_BASELINE,
    IMP_COL_CURRENT, /* the baseline when no baseline column is given */
    IMP_COL_TARGET,
    IMP_COL_UNIT,
} imp_column;
imp_column imp_column_of(const char *header);

/* What infer.c reads from a key result (spec.md, "okrc import"). */
typedef enum imp_form { IMP_NONE, IMP_FROM_TO, IMP_UNKNOWN_TO, IMP_BY, IMP_AT_LEAST, IMP_AT_MOST } imp_form;
typedef enum imp_type { IMP_PERCENT, IMP_COUNT, IMP_NUMBER, IMP_DURATION, IMP_MONEY, IMP_SCORE } imp_type;

typedef struct imp_guess {
    imp_form form;
    imp_type type;
    const char *currency; /* money: "USD" */
    int decreasing;
    const char *subject;  /* the metric's description: "Day-7 activation" */
    const char *name;     /* snake_case, before de-duplication */
    const char *baseline; /* .okr values: "40%", "12d", "1500" (NULL for none) */
    const char *target;   /* for by: "-20%", "+5pp" */
    const char *feed_unit; /* a `unit` clause for the feed (from a metric key), or NULL */
    const char *why;      /* the words the target was read from: "from 40% to 70%" */
} imp_guess;

/* Reads kr's text and columns; returns 1 with *g filled when they state a
 * metric move, 0 when the key result is text only. */
int imp_infer(okr_arena *arena, const imp_kr *kr, imp_guess *g);

/* Writes the .okr source of doc (not yet formatted). `source_name` is the
 * input's file name, for the header comment and a team name; `cycle` the
 * --cycle option or NULL. */
char *imp_emit(okr_arena *arena, const imp_doc *doc, const char *source_name, const char *cycle,
               size_t *len);

#endif

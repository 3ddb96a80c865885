/* ast.h: the syntax tree of one .okr file.
 *
 * The parser builds these nodes and nothing else: the tree records what was
 * written, with a span for every part a diagnostic may point at, and accepts
 * many forms the checker then rejects with a precise message (a `kr` with only
 * a title, a counter-metric with a target, a metric with no direction).
 * Fields under "resolved" are filled by checker passes, never by the parser.
 * All nodes live in the compilation's arena. */
#ifndef OKR_AST_H
#define OKR_AST_H

#include <stdint.h>

#include "../common/arena.h"
#include "../common/source.h"
#include "../common/strmap.h"

typedef struct okr_name {
    const char *text; /* NULL when absent */
    okr_span span;
} okr_name;

/* A dotted reference: std.product, company.self_serve, growth.d7_activation.
 * A one-part path is its part: `parts` points at `only`, whose text and
 * span are the path's (the union), so a path costs 32 bytes and no copy of
 * its name; a large program holds hundreds of thousands, most of one part.
 * An appended path gets its own parts array and joined text, and `only` is
 * no longer read. */
typedef struct okr_path {
    union {
        okr_name only; /* the part itself while count is 1 */
        struct {
            const char *text; /* the parts joined with '.' */
            okr_span span;
            int count;        /* in okr_name's tail padding */
        };
    };
    okr_name *parts;
} okr_path;

typedef struct okr_string {
    const char *text; /* unescaped UTF-8 */
    okr_span span;    /* including the quotes */
} okr_string;

extern const okr_string okr_string_none; /* all zero: a string not written */

/* A number as written: optional sign, value, optional attached unit suffix.
 * The unit ends where the number does, so only its length is stored
 * (okr_quantity_unit_span): 32 bytes, and a key result holds three. A
 * parsed file's lines hold at most OKR_MAX_LINE_BYTES (64 KiB), so the
 * length fits 16 bits; a longer one (the token API scans unchecked text)
 * is cut, which moves only that unit span's start. */
typedef struct okr_quantity {
    double value;     /* signed */
    const char *unit; /* "%", "pp", "min", "USD"...; NULL when none */
    okr_span span;
    uint16_t unit_len; /* the unit's bytes, ending at span.end; 0 without a unit */
    signed char sign; /* -1, 0 (none written) or +1 */
} okr_quantity;

extern const okr_quantity okr_quantity_none; /* all zero: a quantity not written */

/* Where the unit suffix was written (meaningful when unit is set). */
static inline okr_span okr_quantity_unit_span(const okr_quantity *q)
{
    okr_span s = {q->span.file, q->span.end - q->unit_len, q->span.end};
    return s;
}

typedef struct okr_date {
    int year;
    unsigned char month, day;
    okr_span span;
} okr_date;

typedef enum okr_type_kind {
    OKR_TYPE_NONE = 0,
    OKR_TYPE_PERCENT,
    OKR_TYPE_COUNT,
    OKR_TYPE_NUMBER,
    OKR_TYPE_DURATION,
    OKR_TYPE_MONEY,
    OKR_TYPE_SCORE,
} okr_type_kind;

typedef enum okr_direction {
    OKR_DIR_NONE = 0,
    OKR_DIR_INCREASING,
    OKR_DIR_DECREASING,
} okr_direction;

typedef struct okr_team_decl okr_team_decl;

/* How a metric's observations summarise (spec.md, "Feeds"): the
 * `aggregate` word as the feeds pass decided it. Latest is 0 so that a
 * metric nobody resolved reads as the default. */
typedef enum okr_aggregate_kind {
    OKR_AGGREGATE_LATEST = 0,
    OKR_AGGREGATE_SUM,
    OKR_AGGREGATE_MEAN,
} okr_aggregate_kind;

/* The parts of a metric few are written with: the type's parameters and
 * the feed clauses. A metric without any points at okr_metric_none (all
 * zero), so a reader never tests the pointer; one with any gets a part of
 * its own (248 bytes, where the metric itself is 184). */
typedef struct okr_metric_more {
    okr_span repeated_direction; /* a second direction word; zero when none */
    okr_name currency;        /* money(CUR) */
    okr_quantity score_min, score_max; /* score(MIN..MAX) */
    /* How observations summarise and where they come from (spec.md, "Feeds"). */
    okr_name aggregate;       /* latest, sum, mean; text NULL when not written */
    okr_quantity window;      /* `over 7d`; unit NULL when absent */
    okr_quantity lag;         /* `lag 2d` */
    okr_string source;        /* `source "name in the feed"` */
    okr_name via;             /* `via NATIVE_FUNCTION` */
    okr_name feed_unit;       /* `unit d`: the unit feed values are written in; text NULL when absent */
} okr_metric_more;

extern const okr_metric_more okr_metric_none;

/* Layout: the fields every pass reads first (type, direction, operational
 * and the task-style verdicts, one cache line with the other byte flags
 * and the spans that fill it to 8-byte alignment), then 8-byte members,
 * so that a metric carries no padding between them (a large program
 * declares tens of thousands). */
typedef struct okr_metric_decl {
    okr_type_kind type : 8;
    okr_direction direction : 8;
    unsigned char operational;
    /* resolved by the task-style pass, once per metric however many key
     * results use it: whether the metric measures the team's output. */
    unsigned char output_judged;     /* the fields below are set */
    unsigned char output_kind;       /* okr_output_kind (checker/rules_task.c): what of the team's own
                                        output the metric measures; 0 when it measures an outcome */
    unsigned char names_outcome;     /* its text names people, a measure, or what people decide or do */
    unsigned char names_people_or_measure; /* its text names people or a measure */
    unsigned char others_act;        /* its subject is people, or does something itself */
    unsigned char placement;         /* it says where its subject is: "Subscribers on the new platform" */
    unsigned char names_outcome_head; /* it names people, or its subject's head is a measure */
    unsigned char names_decision;    /* it says what others did: "won", "renewed", "created" */
    unsigned char window_is_cycle;      /* `over cycle` */
    unsigned char has_window;
    unsigned char has_lag;
    /* resolved by the feeds pass (feeds.c); see checker/program.h */
    okr_aggregate_kind aggregate_kind : 8; /* latest when unwritten or unknown */
    unsigned char window_is_whole_cycle; /* no `over`, or `over cycle`: sum/mean read S..day */
    unsigned char feed_unit_declared; /* a `unit` clause that fits the type: the guard trusts the feed */
    okr_span type_span;
    okr_span direction_span;
    okr_span operational_span;
    okr_span span;
    okr_name name;
    okr_string description; /* text NULL when absent */
    /* currency, score range, feed clauses; never NULL (okr_metric_none) */
    const okr_metric_more *more;
    /* resolved */
    struct okr_native_decl *native; /* the declaration `via` names */
    /* resolved */
    const char *owner_name; /* team name, or module name for the stdlib */
    const char *output_words; /* the words of the description or name that decided it
                                 (task-style pass) */
    /* resolved by the types pass (units.c): the name of the type's base
     * unit, "percent", "seconds", "USD", "count", ... (okr_metric_unit) */
    const char *base_unit;
    long window_days;      /* `over D` in whole days, rounded up; 0 when none or invalid */
    long lag_days;         /* `lag D` in whole days, rounded up; 0 when none or invalid */
    /* resolved by the feeds pass (feeds.c, okr_unit_feed_factor): feed
     * values times feed_factor are in the base unit; see checker/program.h */
    double feed_factor;    /* 1 without `unit` or when the unit does not fit */
} okr_metric_decl;

typedef enum okr_target_kind {
    OKR_TARGET_NONE = 0,
    OKR_TARGET_FROM_TO,   /* from B to T; from ? to T */
    OKR_TARGET_BY,        /* by +X% / by -X% / by +Xpp / by +X */
    OKR_TARGET_AT_LEAST,
    OKR_TARGET_AT_MOST,
    OKR_TARGET_NO_WORSE,  /* no worse than baseline */
} okr_target_kind;

/* Layout: a large program holds hundreds of thousands of targets (one in
 * each key result and counter-metric), so the kind and the flags share
 * the four bytes after the span: the flags are one bit each (_Bool: any
 * true value stored reads as 1), 104 bytes in all. */
typedef struct okr_target {
    okr_quantity baseline;
    okr_quantity value;   /* target, change, or bound */
    okr_span span;
    okr_target_kind kind : 8;
    _Bool baseline_unknown : 1; /* from ? */
    /* resolved by the types pass (units.c): the written values in the
     * metric type's base unit; see checker/program.h. */
    _Bool has_baseline_level : 1;
    _Bool has_target_level : 1;
    _Bool has_change : 1;
    _Bool change_is_relative : 1; /* by +X% */
    double baseline_level;  /* from B */
    double target_level;    /* to T, at least V, at most V */
    double change;          /* by C; a fraction when relative */
} okr_target;

typedef struct okr_objective okr_objective;

/* The parts of a key result that few are written with: its own `owner`
 * and its `weight`. A key result without either points at okr_kr_none
 * (all zero), so a reader never tests the pointer; one with either gets
 * a part of its own. Apart, they cost a key result 8 bytes instead of 56. */
typedef struct okr_kr_more {
    okr_string owner;  /* `owner "Name"` before the `:`; text NULL when absent */
    okr_quantity weight; /* meaningful when the key result's has_weight is set */
} okr_kr_more;

extern const okr_kr_more okr_kr_none;

/* Layout: what every pass reads first (the metric as written and as
 * resolved, the name, the flags, the title's text: the first 64 bytes),
 * then the rest with 8-byte members before spans, so that the quarter
 * million key results of a large program carry no padding (224 bytes). */
typedef struct okr_kr {
    okr_path *metric;  /* NULL when the KR names no metric */
    okr_metric_decl *metric_decl; /* resolved */
    okr_name name;     /* text NULL when unnamed */
    unsigned char is_hypothesis;
    unsigned char damaged; /* a syntax or lexical error inside it: checks of absences stay quiet */
    unsigned char has_weight;
    /* resolved */
    unsigned char owner_inherited; /* 1 when it has no `owner` of its own */
    uint32_t keyword_end; /* where `kr` or `hypothesis` ends: okr_kr_keyword_span */
    okr_string title;  /* text NULL when absent */
    okr_target target;
    const okr_kr_more *more; /* owner and weight; never NULL (okr_kr_none) */
    /* resolved */
    const char *label;          /* name, or "#N" by position */
    const char *resolved_owner; /* its own owner, else its objective's; NULL when neither */
    okr_objective *objective;
    okr_span span;     /* from the keyword on */
} okr_kr;

/* The `kr` or `hypothesis` keyword, where the key result's span starts. */
static inline okr_span okr_kr_keyword_span(const okr_kr *kr)
{
    okr_span s = {kr->span.file, kr->span.start, kr->keyword_end};
    return s;
}

typedef struct okr_counter {
    okr_path *metric;
    okr_target target;
    okr_span span;
    unsigned char damaged; /* a syntax or lexical error inside it */
    /* resolved */
    okr_metric_decl *metric_decl;
} okr_counter;

typedef enum okr_archetype {
    OKR_ARCH_NONE = 0,
    OKR_ARCH_COMMITTED,
    OKR_ARCH_ASPIRATIONAL,
    OKR_ARCH_LEARNING,
} okr_archetype;

typedef struct okr_cycle_decl okr_cycle_decl;

/* Layout: a link's weight is rarely written (none of the 100k corpus's
 * 90,033 links), so it lies apart: 48 bytes. */
typedef struct okr_align {
    okr_path *target;
    const okr_quantity *weight; /* never NULL: okr_quantity_none when not written */
    okr_span span;
    unsigned char has_weight; /* `aligns PATH weight N` */
    /* resolved */
    okr_objective *objective;
    okr_kr *kr; /* when the link names a key result */
} okr_align;

typedef enum okr_obj_item_kind {
    OKR_OBJ_OWNER, OKR_OBJ_ALIGNS, OKR_OBJ_KR, OKR_OBJ_COUNTER, OKR_OBJ_EXPECT,
} okr_obj_item_kind;

/* An item ends where its node does (the key result, counter-metric, link,
 * the owner's string, the expected score), in the node's file, so only
 * where it starts is kept (the `owner` or `expect` keyword, for those):
 * okr_obj_item_span. 16 bytes; a large program holds half a million. */
typedef struct okr_obj_item {
    void *node; /* okr_string*, okr_align*, okr_kr*, okr_counter*, okr_quantity* */
    uint32_t start;
    okr_obj_item_kind kind;
} okr_obj_item;

okr_span okr_obj_item_span(const okr_obj_item *item);

/* An objective's list of nodes, set once when it closes, exactly full:
 * 16 bytes where a growable okr_vec takes 24 (read as `.items[i]` and
 * `.len` like one; nothing adds to it after the parse). */
typedef struct okr_list {
    void **items;
    size_t len;
} okr_list;

/* Its items themselves, in source order: no pointer to each. */
typedef struct okr_obj_item_list {
    okr_obj_item *items;
    size_t len;
} okr_obj_item_list;

/* Layout: what every pass reads first (the key results, counter-metrics,
 * cycle and statement text: one cache line), then 8-byte members, spans,
 * then bytes (216 bytes). The owner and the expected score are the items'
 * own nodes, pointed at. */
struct okr_objective {
    okr_list krs;      /* okr_kr* */
    okr_list counters; /* okr_counter* */
    okr_cycle_decl *cycle; /* resolved */
    okr_string statement;
    okr_name name;
    const okr_string *owner; /* the last `owner` item's; never NULL (okr_string_none) */
    okr_obj_item_list items; /* in source order */
    okr_list aligns;   /* okr_align* */
    const okr_quantity *expect; /* the last `expect` item's; okr_quantity_none without one */
    /* resolved */
    okr_team_decl *team;
    size_t index;          /* position in the program's objective list */
    okr_span archetype_span;
    okr_span span;
    okr_span open_brace, close_brace;
    uint32_t file;
    /* resolved: 1 + the position in its team's objectives of the next
     * objective of the same name (another cycle's); 0 for the last
     * (okr_team_next_same_name, checker/program.h) */
    uint32_t next_same_name;
    okr_archetype archetype : 8;
    unsigned char has_expect;
    unsigned char damaged; /* an error inside the block: items may be missing, so counts stay quiet */
    /* resolved */
    unsigned char on_stack, visited; /* alignment cycle search */
};

struct okr_cycle_decl {
    okr_string name;       /* "FY2026" from ... */
    okr_date start, end;
    okr_span span;
    int year, quarter;     /* 2026-Q3 */
    unsigned char is_quarter;
    /* resolved */
    unsigned char ok;
    const char *label;     /* "2026-Q3" or the name */
    long start_day, end_day; /* days since 1970-01-01, inclusive; valid when ok */
};

struct okr_team_decl {
    okr_name name;
    okr_string title;
    okr_string owner;
    okr_span span;
};

typedef struct okr_use_decl {
    okr_path *module;
    okr_span span;
} okr_use_decl;

typedef enum okr_policy_item_kind {
    OKR_POLICY_LIMIT, OKR_POLICY_SEVERITY, OKR_POLICY_VOCABULARY,
} okr_policy_item_kind;

typedef struct okr_policy_item {
    okr_policy_item_kind kind;
    okr_name key;        /* limit name, diagnostic code, or vocabulary list */
    okr_quantity min, max;
    int has_range;       /* limit NAME MIN..MAX */
    okr_name level;      /* severity CODE LEVEL */
    okr_vec words;       /* okr_string*, vocabulary LIST "w" "w" */
    okr_span span;
} okr_policy_item;

typedef struct okr_policy_decl {
    okr_vec items;
    okr_span span;
} okr_policy_decl;

/* native NAME "LIBRARY" "SYMBOL" (PARAM, ...) : RESULT */
struct okr_native_decl {
    okr_name name;
    okr_string library;
    okr_string symbol;
    okr_vec params;   /* okr_name*: metric, date or day */
    okr_name result;  /* number or int */
    okr_span span;
    uint32_t file;
};
typedef struct okr_native_decl okr_native_decl;

typedef enum okr_decl_kind {
    OKR_DECL_USE, OKR_DECL_CYCLE, OKR_DECL_TEAM, OKR_DECL_METRIC,
    OKR_DECL_OBJECTIVE, OKR_DECL_POLICY, OKR_DECL_NATIVE,
} okr_decl_kind;

typedef struct okr_decl {
    void *node;
    okr_span span;
    okr_decl_kind kind;
} okr_decl;

typedef struct okr_comment {
    const char *text; /* after the "//", without the newline */
    okr_span span;    /* the whole comment */
    int own_line;     /* nothing but white space before it on its line */
} okr_comment;

typedef struct okr_file_ast {
    uint32_t file;
    okr_vec decls;    /* okr_decl*, in source order */
    okr_vec comments; /* okr_comment*, in source order */
    int parse_failed; /* the file could not be read as text at all */
    int syntax_errors; /* declarations may be missing: later passes stay quiet about absences */
} okr_file_ast;

/* Constructors used by the grammar's actions. */
okr_path *okr_ast_path(okr_arena *arena, okr_name first);
/* WORDS, when given, interns the joined text (the source table's names). */
void okr_ast_path_append(okr_arena *arena, okr_textset *words, okr_path *path, okr_name part);
okr_decl *okr_ast_decl(okr_arena *arena, okr_decl_kind kind, void *node, okr_span span);
/* KR's part for an owner or weight of its own, made when the first is
 * read (until then it points at okr_kr_none). */
okr_kr_more *okr_ast_kr_more(okr_arena *arena, okr_kr *kr);
/* A metric of TYPE, with no part for clauses yet (okr_metric_none). */
okr_metric_decl *okr_ast_metric(okr_arena *arena, okr_type_kind type, okr_span type_span);
/* M's part for its type's parameters and feed clauses, made when the
 * first is read. */
okr_metric_more *okr_ast_metric_more(okr_arena *arena, okr_metric_decl *m);
/* The items of the objective being read, gathered outside the arena
 * (malloc'd, reused from one objective to the next) and copied to it at
 * their exact size when the objective closes: vectors grown by doubling
 * in the arena left their outgrown arrays behind, about 80 bytes an
 * objective. The items are copied whole, the lists of key results,
 * counter-metrics and links point at their nodes. */
typedef struct okr_obj_items {
    okr_objective *obj;   /* whose items these are; NULL when none */
    okr_obj_item *items;  /* on the heap, grown by doubling */
    size_t len, cap;
    size_t krs, counters, aligns;
} okr_obj_items;

/* Adds an item to OBJ (an owner or expect takes effect at once); the
 * items, key results, counter-metrics and links join OBJ's vectors when
 * okr_ast_objective_finish closes it. SPAN is the item's, which ends where
 * NODE's does: only its start is kept. */
void okr_ast_objective_add(okr_obj_items *open, okr_objective *obj, okr_obj_item_kind kind, void *node,
                           okr_span span);
void okr_ast_objective_finish(okr_arena *arena, okr_obj_items *open, okr_objective *obj);
void okr_ast_obj_items_free(okr_obj_items *open);
const char *okr_type_name(okr_type_kind type);
const char *okr_archetype_name(okr_archetype arch);
const char *okr_direction_name(okr_direction dir);

#endif

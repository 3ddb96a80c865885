/* okr.y: the syntax of .okr files (spec.md, "Syntax"), and nothing more.
 *
 * Actions only build syntax-tree nodes (ast.h). Names, units, directions and
 * every rule of good OKR practice are checked by the passes in checker/, so
 * the grammar stays permissive where users make mistakes: a `kr` may have
 * only a title, a counter-metric may carry a target, a metric may lack a
 * direction. The checker then says precisely what is wrong, instead of the
 * parser saying "syntax error".
 *
 * Recovery: after a syntax error the parser resumes at the next top-level
 * declaration (`decls error`) or, inside a block, at the next key result,
 * counter-metric or closing brace (`obj_items error`), so every error of a
 * file is reported, not just the first. Three refinements keep one mistake
 * from hiding or causing others:
 *  - Each declaration and each block item resets bison's error state when
 *    its keyword is read (yyerrok in the `*_kw` rules), and so does the
 *    '}' that closes a block, so
 *    a mistake in the first tokens after a recovered one is still reported
 *    (bison otherwise stays silent until three tokens have been shifted).
 *  - `team` and `use` are added to the tree as soon as their name is read,
 *    so a stray token after them (which the parser, with LAC, detects
 *    before reducing the declaration) does not lose them: losing a `use`
 *    would make every metric of the module "undefined".
 *  - An objective head inside an objective (a block whose `}` is missing)
 *    is reported, closes the open objective and opens the new one, so the
 *    next objective keeps its own key results and its own checks.
 *  - A declaration keyword no block item starts with, or the end of the
 *    file, inside a block: yylex reports the missing `}` and hands one to
 *    the parser before the keyword, so the block keeps what it read.
 *  - A metric declaration joins the tree when its type is read, like team.
 *  - One syntax error per line (follows_error_on_line), and a line that
 *    stops short is reported where it ends (ends_line_early).
 *  - Common mistakes get targeted help and fixes (hints.c): a keyword as a
 *    name is read as the name (yylex), a misspelled keyword gets "did you
 *    mean" from the keywords expected where it stands.
 *  - Constructs with an error on their line or in their block are marked
 *    `damaged` (okr_parser_mark_damage, recovery.c), so the checker does
 *    not report absences (no metric, too few key results) that the error
 *    caused.
 * Dotted names hold at most OKR_MAX_PATH_PARTS parts: the parts beyond are
 * reported once (OKR007) and dropped, as each append copies the name. */

%require "3.8"

/* Pure parser: all state in yyparse's locals and in the okr_parser argument. */
%define api.pure full
/* Locations are byte offsets (okr_loc); line and column come later. */
%define api.location.type {okr_loc}
%locations
/* We build our own messages: the token found, what could stand there, and a
 * note pointing at an unclosed block. */
%define parse.error custom
/* Lookahead correction, so the "expected" list is exact even after default
 * reductions. */
%define parse.lac full
/* The grammar must stay free of unresolved conflicts (the one precedence
 * settles is explained at kr_head). */
%expect 0

%param {okr_parser *parser}

%code requires {
#include <stdint.h>
#include "ast.h"

typedef struct okr_loc {
    uint32_t start, end;
} okr_loc;

/* The span of a rule is from its first symbol's start to its last symbol's
 * end; an empty rule sits at the end of the previous symbol. */
#define YYLLOC_DEFAULT(Cur, Rhs, N)                        \
    do {                                                   \
        if (N) {                                           \
            (Cur).start = YYRHSLOC(Rhs, 1).start;          \
            (Cur).end = YYRHSLOC(Rhs, N).end;              \
        } else {                                           \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end; \
        }                                                  \
    } while (0)

typedef struct okr_parser okr_parser;
}

%code {
#include <stdio.h>
#include <string.h>

#include "parser.h"
#include "parser_state.h"
#include "hints.h"
#include "scanner.h"


/* Whether TOKEN cannot continue the open block, so its '}' is missing: the
 * end of the file, or a declaration keyword no block item starts with (in a
 * policy, an objective head too; in an objective, obj_item reads one). */
static int closes_open_block(const okr_parser *parser, int token)
{
    if (!parser->open_block_kind || parser->last_token == '}')
        return 0;
    switch (token) {
    case END: case KW_METRIC: case KW_TEAM: case KW_CYCLE: case KW_USE: case KW_NATIVE: case KW_POLICY:
        return 1;
    case KW_OBJECTIVE: case KW_COMMITTED: case KW_ASPIRATIONAL: case KW_LEARNING:
        return parser->open_block_kind[0] == 'p';
    default:
        return 0;
    }
}

/* Tokens come from the scanner (lexer/scanner.h), one at a time. A block
 * still open where a declaration starts or the file ends gets its '}'
 * here: the missing brace is reported once, a '}' is handed to the parser
 * and the token is held back for the next call, so the block keeps what it
 * read and the declaration after it is read normally. */
static int yylex(YYSTYPE *value, YYLTYPE *location, okr_parser *parser)
{
    struct held { YYSTYPE value; YYLTYPE location; } *held = parser->held;
    int token;
    if (parser->has_held) {
        token = parser->held_token;
        *value = held->value;
        *location = held->location;
        parser->has_held = 0;
    } else {
        token = okr_lexer_next(parser, value, location);
        /* The '}' that was missing, written after a declaration that did
         * not belong in the block (a `metric` inside an objective): the
         * block was closed already, so it is read as that block's brace. */
        if (token == '}' && parser->closed_for_user && !parser->open_block_kind) {
            parser->closed_for_user = 0;
            token = okr_lexer_next(parser, value, location);
        }
        if (token == '{')
            parser->closed_for_user = 0;
        if (okr_hint_keyword_as_name(parser, token, location->start, location->end)) {
            token = IDENT; /* read as the name it stands for: one error */
        } else {
            const char *keyword;
            int meant = okr_hint_misspelled_start(parser, token, location->start, location->end, &keyword);
            if (meant) { /* read as the keyword it stands for: one error */
                token = meant;
                value->name.text = keyword;
            }
        }
        if (closes_open_block(parser, token)) {
            parser->closed_for_user = 1;
            okr_parser_report_missing_close(parser, token == END, location->start, location->end);
            if (!held)
                parser->held = held = okr_arena_alloc(parser->arena, sizeof *held);
            held->value = *value;
            held->location = *location;
            parser->held_token = token;
            parser->has_held = 1;
            location->end = location->start;
            token = '}';
        }
    }
    parser->last_token = token;
    parser->prev_end = parser->token_end;
    parser->token_end = location->end;
    return token;
}

static void yyerror(const YYLTYPE *location, okr_parser *parser, const char *message)
{
    /* Only reached for bison's own failures (stack exhausted). */
    okr_diag_report(parser->diags, OKR004, okr_parser_span(parser, location->start, location->end),
                    "%s", message);
    parser->syntax_errors++;
}

#define SPAN(loc) okr_parser_span(parser, (loc).start, (loc).end)
#define NEW(type) ((type *)okr_arena_alloc(parser->arena, sizeof(type)))

static okr_decl *add_decl(okr_parser *parser, okr_decl_kind kind, void *node, YYLTYPE loc)
{
    okr_decl *d = okr_ast_decl(parser->arena, kind, node, SPAN(loc));
    okr_vec_push_heap(&parser->ast->decls, d); /* settled after the parse (parse.c) */
    return d;
}

static okr_quantity signed_quantity(okr_quantity q, int sign, okr_span sign_span)
{
    q.sign = sign;
    if (sign < 0)
        q.value = -q.value;
    q.span = okr_span_join(sign_span, q.span);
    return q;
}
}

%union {
    okr_name name;
    okr_string string;
    okr_quantity quantity;
    okr_date date;
    struct { int year, quarter; okr_span span; } quarter;
    okr_path *path;
    okr_objective *objective;
    okr_kr *kr;
    okr_counter *counter;
    okr_target target;
    okr_metric_decl *metric;
    okr_policy_decl *policy;
    okr_policy_item *policy_item;
    okr_vec words;
    okr_native_decl *native;
    okr_decl *decl;
    int number;
}

%token END 0 "end of file"
%token <name> IDENT "identifier"
%token <string> STRING "string"
%token <quantity> QUANTITY "number"
%token <date> DATE "date"
%token <quarter> QUARTER "quarter"
%token DOTDOT ".."

/* Keywords: the same list as lexer/keywords.def (a unit test keeps them in step). */
%token <name> KW_ALIGNS "aligns" KW_ASPIRATIONAL "aspirational" KW_AT "at"
%token <name> KW_BASELINE "baseline" KW_BY "by" KW_COMMITTED "committed"
%token <name> KW_COUNT "count" KW_COUNTER "counter" KW_CYCLE "cycle"
%token <name> KW_DECREASING "decreasing" KW_DURATION "duration" KW_EXPECT "expect"
%token <name> KW_FROM "from" KW_HYPOTHESIS "hypothesis" KW_INCREASING "increasing"
%token <name> KW_KR "kr" KW_LEARNING "learning" KW_LEAST "least" KW_LIMIT "limit"
%token <name> KW_METRIC "metric" KW_MONEY "money" KW_MOST "most" KW_NO "no"
%token <name> KW_NUMBER "number type" KW_OBJECTIVE "objective"
%token <name> KW_OPERATIONAL "operational" KW_OWNER "owner" KW_PERCENT "percent"
%token <name> KW_POLICY "policy" KW_SCORE "score" KW_SEVERITY "severity"
%token <name> KW_TEAM "team" KW_THAN "than" KW_TO "to" KW_USE "use"
%token <name> KW_VOCABULARY "vocabulary" KW_WEIGHT "weight" KW_WORSE "worse"
%token <name> KW_AGGREGATE "aggregate" KW_LAG "lag" KW_NATIVE "native" KW_OVER "over"
%token <name> KW_SOURCE "source" KW_UNIT "unit" KW_VIA "via"

/* The one shift/reduce choice of the grammar, settled here rather than left
 * to bison: after a title-only key result, `owner` is read on (see kr_head). */
%precedence KR_BARE
%precedence KW_OWNER

%type <path> path
%type <string> opt_string opt_owner
%type <number> opt_archetype kr_keyword
%type <name> opt_ident native_kind
%type <quantity> signed
%type <target> target opt_target
%type <metric> metric_decl metric_type
%type <objective> objective_head
%type <kr> kr_decl kr_head
%type <counter> counter_decl
%type <policy> policy_head
%type <policy_item> policy_item
%type <words> strings opt_params params
%type <native> native_decl
%type <decl> use_path team_head

%%

file
    : decls
    ;

decls
    : %empty
    | decls decl
    | decls error
        { parser->open_block_kind = NULL; }
    ;

decl
    : use_path
    | cycle_kw QUARTER
        {
            okr_cycle_decl *c = NEW(okr_cycle_decl);
            c->is_quarter = 1;
            c->year = $2.year;
            c->quarter = $2.quarter;
            c->span = SPAN(@$);
            add_decl(parser, OKR_DECL_CYCLE, c, @$);
        }
    | cycle_kw STRING KW_FROM DATE KW_TO DATE
        {
            okr_cycle_decl *c = NEW(okr_cycle_decl);
            c->name = $2;
            c->start = $4;
            c->end = $6;
            c->span = SPAN(@$);
            add_decl(parser, OKR_DECL_CYCLE, c, @$);
        }
    | team_head opt_string opt_owner
        {
            okr_team_decl *t = $1->node;
            t->title = $2;
            t->owner = $3;
            t->span = SPAN(@$);
            $1->span = t->span;
        }
    | metric_decl
        { $1->span = SPAN(@$); parser->open_metric->span = $1->span; }
    | objective_head obj_items '}'
        {
            okr_ast_objective_finish(parser->arena, &parser->open_items, $1);
            $1->span = SPAN(@$);
            $1->close_brace = SPAN(@3);
            okr_parser_mark_damage(parser, $1);
            parser->open_block_kind = NULL;
            add_decl(parser, OKR_DECL_OBJECTIVE, $1, @$);
            yyerrok; /* what follows the block is new: `objectiv b {` right after it is reported */
        }
    | native_decl
        { $1->span = SPAN(@$); $1->file = parser->file; add_decl(parser, OKR_DECL_NATIVE, $1, @$); }
    | policy_head policy_items '}'
        {
            $1->span = SPAN(@$);
            parser->open_block_kind = NULL;
            add_decl(parser, OKR_DECL_POLICY, $1, @$);
            yyerrok;
        }
    ;

/* The keyword that starts a declaration or a block item ends error
 * recovery: what follows is a new construct, and its mistakes
 * are reported even within three tokens of the last one. */
use_kw: KW_USE { yyerrok; } ;
cycle_kw: KW_CYCLE { yyerrok; } ;
team_kw: KW_TEAM { yyerrok; } ;
metric_kw: KW_METRIC { yyerrok; } ;
native_kw: KW_NATIVE { yyerrok; } ;
policy_kw: KW_POLICY { yyerrok; } ;
counter_kw: KW_COUNTER { yyerrok; } ;
owner_kw: KW_OWNER { yyerrok; } ;
aligns_kw: KW_ALIGNS { yyerrok; } ;
expect_kw: KW_EXPECT { yyerrok; } ;
limit_kw: KW_LIMIT { yyerrok; } ;
severity_kw: KW_SEVERITY { yyerrok; } ;
vocabulary_kw: KW_VOCABULARY { yyerrok; } ;

/* `use` and `team` join the tree when their name is read: a syntax error
 * right after them must not lose them (see the top comment). */
use_path
    : use_kw IDENT
        {
            okr_use_decl *u = NEW(okr_use_decl);
            u->module = okr_ast_path(parser->arena, $2);
            u->span = SPAN(@$);
            $$ = add_decl(parser, OKR_DECL_USE, u, @$);
        }
    | use_path '.' IDENT
        {
            $$ = $1;
            okr_use_decl *u = $$->node;
            okr_parser_path_append(parser, u->module, $3);
            u->span = SPAN(@$);
            $$->span = u->span;
        }
    ;

team_head
    : team_kw IDENT
        {
            okr_team_decl *t = NEW(okr_team_decl);
            t->name = $2;
            t->title.span = t->owner.span = SPAN(@2);
            t->span = SPAN(@$);
            $$ = add_decl(parser, OKR_DECL_TEAM, t, @$);
        }
    ;

path
    : IDENT
        { $$ = okr_ast_path(parser->arena, $1); }
    | path '.' IDENT
        { $$ = $1; okr_parser_path_append(parser, $$, $3); }
    ;

opt_string
    : %empty    { $$.text = NULL; $$.span = SPAN(@$); }
    | STRING
    ;

opt_owner
    : %empty    { $$.text = NULL; $$.span = SPAN(@$); }
    | KW_OWNER STRING { $$ = $2; }
    ;

metric_decl
    : metric_kw IDENT opt_string ':' metric_type
        {
            $$ = $5;
            $$->name = $2;
            $$->description = $3;
            $$->span = SPAN(@$);
            /* In the tree from here: a stray token after it must not lose it. */
            parser->open_metric = add_decl(parser, OKR_DECL_METRIC, $$, @$);
        }
    | metric_decl KW_INCREASING
        {
            $$ = $1;
            if ($$->direction)
                okr_ast_metric_more(parser->arena, $$)->repeated_direction = SPAN(@2);
            $$->direction = OKR_DIR_INCREASING;
            $$->direction_span = SPAN(@2);
        }
    | metric_decl KW_DECREASING
        {
            $$ = $1;
            if ($$->direction)
                okr_ast_metric_more(parser->arena, $$)->repeated_direction = SPAN(@2);
            $$->direction = OKR_DIR_DECREASING;
            $$->direction_span = SPAN(@2);
        }
    | metric_decl KW_OPERATIONAL
        { $$ = $1; $$->operational = 1; $$->operational_span = SPAN(@2); }
    | metric_decl KW_AGGREGATE IDENT
        { $$ = $1; okr_ast_metric_more(parser->arena, $$)->aggregate = $3; }
    | metric_decl KW_AGGREGATE IDENT KW_OVER QUANTITY
        {
            $$ = $1;
            okr_metric_more *more = okr_ast_metric_more(parser->arena, $$);
            more->aggregate = $3;
            more->window = $5;
            $$->has_window = 1;
        }
    | metric_decl KW_AGGREGATE IDENT KW_OVER KW_CYCLE
        {
            $$ = $1;
            okr_metric_more *more = okr_ast_metric_more(parser->arena, $$);
            more->aggregate = $3;
            more->window.span = SPAN(@5);
            $$->window_is_cycle = 1;
            $$->has_window = 1;
        }
    | metric_decl KW_LAG QUANTITY
        { $$ = $1; okr_ast_metric_more(parser->arena, $$)->lag = $3; $$->has_lag = 1; }
    | metric_decl KW_SOURCE STRING
        { $$ = $1; okr_ast_metric_more(parser->arena, $$)->source = $3; }
    | metric_decl KW_VIA IDENT
        { $$ = $1; okr_ast_metric_more(parser->arena, $$)->via = $3; }
    | metric_decl KW_UNIT IDENT
        { $$ = $1; okr_ast_metric_more(parser->arena, $$)->feed_unit = $3; }
    ;

native_decl
    : native_kw IDENT STRING STRING '(' opt_params ')' ':' native_kind
        {
            $$ = NEW(okr_native_decl);
            $$->name = $2;
            $$->library = $3;
            $$->symbol = $4;
            $$->params = $6;
            $$->result = $9;
        }
    ;

opt_params
    : %empty { memset(&$$, 0, sizeof $$); }
    | params
    ;

/* Parameter and result kinds are checked by the checker; `metric` and
 * `number` are keywords elsewhere, so they are accepted here by name. */
native_kind
    : IDENT
    | KW_METRIC
    | KW_NUMBER
    ;

params
    : native_kind
        {
            memset(&$$, 0, sizeof $$);
            okr_name *n = NEW(okr_name);
            *n = $1;
            okr_vec_push(parser->arena, &$$, n);
        }
    | params ',' native_kind
        {
            $$ = $1;
            okr_name *n = NEW(okr_name);
            *n = $3;
            okr_vec_push(parser->arena, &$$, n);
        }
    ;

metric_type
    : KW_PERCENT  { $$ = okr_ast_metric(parser->arena, OKR_TYPE_PERCENT, SPAN(@$)); }
    | KW_COUNT    { $$ = okr_ast_metric(parser->arena, OKR_TYPE_COUNT, SPAN(@$)); }
    | KW_NUMBER   { $$ = okr_ast_metric(parser->arena, OKR_TYPE_NUMBER, SPAN(@$)); }
    | KW_DURATION { $$ = okr_ast_metric(parser->arena, OKR_TYPE_DURATION, SPAN(@$)); }
    | KW_MONEY '(' IDENT ')'
        {
            $$ = okr_ast_metric(parser->arena, OKR_TYPE_MONEY, SPAN(@$));
            okr_ast_metric_more(parser->arena, $$)->currency = $3;
        }
    | KW_SCORE '(' signed DOTDOT signed ')'
        {
            $$ = okr_ast_metric(parser->arena, OKR_TYPE_SCORE, SPAN(@$));
            okr_metric_more *more = okr_ast_metric_more(parser->arena, $$);
            more->score_min = $3;
            more->score_max = $5;
        }
    ;

objective_head
    : opt_archetype KW_OBJECTIVE IDENT opt_string '{'
        {
            $$ = NEW(okr_objective);
            $$->owner = &okr_string_none;
            $$->expect = &okr_quantity_none;
            $$->archetype = (okr_archetype)$1;
            $$->archetype_span = SPAN(@1);
            okr_span guess;
            okr_archetype guessed = okr_hint_take_archetype(parser, @2.start, &guess);
            if ($1 == OKR_ARCH_NONE && guessed != OKR_ARCH_NONE) {
                $$->archetype = guessed; /* `comitted objective`: reported once */
                $$->archetype_span = guess;
            }
            $$->name = $3;
            $$->statement = $4;
            $$->open_brace = SPAN(@5);
            $$->file = parser->file;
            parser->open_block_kind = "objective";
            parser->open_block_name = $3.text;
            parser->open_block_brace = SPAN(@5);
        }
    ;

opt_archetype
    : %empty          { $$ = OKR_ARCH_NONE; yyerrok; }
    | KW_COMMITTED    { $$ = OKR_ARCH_COMMITTED; yyerrok; }
    | KW_ASPIRATIONAL { $$ = OKR_ARCH_ASPIRATIONAL; yyerrok; }
    | KW_LEARNING     { $$ = OKR_ARCH_LEARNING; yyerrok; }
    ;

obj_items
    : %empty
    | obj_items obj_item
    | obj_items error
    ;

obj_item
    : owner_kw STRING
        {
            okr_string *s = NEW(okr_string);
            *s = $2;
            okr_ast_objective_add(&parser->open_items, $<objective>-1, OKR_OBJ_OWNER, s, SPAN(@$));
        }
    | aligns_kw path
        {
            okr_align *a = NEW(okr_align);
            a->target = $2;
            a->weight = &okr_quantity_none;
            a->span = SPAN(@$);
            okr_ast_objective_add(&parser->open_items, $<objective>-1, OKR_OBJ_ALIGNS, a, SPAN(@$));
        }
    /* A weight on the link: how much this objective counts in the roll-up
     * of the one it aligns to (spec.md, "Roll-up"); the checker judges it. */
    | aligns_kw path KW_WEIGHT QUANTITY
        {
            okr_align *a = NEW(okr_align);
            a->target = $2;
            a->has_weight = 1;
            okr_quantity *weight = NEW(okr_quantity);
            *weight = $4;
            a->weight = weight;
            a->span = SPAN(@$);
            okr_ast_objective_add(&parser->open_items, $<objective>-1, OKR_OBJ_ALIGNS, a, SPAN(@$));
        }
    | kr_decl
        { okr_ast_objective_add(&parser->open_items, $<objective>-1, OKR_OBJ_KR, $1, SPAN(@$)); }
    /* A title-only key result, then the objective's owner (see kr_head). */
    | kr_head KW_OWNER STRING
        {
            $1->damaged = okr_parser_damaged_line(parser, @1.start, @1.end);
            okr_ast_objective_add(&parser->open_items, $<objective>-1, OKR_OBJ_KR, $1, SPAN(@1));
            okr_string *s = NEW(okr_string);
            *s = $3;
            YYLTYPE owner_loc = { @2.start, @3.end };
            okr_ast_objective_add(&parser->open_items, $<objective>-1, OKR_OBJ_OWNER, s, SPAN(owner_loc));
            yyerrok;
        }
    | counter_decl
        { okr_ast_objective_add(&parser->open_items, $<objective>-1, OKR_OBJ_COUNTER, $1, SPAN(@$)); }
    | expect_kw QUANTITY
        {
            okr_quantity *q = NEW(okr_quantity);
            *q = $2;
            okr_ast_objective_add(&parser->open_items, $<objective>-1, OKR_OBJ_EXPECT, q, SPAN(@$));
        }
    /* The next objective starts while this one is open: its `}` is missing.
     * Report it, add the open objective to the tree as it stands, and let
     * the items that follow (and the closing brace) belong to the new one:
     * objective_head's value and location below obj_items are replaced. */
    | objective_head
        {
            okr_objective *open = $<objective>-1;
            okr_parser_report_unclosed_objective(parser, open, @1.start);
            YYLTYPE whole = { @-1.start, @0.end };
            open->span = SPAN(whole);
            okr_ast_objective_finish(parser->arena, &parser->open_items, open);
            okr_parser_mark_damage(parser, open);
            open->damaged = 1;
            add_decl(parser, OKR_DECL_OBJECTIVE, open, whole);
            $<objective>-1 = $1;
            @-1 = @1;
        }
    ;

/* A key result's own owner stands between its head and the `:` (`kr a "T"
 * owner "Sam" : m from 1 to 2`): the one place where what follows (the `:`)
 * tells it from the objective's `owner` item, as newlines mean nothing.
 * After a key result with no `:` (a title-only one), `owner` still shifts
 * (KR_BARE below KW_OWNER): `owner "Name"` then `:` is the key result's
 * owner, and `owner "Name"` without a `:` is the objective's owner item
 * that follows it (obj_item below), so every file means what it meant. */
kr_head
    : kr_keyword opt_ident opt_string
        {
            $$ = NEW(okr_kr);
            $$->is_hypothesis = $1;
            $$->keyword_end = @1.end; /* the span starts at the keyword */
            $$->name = $2;
            $$->title = $3;
            $$->more = &okr_kr_none;
            $$->span = SPAN(@$);
        }
    ;

kr_decl
    : kr_head %prec KR_BARE
        {
            $$ = $1;
            $$->damaged = okr_parser_damaged_line(parser, @$.start, @$.end);
        }
    | kr_head ':' path opt_target
        {
            $$ = $1;
            $$->metric = $3;
            $$->target = $4;
            $$->span = SPAN(@$);
            $$->damaged = okr_parser_damaged_line(parser, @$.start, @$.end);
        }
    | kr_head KW_OWNER STRING ':' path opt_target
        {
            $$ = $1;
            okr_ast_kr_more(parser->arena, $$)->owner = $3;
            $$->metric = $5;
            $$->target = $6;
            $$->span = SPAN(@$);
            $$->damaged = okr_parser_damaged_line(parser, @$.start, @$.end);
        }
    | kr_decl KW_WEIGHT QUANTITY
        {
            $$ = $1;
            $$->has_weight = 1;
            okr_ast_kr_more(parser->arena, $$)->weight = $3;
            $$->span = okr_span_join($$->span, SPAN(@3));
            $$->damaged = okr_parser_damaged_line(parser, @$.start, @$.end);
        }
    ;

kr_keyword
    : KW_KR         { $$ = 0; yyerrok; }
    | KW_HYPOTHESIS { $$ = 1; yyerrok; }
    ;

opt_ident
    : %empty { $$.text = NULL; $$.span = SPAN(@$); }
    | IDENT
    ;

counter_decl
    : counter_kw path opt_target
        {
            $$ = NEW(okr_counter);
            $$->metric = $2;
            $$->target = $3;
            $$->span = SPAN(@$);
            $$->damaged = okr_parser_damaged_line(parser, @$.start, @$.end);
        }
    ;

opt_target
    : %empty { memset(&$$, 0, sizeof $$); $$.span = SPAN(@$); }
    | target
    ;

target
    : KW_FROM signed KW_TO signed
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = OKR_TARGET_FROM_TO;
            $$.baseline = $2;
            $$.value = $4;
            $$.span = SPAN(@$);
        }
    | KW_FROM '?' KW_TO signed
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = OKR_TARGET_FROM_TO;
            $$.baseline_unknown = 1;
            $$.baseline.span = SPAN(@2);
            $$.value = $4;
            $$.span = SPAN(@$);
        }
    | KW_BY signed
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = OKR_TARGET_BY;
            $$.value = $2;
            $$.span = SPAN(@$);
        }
    | KW_AT KW_LEAST signed
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = OKR_TARGET_AT_LEAST;
            $$.value = $3;
            $$.span = SPAN(@$);
        }
    | KW_AT KW_MOST signed
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = OKR_TARGET_AT_MOST;
            $$.value = $3;
            $$.span = SPAN(@$);
        }
    | KW_NO KW_WORSE KW_THAN KW_BASELINE
        {
            memset(&$$, 0, sizeof $$);
            $$.kind = OKR_TARGET_NO_WORSE;
            $$.span = SPAN(@$);
        }
    ;

signed
    : QUANTITY         { $$ = $1; }
    | '+' QUANTITY     { $$ = signed_quantity($2, +1, SPAN(@1)); }
    | '-' QUANTITY     { $$ = signed_quantity($2, -1, SPAN(@1)); }
    ;

policy_head
    : policy_kw '{'
        {
            $$ = NEW(okr_policy_decl);
            parser->open_block_kind = "policy";
            parser->open_block_name = NULL;
            parser->open_block_brace = SPAN(@2);
        }
    ;

policy_items
    : %empty
    | policy_items policy_item
        { okr_vec_push(parser->arena, &$<policy>0->items, $2); }
    | policy_items error
    ;

policy_item
    : limit_kw IDENT signed
        {
            $$ = NEW(okr_policy_item);
            $$->kind = OKR_POLICY_LIMIT;
            $$->key = $2;
            $$->min = $3;
            $$->max = $3;
            $$->span = SPAN(@$);
        }
    | limit_kw IDENT signed DOTDOT signed
        {
            $$ = NEW(okr_policy_item);
            $$->kind = OKR_POLICY_LIMIT;
            $$->key = $2;
            $$->min = $3;
            $$->max = $5;
            $$->has_range = 1;
            $$->span = SPAN(@$);
        }
    | severity_kw IDENT IDENT
        {
            $$ = NEW(okr_policy_item);
            $$->kind = OKR_POLICY_SEVERITY;
            $$->key = $2;
            $$->level = $3;
            $$->span = SPAN(@$);
        }
    | vocabulary_kw IDENT strings
        {
            $$ = NEW(okr_policy_item);
            $$->kind = OKR_POLICY_VOCABULARY;
            $$->key = $2;
            $$->words = $3;
            $$->span = SPAN(@$);
        }
    ;

strings
    : STRING
        {
            memset(&$$, 0, sizeof $$);
            okr_string *s = NEW(okr_string);
            *s = $1;
            okr_vec_push(parser->arena, &$$, s);
        }
    | strings STRING
        {
            $$ = $1;
            okr_string *s = NEW(okr_string);
            *s = $2;
            okr_vec_push(parser->arena, &$$, s);
        }
    ;

%%

/* Bison's names for tokens are quoted aliases ("\"objective\""); show them
 * as 'objective', and the literal characters as '{'. */
static const char *token_display(okr_parser *parser, yysymbol_kind_t kind)
{
    const char *name = yysymbol_name(kind);
    size_t len = strlen(name);
    if (len >= 2 && name[0] == '"' && name[len - 1] == '"')
        name = okr_arena_strndup(parser->arena, name + 1, len - 2);
    /* Value tokens read as words ("identifier"); keywords and ".." are quoted;
     * character tokens already come as '{'. */
    if (kind == YYSYMBOL_IDENT || kind == YYSYMBOL_STRING || kind == YYSYMBOL_QUANTITY ||
        kind == YYSYMBOL_DATE || kind == YYSYMBOL_QUARTER || kind == YYSYMBOL_YYEOF)
        return name;
    if (kind == YYSYMBOL_KW_NUMBER)
        return "'number'";
    if (name[0] == '\'')
        return name;
    return okr_arena_printf(parser->arena, "'%s'", name);
}

/* An unexpected token on the line of an error already reported, at or after
 * it, is the same mistake seen twice (`= 3`, `# quality`, a title whose
 * string is not closed where no title may stand, the tokens a recovery
 * resumes on): one error per line. */
static int follows_error_on_line(const okr_parser *parser, uint32_t start)
{
    if (!parser->damaged || start < parser->damage_at)
        return 0;
    return memchr(parser->text + parser->damage_at, '\n', start - parser->damage_at) == NULL;
}

/* Whether the parser, before the token that does not fit, held a complete
 * construct: then the token is the mistake. Otherwise the line before it
 * stopped short (`at most` and nothing after it), and the mistake is there. */
static int construct_complete(const yypcontext_t *ctx)
{
    yysymbol_kind_t expected[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS);
    for (int i = 0; i < n; i++)
        if (expected[i] == YYSYMBOL_YYEOF || expected[i] == YYSYMBOL_KW_KR ||
            expected[i] == YYSYMBOL_KW_OBJECTIVE || strcmp(yysymbol_name(expected[i]), "'}'") == 0)
            return 1;
    return 0;
}

/* A token that does not fit, first on its line after a line that stopped
 * short: the error is reported where that line ends. */
static int ends_line_early(const yypcontext_t *ctx, const okr_parser *parser, uint32_t start)
{
    uint32_t end = parser->prev_end;
    if (end == 0 || end >= start || !memchr(parser->text + end, '\n', start - end))
        return 0;
    return !construct_complete(ctx);
}

/* An identifier where a keyword could stand (`objectiv`, `comitted`,
 * `hypothesys`): the keywords expected here go to okr_hint_misspelled. */
static void suggest_keyword(const yypcontext_t *ctx, okr_parser *parser, okr_diag *d, const YYLTYPE *loc)
{
    yysymbol_kind_t expected[YYNTOKENS];
    const char *keywords[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, expected, YYNTOKENS), count = 0;
    enum {
        KEYWORDS = 0
#define OKR_KEYWORD(token, spelling, klass) +1
#include "keywords.def"
#undef OKR_KEYWORD
    };
    _Static_assert(YYSYMBOL_KW_VIA - YYSYMBOL_KW_ALIGNS + 1 == KEYWORDS,
                   "the keyword symbols must be KW_ALIGNS to KW_VIA, one per keyword");
    for (int i = 0; i < n; i++) {
        /* The keyword symbols are KW_ALIGNS to KW_VIA, in the order of
         * the %token lines above; their names are the spellings. */
        if (expected[i] >= YYSYMBOL_KW_ALIGNS && expected[i] <= YYSYMBOL_KW_VIA)
            keywords[count++] = expected[i] == YYSYMBOL_KW_NUMBER ? "number" : yysymbol_name(expected[i]);
    }
    okr_hint_misspelled(parser, d, keywords, count, loc->start, loc->end);
}

static int yyreport_syntax_error(const yypcontext_t *ctx, okr_parser *parser)
{
    enum { MAX_EXPECTED = 6 };
    yysymbol_kind_t expected[MAX_EXPECTED + 1];
    int n = yypcontext_expected_tokens(ctx, expected, MAX_EXPECTED + 1);
    yysymbol_kind_t found = yypcontext_token(ctx);
    const YYLTYPE *loc = yypcontext_location(ctx);
    okr_span span = okr_parser_span(parser, loc->start, loc->end);
    int early = found != YYSYMBOL_YYEOF && ends_line_early(ctx, parser, loc->start);
    uint32_t at = early ? parser->prev_end : loc->start;
    if (follows_error_on_line(parser, at)) {
        parser->syntax_errors++;
        okr_parser_damage(parser, at);
        return 0;
    }
    if (early)
        span = okr_parser_span(parser, at, at);

    const char *found_text;
    if (found == YYSYMBOL_YYEOF) {
        found_text = "end of file";
    } else if (early) {
        found_text = "end of line";
    } else {
        size_t len = loc->end - loc->start;
        const char *shown = parser->text + loc->start;
        int cut = len > 40;
        if (cut)
            len = 40;
        const char *what = found == YYSYMBOL_IDENT ? "identifier " : found == YYSYMBOL_STRING ? "string " :
                           found == YYSYMBOL_QUANTITY ? "number " : found == YYSYMBOL_DATE ? "date " :
                           found == YYSYMBOL_QUARTER ? "quarter " : "";
        found_text = okr_arena_printf(parser->arena, "%s'%.*s%s'", what, (int)len, shown, cut ? "..." : "");
    }

    char expect_buf[512] = "";
    if (n > 0 && n <= MAX_EXPECTED) {
        size_t used = 0;
        for (int i = 0; i < n; i++) {
            const char *sep = i == 0 ? "" : i == n - 1 ? " or " : ", ";
            int w = snprintf(expect_buf + used, sizeof expect_buf - used, "%s%s", sep,
                             token_display(parser, expected[i]));
            if (w < 0 || (size_t)w >= sizeof expect_buf - used)
                break;
            used += (size_t)w;
        }
    }

    okr_diag *d;
    if (expect_buf[0])
        d = okr_diag_report(parser->diags, OKR004, span, "unexpected %s, expected %s", found_text, expect_buf);
    else
        d = okr_diag_report(parser->diags, OKR004, span, "unexpected %s", found_text);
    parser->syntax_errors++;
    okr_parser_damage(parser, at);

    int expects_close = 0;
    for (int i = 0; i < n && i < MAX_EXPECTED + 1; i++)
        if (expected[i] == YYSYMBOL_YYACCEPT || strcmp(yysymbol_name(expected[i]), "'}'") == 0)
            expects_close = 1;
    if (parser->open_block_kind && (expects_close || n > MAX_EXPECTED || found == YYSYMBOL_YYEOF)) {
        if (parser->open_block_name)
            okr_diag_note(parser->diags, d, parser->open_block_brace, "%s '%s' opened here",
                          parser->open_block_kind, parser->open_block_name);
        else
            okr_diag_note(parser->diags, d, parser->open_block_brace, "%s block opened here",
                          parser->open_block_kind);
        if (found == YYSYMBOL_YYEOF)
            okr_diag_help(parser->diags, d, "add '}' to close the %s", parser->open_block_kind);
    }
    /* Hints for frequent slips, phrased as what to write instead. */
    if (found == YYSYMBOL_IDENT && d)
        suggest_keyword(ctx, parser, d, loc);
    if (d && d->help_count)
        ; /* the keyword suggestion, or the block's missing '}' */
    else if (found == YYSYMBOL_KW_OBJECTIVE && parser->open_block_kind)
        okr_diag_help(parser->diags, d, "close the previous %s with '}' first", parser->open_block_kind);
    else if (found == YYSYMBOL_QUANTITY && loc->start > 0)
        okr_diag_help(parser->diags, d,
                      "targets read `from B to T`, `by +X%%`, `at least T` or `at most T`");
    else if (found == YYSYMBOL_STRING && !parser->open_block_kind)
        okr_diag_help(parser->diags, d, "a title follows the name: `objective NAME \"statement\" {`");
    else if (d && !d->help_count) /* NULL once the file's stored findings reach the cap */
        okr_diag_help(parser->diags, d, "see spec.md, \"Syntax\", for the forms allowed here");
    return 0;
}

/* parser_state.h: the state one parse shares between scanner and parser.
 *
 * The flex scanner is reentrant (its state is a yyscan_t) and the bison parser
 * is pure, so everything a parse needs lives in this struct, passed to both:
 * no globals. The scanner's "extra" pointer is this struct. Internal to
 * lexer/ and parser/. */
#ifndef OKR_PARSER_STATE_H
#define OKR_PARSER_STATE_H

#include <stdint.h>
#include <string.h>

#include "../common/diag.h"
#include "ast.h"

typedef struct okr_parser {
    okr_arena *arena;
    okr_diags *diags;
    okr_source_table *sources;
    uint32_t file;
    const char *text; /* the file's bytes, for token text in messages */
    size_t len;
    okr_file_ast *ast;  /* the tree being built; NULL when only scanning */
    okr_vec *comments;  /* where the scanner records comments, or NULL */
    struct okr_token_list *tokens; /* where okr_lexer_next records each token, or NULL */
    size_t tokens_cap;
    void *scanner;    /* yyscan_t, between okr_lexer_start and okr_lexer_stop */
    uint32_t offset;  /* byte offset of the scanner, for locations */
    uint32_t line_start; /* offset where the current line starts */
    /* The block being parsed, so that a missing '}' can name what it closes. */
    const char *open_block_kind; /* "objective", "policy" or NULL */
    const char *open_block_name;
    okr_span open_block_brace;
    int syntax_errors;
    /* Where the last syntax or lexical error starts (damaged != 0): a
     * construct whose span reaches it is marked damaged in the tree. */
    int damaged;
    uint32_t damage_at;
    uint32_t *damage_list; /* every error's start, in order (arena) */
    size_t damage_len, damage_cap;
    /* Where the last lexical error (a bad character, an unterminated
     * string) starts: an unexpected token on its line is the same mistake. */
    int lex_damaged;
    uint32_t lex_damage_at;
    /* A token held back while the parser reads the '}' put in its place
     * (a block left open before a declaration or the end of the file). */
    int has_held, held_token, last_token;
    int closed_for_user; /* a '}' was put in; no '{' read since */
    uint32_t prev_end, token_end; /* ends of the last two tokens read */
    void *held; /* the held token's value and location (okr.y) */
    struct okr_decl *open_metric; /* the metric declaration being read */
    okr_obj_items open_items; /* the open objective's items (ast.h); freed after the parse */
    int comments_on_heap; /* comments grow with okr_vec_push_heap (then okr_vec_settle) */
    int suppressions_only; /* record only comments holding OKR_SUPPRESS_MARK (okr_parse_file_checked) */
    int in_place;          /* the scanner reads text itself (a source table file: lexer/tokenize.c) */
    /* A misspelled archetype (`comitted objective`) with one close keyword:
     * the objective head after it on its line takes that archetype, so
     * the one mistake does not also read as a missing archetype. */
    int guessed_archetype; /* okr_archetype, OKR_ARCH_NONE when none */
    okr_span guessed_archetype_span;
} okr_parser;

static inline void okr_parser_damage(okr_parser *p, uint32_t at)
{
    p->damaged = 1;
    p->damage_at = at;
    if (p->damage_len == p->damage_cap) {
        size_t cap = p->damage_cap ? 2 * p->damage_cap : 16;
        uint32_t *list = okr_arena_alloc(p->arena, cap * sizeof *list);
        if (p->damage_len)
            memcpy(list, p->damage_list, p->damage_len * sizeof *list);
        p->damage_list = list;
        p->damage_cap = cap;
    }
    p->damage_list[p->damage_len++] = at;
}

static inline void okr_parser_lex_damage(okr_parser *p, uint32_t at)
{
    okr_parser_damage(p, at);
    p->lex_damaged = 1;
    p->lex_damage_at = at;
}

/* Whether an error was reported at or after offset START. */
static inline int okr_parser_damaged_since(const okr_parser *p, uint32_t start)
{
    return p->damaged && p->damage_at >= start;
}

/* Whether an error was reported inside START..END or later on END's line:
 * a construct on one line owns what went wrong on it (`at most 15 %`).
 * Errors come in order, so the search runs back from the last one. */
static inline int okr_parser_damaged_line(const okr_parser *p, uint32_t start, uint32_t end)
{
    uint32_t line_end = end;
    while (line_end < p->len && p->text[line_end] != '\n')
        line_end++;
    for (size_t i = p->damage_len; i-- > 0;) {
        uint32_t at = p->damage_list[i];
        if (at < start)
            return 0;
        if (at <= line_end)
            return 1;
    }
    return 0;
}

/* Where a scan interns names, units and dotted paths: the source table's
 * set when the scan has one and allocates from its arena (a parse); NULL
 * for the token API's scans, which copy. */
static inline okr_textset *okr_parser_words(const okr_parser *p)
{
    return p->sources && p->sources->arena == p->arena ? &p->sources->words : NULL;
}

/* The cache a scan shares strings without escapes through: the source
 * table's, on the same terms. */
static inline okr_textcache *okr_parser_texts(const okr_parser *p)
{
    return p->sources && p->sources->arena == p->arena ? &p->sources->texts : NULL;
}

static inline okr_span okr_parser_span(const okr_parser *p, uint32_t start, uint32_t end)
{
    return okr_span_make(p->file, start, end);
}

/* What the grammar's actions call while recovering and closing blocks
 * (recovery.c). */
/* Appends PART to a dotted name, up to OKR_MAX_PATH_PARTS (OKR007 once). */
void okr_parser_path_append(okr_parser *parser, okr_path *path, okr_name part);
/* An objective head inside the open objective OPEN, starting at START. */
void okr_parser_report_unclosed_objective(okr_parser *parser, const okr_objective *open, uint32_t start);
/* A block left open before the token at [start, end), or the end of file. */
void okr_parser_report_missing_close(okr_parser *parser, int at_end, uint32_t start, uint32_t end);
/* Marks OBJ, and its key results and counter-metrics, damaged by errors. */
void okr_parser_mark_damage(okr_parser *parser, okr_objective *obj);

#endif

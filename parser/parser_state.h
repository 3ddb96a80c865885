/* parser_state.h: the state one parse shares between scanner and parser.
 *
 * The flex scanner is reentrant (its state is a yyscan_t) and the bison parser
 * is pure, so everything a parse needs lives in this struct, passed to both:
 * no globals. The scanner's "extra" pointer is this struct. Internal to
 * lexer/ and parser/. */
#ifndef OKR_PARSER_STATE_H
#define OKR_PARSER_STATE_H

#include <stdint.h>

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
    void *scanner;    /* yyscan_t, between okr_lexer_start and okr_lexer_stop */
    uint32_t offset;  /* byte offset of the scanner, for locations */
    uint32_t line_start; /* offset where the current line starts */
    /* The block being parsed, so that a missing '}' can name what it closes. */
    const char *open_block_kind; /* "objective", "policy" or NULL */
    const char *open_block_name;
    okr_span open_block_brace;
    int syntax_errors;
} okr_parser;

static inline okr_span okr_parser_span(const okr_parser *p, uint32_t start, uint32_t end)
{
    return okr_span_make(p->file, start, end);
}

#endif

/* parser.h: turn one source file into a syntax tree.
 *
 * okr_parse_file() first checks that the bytes are text this language can
 * hold (no NUL byte, valid UTF-8, within the size limit), then runs the
 * reentrant flex scanner and the pure bison parser. Every problem becomes a
 * diagnostic; the returned tree holds every declaration that parsed, so
 * later passes can still check the rest of a file with syntax errors. */
#ifndef OKR_PARSER_H
#define OKR_PARSER_H

#include "../common/diag.h"
#include "ast.h"

/* Documented limits (spec.md, "Limits"). */
enum {
    OKR_MAX_FILE_BYTES = 64 * 1024 * 1024,
    OKR_MAX_IDENT_BYTES = 128,
    OKR_MAX_STRING_BYTES = 1024,
    OKR_MAX_LINE_BYTES = 64 * 1024,
    OKR_MAX_POLICY_BYTES = 1024 * 1024,
    OKR_MAX_PATH_PARTS = 16, /* parts of a dotted name: std.product.nps has 3 */
};

okr_file_ast *okr_parse_file(okr_arena *arena, okr_diags *diags, okr_source_table *sources,
                             uint32_t file);

/* As okr_parse_file, but the tree's comments are only those that hold
 * OKR_SUPPRESS_MARK: the suppressions, all the checker reads of comments
 * (checker/suppress.c). A file's other comments cost the checker's
 * program a record and a copy each and are never read there. */
#define OKR_SUPPRESS_MARK "okrc:allow"
okr_file_ast *okr_parse_file_checked(okr_arena *arena, okr_diags *diags, okr_source_table *sources,
                                     uint32_t file);

/* As okr_parse_file, and every token the parser read, in the arena, into
 * *tokens (what okr_lexer_scan would return for the text, from the same
 * single scan), for the formatter, which needs the tree and the tokens.
 * Complete only when the file parsed without errors; empty when it was not
 * scanned at all (binary, invalid UTF-8, too large). */
struct okr_token_list;
okr_file_ast *okr_parse_file_tokens(okr_arena *arena, okr_diags *diags, okr_source_table *sources,
                                    uint32_t file, struct okr_token_list *tokens);

#endif

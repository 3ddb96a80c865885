/* parse.c: parse one file: validate the bytes, then scan and parse.
 *
 * Validation comes first because flex and bison work on bytes: a NUL byte
 * or an invalid UTF-8 sequence would otherwise surface as confusing syntax
 * errors. UTF-8 validation uses utf8proc (one decoder for the whole program;
 * the renderer uses it for display widths too). */
#include "parser.h"

#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "scanner.h"

/* Whether the 8 bytes at s are all ASCII and none ends a line: the common
 * case, checked a word at a time (the bytes of every file pass here). */
static int plain_word(const unsigned char *s)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t w;
    memcpy(&w, s, sizeof w);
    if (w & highs)
        return 0;
    uint64_t lf = w ^ (ones * '\n'), cr = w ^ (ones * '\r');
    /* (v - ones) & ~v & highs is nonzero exactly when v has a zero byte. */
    return ((((lf - ones) & ~lf) | ((cr - ones) & ~cr)) & highs) == 0;
}

/* Returns 1 when the file is text the scanner may read; reports otherwise. */
static int validate_text(okr_parser *p)
{
    const unsigned char *s = (const unsigned char *)p->text;
    const void *nul = memchr(s, '\0', p->len);
    if (nul) {
        uint32_t at = (uint32_t)((const unsigned char *)nul - s);
        okr_diag *d = okr_diag_report(p->diags, OKR006, okr_parser_span(p, at, at + 1),
                                      "file is binary: NUL byte at offset %u", at);
        okr_diag_help(p->diags, d, ".okr files are UTF-8 text; check that this is the file you meant");
        return 0;
    }
    int reported = 0;
    size_t i = 0, line_len = 0;
    while (i < p->len) {
        if (p->len - i >= 8 && line_len + 8 <= OKR_MAX_LINE_BYTES && plain_word(s + i)) {
            line_len += 8;
            i += 8;
            continue;
        }
        if (s[i] < 0x80) {
            /* A line ends at LF, CRLF or a lone CR, and the limit counts
             * the line without them: a CR resets the count like an LF. */
            line_len = s[i] == '\n' || s[i] == '\r' ? 0 : line_len + 1;
            if (line_len == OKR_MAX_LINE_BYTES + 1) {
                okr_diag *d = okr_diag_report(p->diags, OKR007,
                                              okr_parser_span(p, (uint32_t)i, (uint32_t)i + 1),
                                              "line is longer than %d bytes", OKR_MAX_LINE_BYTES);
                okr_diag_help(p->diags, d, "break the line; no declaration needs lines this long");
                return 0;
            }
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(p->len - i), &cp);
        if (n < 0) {
            okr_diag *d = okr_diag_report(p->diags, OKR003, okr_parser_span(p, (uint32_t)i, (uint32_t)i + 1),
                                          "invalid UTF-8 byte 0x%02X", s[i]);
            okr_diag_help(p->diags, d, "save the file as UTF-8");
            if (++reported == 5)
                break;
            i++;
            continue;
        }
        line_len += (size_t)n;
        i += (size_t)n;
    }
    return reported == 0;
}

static okr_file_ast *parse(okr_arena *arena, okr_diags *diags, okr_source_table *sources,
                           uint32_t file, okr_token_list *tokens, int suppressions_only);

okr_file_ast *okr_parse_file(okr_arena *arena, okr_diags *diags, okr_source_table *sources,
                             uint32_t file)
{
    return parse(arena, diags, sources, file, NULL, 0);
}

okr_file_ast *okr_parse_file_checked(okr_arena *arena, okr_diags *diags, okr_source_table *sources,
                                     uint32_t file)
{
    return parse(arena, diags, sources, file, NULL, 1);
}

okr_file_ast *okr_parse_file_tokens(okr_arena *arena, okr_diags *diags, okr_source_table *sources,
                                    uint32_t file, okr_token_list *tokens)
{
    return parse(arena, diags, sources, file, tokens, 0);
}

static okr_file_ast *parse(okr_arena *arena, okr_diags *diags, okr_source_table *sources,
                           uint32_t file, okr_token_list *tokens, int suppressions_only)
{
    okr_source_file *src = okr_source_get(sources, file);
    okr_file_ast *ast = okr_arena_alloc(arena, sizeof *ast);
    ast->file = file;

    okr_parser p;
    memset(&p, 0, sizeof p);
    p.arena = arena;
    p.diags = diags;
    p.sources = sources;
    p.file = file;
    p.text = src->text;
    p.len = src->len;
    p.ast = ast;
    p.comments = &ast->comments;
    p.comments_on_heap = 1; /* settled after the parse */
    p.suppressions_only = suppressions_only;
    p.tokens = tokens;
    if (tokens)
        *tokens = (okr_token_list){NULL, 0};

    if (src->len > OKR_MAX_FILE_BYTES) {
        okr_diag *d = okr_diag_report(diags, OKR007, okr_span_make(file, 0, 0),
                                      "file is %zu bytes; the limit is %d MiB", src->len,
                                      OKR_MAX_FILE_BYTES / (1024 * 1024));
        okr_diag_help(diags, d, "split the OKRs into one file per team and cycle");
        ast->parse_failed = 1;
        return ast;
    }
    if (!validate_text(&p)) {
        ast->parse_failed = 1;
        return ast;
    }

    /* The parser pulls its tokens from the scanner as it goes (yylex in
     * okr.y), so a scanner diagnostic is recorded just before the syntax
     * error its token may cause, and no token array is built. */
    okr_lexer_start(&p);
    yyparse(&p);
    okr_lexer_stop(&p);
    okr_ast_obj_items_free(&p.open_items);
    okr_vec_settle(arena, &ast->decls);
    okr_vec_settle(arena, &ast->comments);

    ast->syntax_errors = p.syntax_errors;
    return ast;
}

/* recovery.c: what the grammar's actions (okr.y) do beyond building nodes:
 * reports made while recovering from a syntax error, the damage marks that
 * keep the checker quiet about absences an error caused, and the bound on
 * dotted names. Kept out of okr.y so that the grammar file holds the
 * grammar; nothing here depends on bison's generated types. Internal to
 * parser/ (declared in parser_state.h). */
#include <stdint.h>

#include "../common/diag.h"
#include "parser.h"
#include "parser_state.h"

/* A dotted name longer than any the language uses (TEAM.OBJECTIVE.KR,
 * std.MODULE.METRIC): each append copies the parts and the text, so an
 * unbounded path would cost quadratic time and memory. */

void okr_parser_path_append(okr_parser *parser, okr_path *path, okr_name part)
{
    if (path->count < OKR_MAX_PATH_PARTS) {
        okr_ast_path_append(parser->arena, okr_parser_words(parser), path, part);
        return;
    }
    /* Reported once per name: after the report the span reaches past the
     * last part kept. */
    if (path->span.end == path->parts[path->count - 1].span.end) {
        okr_diag *d = okr_diag_report(parser->diags, OKR007, part.span,
                                      "dotted name has more than %d parts; the rest is not read",
                                      OKR_MAX_PATH_PARTS);
        okr_diag_help(parser->diags, d, "names are NAME, TEAM.NAME or TEAM.OBJECTIVE.KR");
    }
    path->span = okr_span_join(path->span, part.span);
}

/* An objective head inside an open objective: reported like any unexpected
 * token (spec.md, "Syntax errors and recovery"), with a note at the open
 * objective's brace. START is the head's first byte. */
void okr_parser_report_unclosed_objective(okr_parser *parser, const okr_objective *open, uint32_t start)
{
    /* Without an archetype the head's location starts where the previous
     * token ended (an empty rule): skip white space and comments. */
    const char *t = parser->text;
    while (start < parser->len) {
        if (t[start] == ' ' || t[start] == '\t' || t[start] == '\n' || t[start] == '\r' || t[start] == '\f' ||
            t[start] == '\v') {
            start++;
        } else if (t[start] == '/' && start + 1 < parser->len && t[start + 1] == '/') {
            while (start < parser->len && t[start] != '\n' && t[start] != '\r') /* a comment ends at any line end */
                start++;
        } else {
            break;
        }
    }
    uint32_t end = start;
    while (end < parser->len && t[end] >= 'a' && t[end] <= 'z')
        end++;
    okr_diag *d = okr_diag_report(parser->diags, OKR004, okr_parser_span(parser, start, end),
                                  "unexpected '%.*s'", (int)(end - start), parser->text + start);
    okr_diag_note(parser->diags, d, open->open_brace, "objective '%s' opened here", open->name.text);
    okr_diag_help(parser->diags, d, "close the previous objective with '}' first");
    parser->syntax_errors++;
    okr_parser_damage(parser, start);
}

/* Once a block is read (and the token after it, so a bad character at the
 * end of its last line too): an objective with an error inside is damaged,
 * and so is each key result and counter-metric with an error on its line. */
void okr_parser_mark_damage(okr_parser *parser, okr_objective *obj)
{
    obj->damaged |= okr_parser_damaged_since(parser, obj->span.start);
    for (size_t i = 0; obj->damaged && i < obj->items.len; i++) {
        const okr_obj_item *item = &obj->items.items[i];
        okr_span span = okr_obj_item_span(item);
        int hit = okr_parser_damaged_line(parser, span.start, span.end);
        if (item->kind == OKR_OBJ_KR)
            ((okr_kr *)item->node)->damaged |= hit;
        else if (item->kind == OKR_OBJ_COUNTER)
            ((okr_counter *)item->node)->damaged |= hit;
    }
}

/* A block left open before the token at [start, end) (a declaration
 * keyword, or the end of the file when AT_END), reported like the
 * unexpected token it is, with a note at the block's '{'. */
void okr_parser_report_missing_close(okr_parser *parser, int at_end, uint32_t start, uint32_t end)
{
    okr_span span = okr_parser_span(parser, start, end);
    okr_diag *d;
    if (at_end)
        d = okr_diag_report(parser->diags, OKR004, span, "unexpected end of file, expected '}'");
    else
        d = okr_diag_report(parser->diags, OKR004, span, "unexpected '%.*s', expected '}'",
                            (int)(end - start), parser->text + start);
    parser->syntax_errors++;
    okr_parser_damage(parser, start);
    if (parser->open_block_name)
        okr_diag_note(parser->diags, d, parser->open_block_brace, "%s '%s' opened here", parser->open_block_kind,
                      parser->open_block_name);
    else
        okr_diag_note(parser->diags, d, parser->open_block_brace, "%s block opened here", parser->open_block_kind);
    if (at_end)
        okr_diag_help(parser->diags, d, "add '}' to close the %s", parser->open_block_kind);
    else
        okr_diag_help(parser->diags, d, "close the %s with '}' first", parser->open_block_kind);
}

/* read_csv.c: OKRs exported from a spreadsheet as CSV (spec.md, "okrc
 * import").
 *
 * RFC 4180 fields: separated by commas (or by semicolons or tabs, when the
 * header row has more of them outside quotes, as some locales export),
 * quoted with '"' and '""' inside, line breaks inside quotes kept; a UTF-8
 * byte-order mark and CRLF line ends are accepted. The header row names the
 * columns, matched loosely (imp_column_of): an objective column and a
 * key-result column are required, owner, baseline, target and unit are
 * optional, and a "Quarter" or "Cycle" column names the cycle. Each row is
 * one key result; an empty objective cell continues the objective above
 * (merged cells), and a repeated objective text is the same objective.
 *
 * The feed reader's CSV (runtime/feed_csv.c) is not reused: it reads
 * metric rows into a store, strictly, row by row, and reports through the
 * feed diagnostics; here a quote left open is the only fatal error and
 * every field is text. */
#include "import_model.h"

#include "../common/strmap.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef struct csv_row {
    okr_vec fields; /* char* */
    uint32_t line;  /* where the row starts */
} csv_row;

/* The separator: the one of , ; TAB the first line has most of, outside quotes. */
static char csv_separator(const char *t, size_t len)
{
    size_t counts[3] = {0};
    int quoted = 0;
    for (size_t i = 0; i < len && (quoted || (t[i] != '\n' && t[i] != '\r')); i++) {
        if (t[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            counts[0] += t[i] == ',', counts[1] += t[i] == ';', counts[2] += t[i] == '\t';
    }
    if (counts[1] > counts[0] && counts[1] >= counts[2])
        return ';';
    if (counts[2] > counts[0] && counts[2] > counts[1])
        return '\t';
    return ',';
}

/* Reads one row from *pos (`buf`: scratch room for a field, as long as
 * the file). Returns 1 with the row, 0 at the end, -1 after reporting an
 * unclosed quote. */
static int csv_next_row(imp_ctx *c, size_t *pos, char sep, csv_row *row, char *buf)
{
    const char *t = c->text;
    size_t i = *pos;
    if (i >= c->len)
        return 0;
    memset(row, 0, sizeof *row);
    row->line = imp_line_of(c, i);
    size_t n = 0;
    for (;;) {
        if (i < c->len && t[i] == '"') {
            size_t open = i++;
            for (;;) {
                if (i >= c->len) {
                    okr_diag *d = okr_diag_report(c->diags, OKR852, imp_span(c, open, open + 1),
                                                  "quoted field is never closed");
                    okr_diag_help(c->diags, d, "close the field with '\"'; a quote inside a quoted field is "
                                               "written twice (\"\")");
                    return -1;
                }
                if (t[i] == '"') {
                    if (i + 1 < c->len && t[i + 1] == '"') {
                        buf[n++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                buf[n++] = t[i++];
            }
        }
        while (i < c->len && t[i] != sep && t[i] != '\n' && t[i] != '\r')
            buf[n++] = t[i++]; /* text after a closing quote is kept */
        okr_vec_push(c->arena, &row->fields, imp_trim(c->arena, buf, n));
        n = 0;
        if (i < c->len && t[i] == sep) {
            i++;
            continue;
        }
        if (i < c->len && t[i] == '\r')
            i++;
        if (i < c->len && t[i] == '\n')
            i++;
        break;
    }
    *pos = i;
    return 1;
}

static int csv_blank(const csv_row *row)
{
    for (size_t i = 0; i < row->fields.len; i++)
        if (((const char *)row->fields.items[i])[0])
            return 0;
    return 1;
}

static int csv_is_cycle_column(const char *h)
{
    return strcasecmp(h, "quarter") == 0 || strcasecmp(h, "cycle") == 0 || strcasecmp(h, "period") == 0;
}

/* The key result of one data row. */
static void csv_row_kr(imp_ctx *c, imp_doc *doc, okr_strmap *by_text, const csv_row *row, const imp_column *cols,
                       size_t ncols, imp_objective **current)
{
    const char *obj = NULL, *kr = NULL, *owner = NULL, *current_value = NULL;
    imp_kr fields = {0};
    for (size_t k = 0; k < row->fields.len && k < ncols; k++) {
        const char *v = row->fields.items[k];
        if (!*v)
            continue;
        switch (cols[k]) {
        case IMP_COL_OBJECTIVE: obj = v; break;
        case IMP_COL_KR: kr = v; break;
        case IMP_COL_OWNER: owner = v; break;
        case IMP_COL_BASELINE: fields.baseline = v; break;
        case IMP_COL_CURRENT: current_value = v; break;
        case IMP_COL_TARGET: fields.target = v; break;
        case IMP_COL_UNIT: fields.unit = v; break;
        case IMP_COL_NONE: break;
        }
    }
    if (obj) {
        int label;
        obj = imp_strip_label(obj, &label);
        *current = okr_strmap_get(by_text, obj);
        if (!*current) {
            *current = imp_add_objective(c, doc, obj, row->line);
            okr_strmap_put(by_text, obj, *current);
        }
    }
    if (!*current || !kr)
        return;
    if (owner && !(*current)->owner)
        (*current)->owner = owner;
    int label;
    imp_kr *k = imp_add_kr(c, *current, imp_strip_label(kr, &label), row->line);
    k->baseline = fields.baseline ? fields.baseline : current_value;
    k->target = fields.target;
    k->unit = fields.unit;
}

int imp_read_csv(imp_ctx *c, imp_doc *doc)
{
    size_t pos = 0;
    if (c->len >= 3 && memcmp(c->text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    char sep = csv_separator(c->text + pos, c->len - pos);
    char *buf = okr_arena_alloc(c->arena, c->len + 1);
    csv_row head;
    int r;
    while ((r = csv_next_row(c, &pos, sep, &head, buf)) == 1 && csv_blank(&head))
        ;
    if (r < 0)
        return -1;
    if (r == 0) {
        okr_diag *d = okr_diag_report(c->diags, OKR851, imp_span(c, 0, 0), "the CSV file has no rows");
        okr_diag_help(c->diags, d, "export the sheet with a header row: Objective,Key Result,Baseline,Target");
        return -1;
    }
    size_t ncols = head.fields.len;
    imp_column *cols = okr_arena_alloc(c->arena, ncols * sizeof *cols);
    int have_obj = 0, have_kr = 0;
    long cycle_col = -1;
    for (size_t k = 0; k < ncols; k++) {
        cols[k] = imp_column_of(head.fields.items[k]);
        have_obj |= cols[k] == IMP_COL_OBJECTIVE;
        have_kr |= cols[k] == IMP_COL_KR;
        if (csv_is_cycle_column(head.fields.items[k]))
            cycle_col = (long)k;
    }
    if (!have_obj || !have_kr) {
        size_t start = pos;
        while (start > 0 && (c->text[start - 1] == '\n' || c->text[start - 1] == '\r'))
            start--;
        size_t line_start = start;
        while (line_start > 0 && c->text[line_start - 1] != '\n' && c->text[line_start - 1] != '\r')
            line_start--;
        okr_diag *d = okr_diag_report(c->diags, OKR853, imp_span(c, line_start, start),
                                      "the CSV header has no %s column",
                                      !have_obj ? "objective" : "key-result");
        okr_diag_help(c->diags, d, "name the columns in the header row: Objective, Key Result (or KR), and "
                                   "optionally Owner, Baseline, Target, Unit");
        return -1;
    }
    imp_objective *current = NULL;
    okr_strmap by_text; /* statement -> objective: a repeated objective is the same one */
    okr_strmap_init(&by_text, c->arena);
    csv_row row;
    while ((r = csv_next_row(c, &pos, sep, &row, buf)) == 1) {
        if (csv_blank(&row))
            continue;
        if (cycle_col >= 0 && !doc->cycle && (size_t)cycle_col < row.fields.len)
            doc->cycle = imp_find_cycle(c->arena, row.fields.items[cycle_col]);
        csv_row_kr(c, doc, &by_text, &row, cols, ncols, &current);
    }
    return r < 0 ? -1 : 0;
}

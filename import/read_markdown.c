/* read_markdown.c: OKRs kept in a Markdown page, read line by line
 * (spec.md, "okrc import").
 *
 * Written by hand rather than with a CommonMark library: what decides an
 * objective or a key result here is line structure (a heading, a bullet's
 * indentation, a numbered item, a "KR1:" label, a pipe table's columns),
 * which a renderer's HTML or tree flattens or loses, and every item must
 * keep its input line for the comments and diagnostics. Only the handful
 * of block forms OKR pages use are recognised; everything else is prose
 * and is skipped.
 *
 * The page is cut into blocks, each the lines under one heading. A block's
 * heading is an objective when the block holds key results directly: flat
 * bullets, a numbered list, a table without an objective column, or "KR:"
 * lines. When the block's bullets nest, the top-level bullets are the
 * objectives and the nested ones their key results, and the heading is a
 * section. Labels always win ("Objective:", "KR2:"); headings that name
 * the page ("Growth OKRs, Q3 2026") or a part of an objective ("Key
 * results") are never objectives. */
#include "import_model.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

typedef enum md_kind { MD_HEADING, MD_BULLET, MD_ROW, MD_RULE, MD_PARA } md_kind;

typedef struct md_line {
    md_kind kind;
    int level;        /* heading level, or a bullet's indentation */
    const char *text; /* inline markup removed */
    uint32_t line;
    int label;        /* 'o', 'k', 'w' (owner) or 0 */
    const char **cells; /* MD_ROW */
    size_t cell_count;
} md_line;

/* Removes emphasis, code spans, checkboxes and links ([text](url) -> text). */
static char *md_inline(okr_arena *arena, const char *s, size_t len)
{
    char *out = okr_arena_alloc(arena, len + 1);
    size_t n = 0;
    /* The last ']' and ')': a search for one past them would fail, and
     * failing searches, repeated, would make a long line quadratic. */
    size_t last_bracket = 0, last_paren = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ']')
            last_bracket = i + 1;
        else if (s[i] == ')')
            last_paren = i + 1;
    }
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '*' || ch == '`' || (ch == '_' && i + 1 < len && s[i + 1] == '_')) {
            if (ch == '_')
                i++;
            continue;
        }
        if (ch == '[' && i + 2 < len && (s[i + 1] == ' ' || s[i + 1] == 'x' || s[i + 1] == 'X') && s[i + 2] == ']' &&
            n == 0) {
            i += 2; /* a task-list checkbox */
            continue;
        }
        if (ch == ']' && i + 1 < len && s[i + 1] == '(' && i < last_paren) {
            i = (size_t)((const char *)memchr(s + i, ')', len - i) - s); /* a link's (url) */
            continue;
        }
        if (ch == '[' && i < last_bracket)
            continue;
        out[n++] = ch;
    }
    return imp_trim(arena, out, n);
}

/* The label of a line's text: 'o' objective, 'k' key result, 'w' owner. */
static const char *md_label(const char *text, int *label)
{
    const char *rest = imp_strip_label(text, label);
    if (*label)
        return rest;
    if (strncasecmp(text, "owner", 5) == 0 || strncasecmp(text, "dri", 3) == 0) {
        const char *colon = strchr(text, ':');
        if (colon && colon - text <= 8) {
            *label = 'w';
            rest = colon + 1;
            while (*rest == ' ')
                rest++;
            return rest;
        }
    }
    return text;
}

static void md_cells(imp_ctx *c, md_line *m, const char *s, size_t len)
{
    okr_vec cells = {0};
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < len && s[i] == '|')
        i++;
    size_t start = i;
    for (; i <= len; i++) {
        if (i == len || (s[i] == '|' && s[i - 1] != '\\')) {
            if (i == len && imp_trim(c->arena, s + start, i - start)[0] == '\0')
                break;
            okr_vec_push(c->arena, &cells, md_inline(c->arena, s + start, i - start));
            start = i + 1;
        }
    }
    m->cells = (const char **)cells.items;
    m->cell_count = cells.len;
}

static int md_is_separator_row(const md_line *m)
{
    for (size_t i = 0; i < m->cell_count; i++)
        for (const char *p = m->cells[i]; *p; p++)
            if (*p != '-' && *p != ':' && *p != ' ')
                return 0;
    return m->cell_count > 0;
}

/* Classifies one line of the page. Returns 0 for a line to skip. */
static int md_classify(imp_ctx *c, const char *s, size_t len, uint32_t line, md_line *m)
{
    size_t i = 0;
    int indent = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        indent += s[i++] == '\t' ? 4 : 1;
    if (i == len)
        return 0;
    memset(m, 0, sizeof *m);
    m->line = line;
    m->text = ""; /* rows and rules have cells or nothing, never NULL text */
    const char *p = s + i;
    size_t rest = len - i;
    if (*p == '#' && indent < 4) {
        size_t h = 0;
        while (h < rest && p[h] == '#')
            h++;
        if (h <= 6 && (h == rest || p[h] == ' ')) {
            size_t end = rest;
            while (end > h && (p[end - 1] == '#' || p[end - 1] == ' '))
                end--;
            m->kind = MD_HEADING;
            m->level = (int)h;
            m->text = md_inline(c->arena, p + h, end > h ? end - h : 0);
            m->text = md_label(m->text, &m->label);
            return m->text[0] != '\0';
        }
    }
    if (*p == '|') {
        m->kind = MD_ROW;
        md_cells(c, m, p, rest);
        return 1;
    }
    if (rest >= 3 && (strspn(p, "-") >= 3 || strspn(p, "*") >= 3 || strspn(p, "_") >= 3) &&
        strspn(p, "-*_ ") == rest) {
        m->kind = MD_RULE;
        return 1;
    }
    size_t marker = 0;
    if ((*p == '-' || *p == '*' || *p == '+') && rest > 1 && p[1] == ' ') {
        marker = 2;
    } else if (rest > 4 && (strncmp(p, "\xe2\x80\xa2 ", 4) == 0 || strncmp(p, "\xe2\x97\xa6 ", 4) == 0)) {
        marker = 4; /* "• " and "◦ ", pasted from a word processor */
    } else if (indent > 0 && rest > 3 && islower((unsigned char)*p) && (p[1] == '.' || p[1] == ')') && p[2] == ' ') {
        marker = 3; /* "a." under a numbered item */
    } else if (isdigit((unsigned char)*p)) {
        size_t d = 0;
        while (d < rest && d < 9 && isdigit((unsigned char)p[d]))
            d++;
        if (d < rest && (p[d] == '.' || p[d] == ')') && (d + 1 == rest || p[d + 1] == ' '))
            marker = d + 1;
    }
    m->kind = marker ? MD_BULLET : MD_PARA;
    m->level = indent;
    m->text = md_inline(c->arena, p + marker, rest - marker);
    m->text = md_label(m->text, &m->label);
    return m->text[0] != '\0';
}

/* Splits the page into classified lines, skipping fenced code, HTML
 * comments and YAML front matter. */
static void md_lines(imp_ctx *c, okr_vec *out)
{
    const char *t = c->text;
    size_t pos = 0;
    uint32_t line = 0;
    int fence = 0, comment = 0, front = 0;
    while (pos < c->len) {
        size_t end = pos;
        while (end < c->len && t[end] != '\n' && t[end] != '\r')
            end++;
        line++;
        const char *s = t + pos;
        size_t len = end - pos;
        size_t next = end < c->len && t[end] == '\r' && end + 1 < c->len && t[end + 1] == '\n' ? end + 2 : end + 1;
        pos = next;
        const char *lead = s;
        while (lead < s + len && (*lead == ' ' || *lead == '\t'))
            lead++;
        size_t llen = (size_t)(s + len - lead);
        if (line == 1 && len == 3 && strncmp(s, "---", 3) == 0) {
            front = 1;
            continue;
        }
        if (front) {
            if (len == 3 && (strncmp(s, "---", 3) == 0 || strncmp(s, "...", 3) == 0))
                front = 0;
            continue;
        }
        if (llen >= 3 && (strncmp(lead, "```", 3) == 0 || strncmp(lead, "~~~", 3) == 0)) {
            fence = !fence;
            continue;
        }
        if (fence)
            continue;
        if (comment || (llen >= 4 && strncmp(lead, "<!--", 4) == 0)) {
            comment = 1;
            for (size_t k = 0; k + 3 <= llen; k++)
                if (strncmp(lead + k, "-->", 3) == 0)
                    comment = 0;
            continue;
        }
        md_line m;
        if (!md_classify(c, s, len, line, &m))
            continue;
        md_line *copy = okr_arena_alloc(c->arena, sizeof *copy);
        *copy = m;
        okr_vec_push(c->arena, out, copy);
    }
}

/* A heading that names the page or a part of an objective, never one. */
static int md_section_heading(const char *text)
{
    static const char *const words[] = {"okr", "okrs", "objectives", "objectives and key results", "key results",
                                        "key result", "krs", "results", "notes", "roadmap", "initiatives"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasecmp(text, words[i]) == 0)
            return 2; /* a part: the objective before it goes on */
    for (const char *p = text; *p; p++) /* the word OKR or OKRs ("OKRchestra" is a name) */
        if ((p == text || !isalnum((unsigned char)p[-1])) && strncasecmp(p, "okr", 3) == 0 &&
            !isalnum((unsigned char)p[(p[3] == 's' || p[3] == 'S') ? 4 : 3]))
            return 1;
    return 0;
}

typedef struct md_state {
    imp_ctx *c;
    imp_doc *doc;
    imp_objective *current;
} md_state;

static imp_objective *md_objective(md_state *st, const char *text, uint32_t line)
{
    st->current = imp_add_objective(st->c, st->doc, text, line);
    return st->current;
}

static void md_kr(md_state *st, const char *text, uint32_t line)
{
    if (!st->current)
        md_objective(st, "Objective", line); /* a key result before any objective: keep it */
    imp_add_kr(st->c, st->current, text, line);
}

/* A pipe table from items[*i]: its header, then rows. */
static void md_table(md_state *st, md_line **items, size_t count, size_t *i, const char *heading, uint32_t hline)
{
    md_line *head = items[*i];
    imp_column cols[32] = {0};
    int have_obj = 0, have_kr = 0;
    for (size_t k = 0; k < head->cell_count && k < 32; k++) {
        cols[k] = imp_column_of(head->cells[k]);
        have_obj |= cols[k] == IMP_COL_OBJECTIVE;
        have_kr |= cols[k] == IMP_COL_KR;
    }
    size_t j = *i + 1;
    if (j < count && items[j]->kind == MD_ROW && md_is_separator_row(items[j]))
        j++;
    if (!have_kr) { /* not a table of key results: skip it */
        while (j < count && items[j]->kind == MD_ROW)
            j++;
        *i = j - 1;
        return;
    }
    if (!have_obj && heading && (!st->current || st->current->line != hline))
        md_objective(st, heading, hline);
    for (; j < count && items[j]->kind == MD_ROW; j++) {
        md_line *r = items[j];
        const char *kr = NULL, *obj = NULL, *current_value = NULL;
        imp_kr tmp = {0};
        for (size_t k = 0; k < r->cell_count && k < 32; k++) {
            const char *v = r->cells[k];
            if (!*v)
                continue;
            switch (cols[k]) {
            case IMP_COL_OBJECTIVE: obj = v; break;
            case IMP_COL_KR: kr = v; break;
            case IMP_COL_OWNER: break; /* set with the objective below */
            case IMP_COL_BASELINE: tmp.baseline = v; break;
            case IMP_COL_CURRENT: current_value = v; break;
            case IMP_COL_TARGET: tmp.target = v; break;
            case IMP_COL_UNIT: tmp.unit = v; break;
            case IMP_COL_NONE: break;
            }
        }
        if (obj) {
            int label;
            obj = imp_strip_label(obj, &label);
            if (!st->current || strcmp(st->current->statement, obj) != 0)
                md_objective(st, obj, r->line);
            for (size_t k = 0; k < r->cell_count && k < 32; k++)
                if (cols[k] == IMP_COL_OWNER && r->cells[k][0] && !st->current->owner)
                    st->current->owner = r->cells[k];
        }
        if (!kr)
            continue;
        int label;
        kr = imp_strip_label(kr, &label);
        md_kr(st, kr, r->line);
        imp_kr *k = st->current->krs.items[st->current->krs.len - 1];
        k->baseline = tmp.baseline ? tmp.baseline : current_value;
        k->target = tmp.target;
        k->unit = tmp.unit;
    }
    *i = j - 1;
}

/* Whether the bullets of items[from, to) nest under top-level ones that are
 * not key results themselves. */
static int md_nested(md_line **items, size_t from, size_t to)
{
    int top = -1;
    for (size_t i = from; i < to; i++)
        if (items[i]->kind == MD_BULLET && (top < 0 || items[i]->level < top))
            top = items[i]->level;
    for (size_t i = from; i < to; i++)
        if (items[i]->kind == MD_BULLET && items[i]->level > top && items[i]->label != 'w')
            return 1;
    return 0;
}

/* The lines under one heading, items[from, to). */
static void md_block(md_state *st, md_line **items, size_t from, size_t to, const md_line *heading)
{
    int nested = md_nested(items, from, to);
    int heading_is_objective = heading && heading->label == 'o';
    int top = -1, kr_level = -1;
    for (size_t i = from; i < to; i++)
        if (items[i]->kind == MD_BULLET && (top < 0 || items[i]->level < top))
            top = items[i]->level;
    int pending = heading && heading->label != 'k' && !md_section_heading(heading->text) && !heading_is_objective;
    if (heading_is_objective)
        md_objective(st, heading->text, heading->line);
    if (heading && heading->label == 'k')
        md_kr(st, heading->text, heading->line);
    for (size_t i = from; i < to; i++) {
        md_line *m = items[i];
        if (m->label == 'w') {
            if (st->current)
                st->current->owner = m->text;
            continue;
        }
        if (m->kind == MD_ROW) {
            md_table(st, items, to, &i, pending ? heading->text : NULL, heading ? heading->line : 0);
            pending = 0;
            continue;
        }
        if (m->kind == MD_PARA && !m->label)
            continue;
        if (m->kind == MD_RULE)
            continue;
        int as_objective = m->label == 'o' || (m->kind == MD_BULLET && nested && !heading_is_objective &&
                                               m->level == top && m->label != 'k');
        if (as_objective) {
            md_objective(st, m->text, m->line);
            pending = 0;
            kr_level = -1;
            continue;
        }
        if (m->kind == MD_BULLET && m->label != 'k') {
            /* Key results are the first level below an objective bullet (or
             * the top level under an objective heading); deeper bullets are
             * notes on a key result. */
            int want = nested && !heading_is_objective ? (kr_level < 0 ? m->level : kr_level) : top;
            if (kr_level < 0 && nested && !heading_is_objective)
                kr_level = m->level;
            if (m->level != want)
                continue;
        }
        if (pending) {
            md_objective(st, heading->text, heading->line);
            pending = 0;
        }
        md_kr(st, m->text, m->line);
    }
}

/* The page's title: the first heading that became no objective. */
static void md_title(imp_ctx *c, imp_doc *doc, md_line **items, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        md_line *m = items[i];
        if (!doc->cycle)
            doc->cycle = imp_find_cycle(c->arena, m->text);
        if (m->kind == MD_PARA && strncasecmp(m->text, "team:", 5) == 0 && !doc->team_title)
            doc->team_title = imp_trim(c->arena, m->text + 5, strlen(m->text + 5));
        if (m->kind == MD_HEADING && !doc->team_title && md_section_heading(m->text) == 1)
            doc->team_title = m->text;
    }
}

int imp_read_markdown(imp_ctx *c, imp_doc *doc)
{
    okr_vec lines = {0};
    md_lines(c, &lines);
    md_line **items = (md_line **)lines.items;
    md_title(c, doc, items, lines.len);
    md_state st = {c, doc, NULL};
    size_t i = 0;
    const md_line *heading = NULL;
    while (i <= lines.len) {
        size_t j = i;
        while (j < lines.len && items[j]->kind != MD_HEADING)
            j++;
        if (heading && !md_section_heading(heading->text) && heading->label != 'k' && heading->label != 'o')
            st.current = NULL; /* a new heading ends the objective before it */
        if (heading && md_section_heading(heading->text) == 1)
            st.current = NULL;
        md_block(&st, items, i, j, heading);
        if (j >= lines.len)
            break;
        heading = items[j];
        i = j + 1;
    }
    return 0;
}

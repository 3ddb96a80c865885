/* text.c: the small text readers every import format shares: trimming,
 * line numbers, labels such as "KR1:" and "Objective 2 -", a cycle named
 * in prose ("Q3 2026"), and the loose matching of table and CSV header
 * names ("Key Result", "KR", "Current", "Goal"). Nothing here keeps state;
 * results live in the import's arena. */
#include "import_model.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

imp_objective *imp_add_objective(imp_ctx *c, imp_doc *doc, const char *statement, uint32_t line)
{
    imp_objective *o = okr_arena_alloc(c->arena, sizeof *o);
    o->statement = statement;
    o->line = line;
    okr_vec_push(c->arena, &doc->objectives, o);
    return o;
}

imp_kr *imp_add_kr(imp_ctx *c, imp_objective *o, const char *title, uint32_t line)
{
    imp_kr *k = okr_arena_alloc(c->arena, sizeof *k);
    k->title = title;
    k->line = line;
    okr_vec_push(c->arena, &o->krs, k);
    return k;
}

char *imp_trim(okr_arena *arena, const char *s, size_t len)
{
    while (len > 0 && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    return okr_arena_strndup(arena, s, len);
}

uint32_t imp_line_of(imp_ctx *c, size_t offset)
{
    /* Readers ask in increasing order (a CSV row after another): count on
     * from the last answer, so a file of many rows stays linear. */
    if (offset < c->line_at || c->line_no == 0) {
        c->line_at = 0;
        c->line_no = 1;
    }
    for (size_t i = c->line_at; i < offset && i < c->len; i++)
        if (c->text[i] == '\n' || (c->text[i] == '\r' && (i + 1 >= c->len || c->text[i + 1] != '\n')))
            c->line_no++;
    c->line_at = offset < c->len ? offset : c->len;
    return (uint32_t)c->line_no;
}

okr_span imp_span(const imp_ctx *c, size_t start, size_t end)
{
    if (end > c->len)
        end = c->len;
    if (start > end)
        start = end;
    okr_span s = {c->file, (uint32_t)start, (uint32_t)end};
    return s;
}

/* Skips "1", "1.2", "a" and the separators after a label's word. */
static const char *after_label(const char *p)
{
    while (*p == ' ')
        p++;
    while (isalnum((unsigned char)*p) || *p == '.')
        p++;
    while (*p == ' ')
        p++;
    if (*p == ':' || *p == '-' || *p == ')' || *p == '.') {
        p++;
    } else if (strncmp(p, "\xe2\x80\x93", 3) == 0 || strncmp(p, "\xe2\x80\x94", 3) == 0) {
        p += 3; /* an en or em dash */
    } else {
        return NULL;
    }
    while (*p == ' ')
        p++;
    return p;
}

const char *imp_strip_label(const char *s, int *kind)
{
    static const struct { const char *word; int kind; } labels[] = {
        {"key result", 'k'}, {"key results", 'k'}, {"kr", 'k'}, {"objective", 'o'}, {"goal", 'o'}, {"o", 'o'},
    };
    *kind = 0;
    /* Bold or italic around the label ("**KR1:** ..."): look inside it. */
    const char *p = s;
    while (*p == '*' || *p == '_')
        p++;
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        size_t n = strlen(labels[i].word);
        if (strncasecmp(p, labels[i].word, n) != 0)
            continue;
        const char *q = p + n;
        /* "KR1", "O2": the number may follow the word directly. */
        if (!isdigit((unsigned char)*q) && isalpha((unsigned char)*q))
            continue;
        if (labels[i].kind == 'o' && n == 1 && !isdigit((unsigned char)*q))
            continue; /* a lone "O" is a word, not a label */
        const char *rest = after_label(q);
        if (!rest || !*rest)
            continue;
        while (*rest == '*' || *rest == '_')
            rest++;
        while (*rest == ' ')
            rest++;
        if (!*rest)
            continue;
        *kind = labels[i].kind;
        return rest;
    }
    return s;
}

const char *imp_find_cycle(okr_arena *arena, const char *s)
{
    for (const char *p = s; *p; p++) {
        int year = 0, quarter = 0;
        if (p != s && isalnum((unsigned char)p[-1]))
            continue;
        /* Q3 2026, Q3-2026, Q3/2026 */
        if ((*p == 'Q' || *p == 'q') && p[1] >= '1' && p[1] <= '4' && !isalnum((unsigned char)p[2])) {
            const char *y = p + 2;
            while (*y == ' ' || *y == '-' || *y == '/' || *y == ',')
                y++;
            if (strncasecmp(y, "FY", 2) == 0)
                y += 2;
            if (isdigit((unsigned char)y[0]) && isdigit((unsigned char)y[1]) && isdigit((unsigned char)y[2]) &&
                isdigit((unsigned char)y[3]) && !isdigit((unsigned char)y[4]))
                sscanf(y, "%4d", &year);
            quarter = p[1] - '0';
        } else if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
                   isdigit((unsigned char)p[3])) {
            /* 2026-Q3, 2026 Q3, 2026Q3 */
            const char *q = p + 4;
            while (*q == ' ' || *q == '-')
                q++;
            if ((*q == 'Q' || *q == 'q') && q[1] >= '1' && q[1] <= '4' && !isalnum((unsigned char)q[2])) {
                sscanf(p, "%4d", &year);
                quarter = q[1] - '0';
            }
        }
        if (year >= 1900 && year <= 9999 && quarter)
            return okr_arena_printf(arena, "%04d-Q%d", year, quarter);
    }
    return NULL;
}

/* Lower-case letters and digits of s, the rest dropped: "Key Result #" -> "keyresult". */
static void squash(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; *s && n + 1 < size; s++)
        if (isalnum((unsigned char)*s))
            out[n++] = (char)tolower((unsigned char)*s);
    out[n] = '\0';
}

imp_column imp_column_of(const char *header)
{
    static const struct { const char *name; imp_column col; } names[] = {
        {"objective", IMP_COL_OBJECTIVE}, {"objectives", IMP_COL_OBJECTIVE}, {"goal", IMP_COL_TARGET},
        {"okr", IMP_COL_OBJECTIVE}, {"keyresult", IMP_COL_KR}, {"keyresults", IMP_COL_KR}, {"kr", IMP_COL_KR},
        {"krs", IMP_COL_KR}, {"result", IMP_COL_KR}, {"owner", IMP_COL_OWNER}, {"team", IMP_COL_OWNER},
        {"owners", IMP_COL_OWNER}, {"dri", IMP_COL_OWNER}, {"baseline", IMP_COL_BASELINE},
        {"start", IMP_COL_BASELINE}, {"startvalue", IMP_COL_BASELINE}, {"current", IMP_COL_CURRENT},
        {"currentvalue", IMP_COL_CURRENT}, {"starting", IMP_COL_BASELINE}, {"from", IMP_COL_BASELINE},
        {"target", IMP_COL_TARGET}, {"targetvalue", IMP_COL_TARGET}, {"goalvalue", IMP_COL_TARGET},
        {"to", IMP_COL_TARGET}, {"unit", IMP_COL_UNIT}, {"units", IMP_COL_UNIT},
    };
    char key[64];
    squash(header, key, sizeof key);
    /* "KR1", "Key result 2": a numbered key-result column is still one. */
    size_t n = strlen(key);
    while (n > 0 && isdigit((unsigned char)key[n - 1]))
        key[--n] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(key, names[i].name) == 0)
            return names[i].col;
    /* "Target (Q3)", "Baseline value": the leading word decides. */
    if (strncmp(key, "target", 6) == 0 || strncmp(key, "goal", 4) == 0)
        return IMP_COL_TARGET;
    if (strncmp(key, "baseline", 8) == 0)
        return IMP_COL_BASELINE;
    if (strncmp(key, "current", 7) == 0)
        return IMP_COL_CURRENT;
    if (strncmp(key, "keyresult", 9) == 0)
        return IMP_COL_KR;
    if (strncmp(key, "objective", 9) == 0)
        return IMP_COL_OBJECTIVE;
    return IMP_COL_NONE;
}

/* emit.c: writes the .okr source of an imported document (spec.md, "okrc
 * import").
 *
 * The output must always parse, whatever the input said: names are made
 * of ASCII letters, digits and '_', start with a letter, are at most 64
 * bytes, are never a keyword, and are unique where the language needs it
 * (metrics and objectives per file, key results per objective); strings
 * are escaped, single-line, at most 1024 bytes (cut at a character
 * boundary); comments never hold a line break or an `okrc:allow` that
 * would turn them into suppressions. Every guess (a metric, a target, the
 * team name, the cycle) gets a `// okrc import: guessed ...` comment
 * above it. A key result whose text states no move is written with its
 * title only, so that `okrc check` judges it as written. The text is then
 * formatted by the caller (format/fmt.h). */
#include "import_model.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../common/strmap.h"
#include "../lexer/lexer.h"

enum { NAME_MAX_BYTES = 64, STRING_MAX_BYTES = 1024, COMMENT_QUOTE_BYTES = 100 };

typedef struct emit {
    okr_arena *arena;
    FILE *out;
    okr_strmap metrics;    /* name -> metric_decl* */
    okr_strmap objectives; /* name -> non-NULL */
    okr_strmap metric_names; /* every metric name taken, for unique() */
    okr_vec metric_list;   /* metric_decl*, in order */
} emit;

typedef struct metric_decl {
    const char *name;
    imp_guess g;
    const char *source_title; /* the key result it was read from */
} metric_decl;

/* s as a name: lower-case ASCII words joined by '_', at most `max_words`
 * words (0: all) of those not in the stop list; `fallback` when none. */
static char *to_name(okr_arena *arena, const char *s, int max_words, const char *fallback)
{
    static const char *const stop[] = {"a", "an", "the", "of", "our", "to", "for", "in", "on", "at", "by", "and",
                                       "or", "with", "we", "is", "are", "be", NULL};
    char buf[NAME_MAX_BYTES + 1];
    size_t n = 0;
    int nwords = 0;
    while (*s && (max_words == 0 || nwords < max_words)) {
        while (*s && !isalnum((unsigned char)*s))
            s++;
        char word[NAME_MAX_BYTES + 1];
        size_t w = 0;
        while (*s && (isalnum((unsigned char)*s) || ((unsigned char)*s & 0x80) || *s == '\'')) {
            if (isalnum((unsigned char)*s) && w < NAME_MAX_BYTES)
                word[w++] = (char)tolower((unsigned char)*s);
            s++;
        }
        word[w] = '\0';
        int skip = w == 0;
        for (size_t i = 0; !skip && stop[i]; i++)
            skip = strcmp(word, stop[i]) == 0 && max_words != 0;
        if (skip)
            continue;
        if (n + (n > 0) + w > NAME_MAX_BYTES - 4)
            break;
        if (n)
            buf[n++] = '_';
        memcpy(buf + n, word, w);
        n += w;
        nwords++;
    }
    buf[n] = '\0';
    if (n == 0) /* the fallbacks are keywords: "metric", "objective", "kr", "team" */
        return okr_arena_printf(arena, "unnamed_%s", fallback);
    if (isdigit((unsigned char)buf[0]))
        return okr_arena_printf(arena, "n%s", buf);
    if (okr_keyword_find(buf, n))
        return okr_arena_printf(arena, "%s_%s", buf, fallback);
    return okr_arena_strdup(arena, buf);
}

/* name, or name_2, name_3, ...: the first not in `taken`, which it joins.
 * `taken` also keeps, under "#name", the last suffix tried for a name, so
 * that many objectives of one name cost no more than as many names. */
static const char *unique(okr_arena *arena, okr_strmap *taken, const char *name)
{
    const char *candidate = name;
    const char *counter_key = okr_arena_printf(arena, "#%s", name);
    intptr_t i = (intptr_t)okr_strmap_get(taken, counter_key);
    if (i < 2)
        i = 2;
    while (okr_strmap_get(taken, candidate))
        candidate = okr_arena_printf(arena, "%s_%ld", name, (long)i++);
    okr_strmap_put(taken, counter_key, (void *)i);
    okr_strmap_put(taken, candidate, (void *)candidate);
    return candidate;
}

/* A string literal: escaped, one line, cut to the language's limit. */
static void put_string(emit *e, const char *s)
{
    size_t used = 0;
    fputc('"', e->out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        size_t len = 1;
        if (*p >= 0xC0)
            while ((p[len] & 0xC0) == 0x80)
                len++;
        if (used + len > STRING_MAX_BYTES)
            break;
        used += len;
        if (*p == '"' || *p == '\\')
            fprintf(e->out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fputc(' ', e->out);
        else
            fwrite(p, 1, len, e->out);
        p += len - 1;
    }
    fputc('"', e->out);
}

/* Text inside a comment: one line, no suppression marker, cut short. */
static void put_comment_text(emit *e, const char *s, size_t max)
{
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        size_t len = 1;
        if (*p >= 0xC0)
            while ((p[len] & 0xC0) == 0x80)
                len++;
        if (used + len > max) {
            fputs("...", e->out);
            break;
        }
        if (strncmp((const char *)p, "okrc:", 5) == 0) {
            fputs("okrc :", e->out); /* never a suppression comment */
            p += 4;
            used += 5;
            continue;
        }
        used += len;
        if (*p < 0x20 || *p == 0x7f)
            fputc(' ', e->out);
        else
            fwrite(p, 1, len, e->out);
        p += len - 1;
    }
}

static const char *type_text(emit *e, const imp_guess *g)
{
    switch (g->type) {
    case IMP_PERCENT: return "percent";
    case IMP_COUNT: return "count";
    case IMP_NUMBER: return "number";
    case IMP_DURATION: return "duration";
    case IMP_MONEY: return okr_arena_printf(e->arena, "money(%s)", g->currency ? g->currency : "USD");
    case IMP_SCORE: return "score(-100..100)";
    }
    return "number";
}

/* The metric of a key result's guess: one already declared when its name,
 * type, direction and feed name agree, else a new one. */
static const metric_decl *metric_for(emit *e, const imp_kr *kr, imp_guess *g)
{
    const char *base = kr->metric_key ? to_name(e->arena, kr->metric_key, 0, "metric")
                                      : to_name(e->arena, g->name, 0, "metric");
    /* The metrics of this name so far, as a chain: one that agrees is
     * reused; a long chain means many metrics of one name, so past a few
     * a new one is made without looking further. */
    const char *name = base;
    int i = 2;
    for (metric_decl *m = okr_strmap_get(&e->metrics, name); m && i < 12;
         m = okr_strmap_get(&e->metrics, name), i++) {
        int same_key = (m->g.feed_unit == g->feed_unit) &&
                       ((!kr->metric_key && !m->source_title) || (kr->metric_key && m->source_title &&
                                                                  strcmp(kr->metric_key, m->source_title) == 0));
        if (m->g.type == g->type && m->g.decreasing == g->decreasing && same_key)
            return m;
        name = okr_arena_printf(e->arena, "%s_%d", base, i);
    }
    if (okr_strmap_get(&e->metrics, name))
        name = unique(e->arena, &e->metric_names, base);
    okr_strmap_put(&e->metric_names, name, (void *)name);
    metric_decl *m = okr_arena_alloc(e->arena, sizeof *m);
    m->name = name;
    m->g = *g;
    m->source_title = kr->metric_key; /* the feed name, when the input gave one */
    if (!m->g.subject)
        m->g.subject = kr->metric_key ? kr->metric_key : kr->title;
    okr_strmap_put(&e->metrics, name, m);
    okr_vec_push(e->arena, &e->metric_list, m);
    return m;
}

static void put_metric(emit *e, const metric_decl *m, const char *from_title)
{
    fputs("// okrc import: guessed metric (", e->out);
    fprintf(e->out, "%s, %s) from \"", type_text(e, &m->g), m->g.decreasing ? "decreasing" : "increasing");
    put_comment_text(e, from_title, COMMENT_QUOTE_BYTES);
    fprintf(e->out, "\"\nmetric %s ", m->name);
    put_string(e, m->g.subject);
    fprintf(e->out, " : %s %s", type_text(e, &m->g), m->g.decreasing ? "decreasing" : "increasing");
    if (m->source_title) {
        fputs(" source ", e->out);
        put_string(e, m->source_title);
    }
    if (m->g.feed_unit)
        fprintf(e->out, " unit %s", m->g.feed_unit);
    fputc('\n', e->out);
}

static void put_target(emit *e, const imp_guess *g)
{
    switch (g->form) {
    case IMP_FROM_TO: fprintf(e->out, " from %s to %s", g->baseline, g->target); break;
    case IMP_UNKNOWN_TO: fprintf(e->out, " from ? to %s", g->target); break;
    case IMP_BY: fprintf(e->out, " by %s", g->target); break;
    case IMP_AT_LEAST: fprintf(e->out, " at least %s", g->target); break;
    case IMP_AT_MOST: fprintf(e->out, " at most %s", g->target); break;
    case IMP_NONE: break;
    }
}

static void put_kr(emit *e, const imp_kr *kr, okr_strmap *kr_names, const metric_decl *m, const imp_guess *g)
{
    if (m && g->form != IMP_NONE) {
        fputs("  // okrc import: guessed target from ", e->out);
        if (g->why && g->why[0] != '"' && strncmp(g->why, "the ", 4) != 0) {
            fputc('"', e->out);
            put_comment_text(e, g->why, COMMENT_QUOTE_BYTES);
            fputc('"', e->out);
        } else {
            put_comment_text(e, g->why ? g->why : "the text", COMMENT_QUOTE_BYTES);
        }
        if (g->form == IMP_UNKNOWN_TO)
            fputs("; no baseline stated", e->out);
        fputc('\n', e->out);
    } else if (m) {
        fputs("  // okrc import: the metric key names the metric; no target stated\n", e->out);
    }
    fputs("  kr ", e->out);
    if (kr->name)
        fprintf(e->out, "%s ", unique(e->arena, kr_names, to_name(e->arena, kr->name, 0, "kr")));
    put_string(e, kr->title);
    if (m) {
        fprintf(e->out, " : %s", m->name);
        put_target(e, g);
    }
    fputc('\n', e->out);
}

/* The team's title and name: the input's, else the file's name. */
static void put_team(emit *e, const imp_doc *doc, const char *source_name)
{
    const char *title = doc->team_title;
    char *clean = NULL;
    if (title) {
        /* "Growth team OKRs, Q3 2026" -> "Growth" */
        static const char *const drop[] = {"okr", "okrs", "objectives", "key", "results", "and", "team", "for",
                                           "q1", "q2", "q3", "q4", "fy", "quarterly", "the", NULL};
        clean = okr_arena_alloc(e->arena, strlen(title) + 1);
        size_t n = 0;
        for (const char *p = title; *p;) {
            /* skip punctuation, the dashes and quotes of U+2010..U+203F too */
            while (*p && ((!isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80)) ||
                          ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && p[2])))
                p += (unsigned char)*p == 0xE2 ? 3 : 1;
            const char *w = p;
            while (*p && (isalnum((unsigned char)*p) || ((unsigned char)*p & 0x80) || *p == '\'' || *p == '&'))
                p++;
            size_t len = (size_t)(p - w);
            int skip = len == 0 || isdigit((unsigned char)*w);
            for (size_t i = 0; !skip && drop[i]; i++)
                skip = strlen(drop[i]) == len && strncasecmp(w, drop[i], len) == 0;
            if (skip)
                continue;
            if (n)
                clean[n++] = ' ';
            memcpy(clean + n, w, len);
            n += len;
        }
        clean[n] = '\0';
    }
    if (clean && *clean) {
        fprintf(e->out, "// okrc import: guessed team name from \"");
        put_comment_text(e, title, COMMENT_QUOTE_BYTES);
        fprintf(e->out, "\"\nteam %s ", to_name(e->arena, clean, 3, "team"));
        put_string(e, clean);
    } else {
        const char *base = strrchr(source_name, '/');
        base = base ? base + 1 : source_name;
        char *stem = okr_arena_strdup(e->arena, base);
        char *dot = strrchr(stem, '.');
        if (dot && dot != stem)
            *dot = '\0';
        fprintf(e->out, "// okrc import: guessed team name from the file name\nteam %s",
                to_name(e->arena, stem, 3, "team"));
    }
    fputc('\n', e->out);
}

static void put_cycle(emit *e, const imp_doc *doc, const char *cycle)
{
    if (cycle || doc->cycle) {
        fprintf(e->out, "cycle %s\n", cycle ? cycle : doc->cycle);
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    fprintf(e->out, "// okrc import: guessed cycle: the input names none, so the current quarter\n"
                    "cycle %04d-Q%d\n", tm.tm_year + 1900, tm.tm_mon / 3 + 1);
}

static void put_objective(emit *e, const imp_objective *o, const metric_decl **metrics, imp_guess *guesses,
                          size_t *k)
{
    const char *name = o->name ? to_name(e->arena, o->name, 0, "objective")
                               : to_name(e->arena, o->statement, 3, "objective");
    fprintf(e->out, "\nobjective %s ", unique(e->arena, &e->objectives, name));
    put_string(e, o->statement);
    fputs(" {\n", e->out);
    if (o->owner) {
        fputs("  owner ", e->out);
        put_string(e, o->owner);
        fputc('\n', e->out);
    }
    okr_strmap kr_names;
    okr_strmap_init(&kr_names, e->arena);
    for (size_t i = 0; i < o->krs.len; i++, (*k)++)
        put_kr(e, o->krs.items[i], &kr_names, metrics[*k], &guesses[*k]);
    fputs("}\n", e->out);
}

char *imp_emit(okr_arena *arena, const imp_doc *doc, const char *source_name, const char *cycle, size_t *len)
{
    char *buf = NULL;
    emit e = {arena, open_memstream(&buf, len), {0}, {0}, {0}, {0}};
    if (!e.out)
        return NULL;
    okr_strmap_init(&e.metrics, arena);
    okr_strmap_init(&e.objectives, arena);
    okr_strmap_init(&e.metric_names, arena);
    size_t total = 0;
    for (size_t i = 0; i < doc->objectives.len; i++)
        total += ((imp_objective *)doc->objectives.items[i])->krs.len;
    const metric_decl **metrics = okr_arena_alloc(arena, (total + 1) * sizeof *metrics);
    imp_guess *guesses = okr_arena_alloc(arena, (total + 1) * sizeof *guesses);
    const char **from_title = okr_arena_alloc(arena, (total + 1) * sizeof *from_title);
    size_t k = 0;
    for (size_t i = 0; i < doc->objectives.len; i++) {
        const imp_objective *o = doc->objectives.items[i];
        for (size_t j = 0; j < o->krs.len; j++, k++) {
            const imp_kr *kr = o->krs.items[j];
            size_t before = e.metric_list.len;
            if (imp_infer(arena, kr, &guesses[k]))
                metrics[k] = metric_for(&e, kr, &guesses[k]);
            if (e.metric_list.len > before)
                from_title[before] = kr->title;
        }
    }
    fputs("// Imported by `okrc import` from ", e.out);
    put_comment_text(&e, source_name, 4 * COMMENT_QUOTE_BYTES);
    fprintf(e.out, " (%s). Each \"okrc import: guessed\" comment\n"
                   "// marks a guess: check it, then delete the comment.\n\n",
            doc->format);
    put_team(&e, doc, source_name);
    put_cycle(&e, doc, cycle);
    if (e.metric_list.len)
        fputc('\n', e.out);
    for (size_t i = 0; i < e.metric_list.len; i++)
        put_metric(&e, e.metric_list.items[i], from_title[i]);
    k = 0;
    for (size_t i = 0; i < doc->objectives.len; i++)
        put_objective(&e, doc->objectives.items[i], metrics, guesses, &k);
    if (fclose(e.out) != 0) {
        free(buf);
        return NULL;
    }
    char *text = okr_arena_strndup(arena, buf, *len);
    free(buf);
    return text;
}

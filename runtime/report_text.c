/* report_text.c: the grading report as a text table for a terminal.
 *
 * Renders the report model (report_model.c) and nothing else: every value,
 * state and phrase comes from its rows, so the text says what the other
 * formats say. Laid out for TEXT_WIDTH columns: a cell that would run past
 * the edge goes on the next line under its column, and long titles wrap,
 * whatever the values. Colour (SGR) only when the input asks for it; user
 * text never reaches the terminal with control bytes in it. */
#include "report_internal.h"

#include <string.h>

#define SGR_RESET "\033[0m"
#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"
#define SGR_GREEN "\033[32m"
#define SGR_YELLOW "\033[33m"
#define SGR_RED "\033[31m"
#define SGR_ALERT "\033[1;31m"

enum {
    /* The text report is laid out for this many columns. */
    TEXT_WIDTH = 100,
    /* Columns of a key result's row: metric, values, score and bar. */
    COL_INDENT = 6,
    COL_METRIC = 26,
    COL_VALUES = 34,
    COL_SCORE = 18,
};

typedef struct writer {
    FILE *out;
    const okr_report_input *in;
    const rpt_model *model;
    int color;
} writer;

/* A feed's counts in two parts: what was stored, and what was not. */
static void feed_counts(const okr_feed_stats *s, char *buf, size_t len)
{
    char rows[32], stored[32]; /* any size_t, with separators */
    rpt_format_number((double)s->rows, 1, rows, sizeof rows);
    rpt_format_number((double)s->stored, 1, stored, sizeof stored);
    snprintf(buf, len, "%s %s, %s stored", rows, rpt_plural(s->rows, "row", "rows"), stored);
}

static void feed_skips(const okr_feed_stats *s, char *buf, size_t len)
{
    char n[5][32];
    rpt_format_number((double)s->malformed, 1, n[0], sizeof n[0]);
    rpt_format_number((double)s->unknown_metric, 1, n[1], sizeof n[1]);
    rpt_format_number((double)s->out_of_range, 1, n[2], sizeof n[2]);
    rpt_format_number((double)s->duplicates, 1, n[3], sizeof n[3]);
    rpt_format_number((double)s->unsorted, 1, n[4], sizeof n[4]);
    snprintf(buf, len, "skipped: %s malformed, %s unknown metric, %s out of range; %s %s, %s unsorted", n[0], n[1],
             n[2], n[3], rpt_plural(s->duplicates, "duplicate", "duplicates"), n[4]);
}

static void paint(const writer *w, const char *sgr)
{
    if (w->color)
        fputs(sgr, w->out);
}

static const char *tone_sgr(rpt_tone tone)
{
    switch (tone) {
    case RPT_TONE_GOOD: return SGR_GREEN;
    case RPT_TONE_MIXED: return SGR_YELLOW;
    case RPT_TONE_BAD: return SGR_RED;
    case RPT_TONE_NONE: break;
    }
    return SGR_DIM;
}

/* Display columns of UTF-8 text, close enough for alignment: one per code
 * point (user text is mostly Latin; wide characters only shift a row). */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* User text must not reach a terminal as commands: control bytes become spaces. */
static void put_plain(FILE *out, const char *s)
{
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        fputc(ch < 0x20 || ch == 0x7f ? ' ' : ch, out);
    }
}

/* A line being written in cells: the column is tracked so that a cell
 * that would run past TEXT_WIDTH goes to a new line at `hang` columns,
 * and the layout stays readable in 100 columns whatever the values. */
typedef struct row {
    const writer *w;
    size_t col;
    size_t hang;
    size_t pad; /* spaces owed before the next cell: never written at a line's end */
} row;

static row row_start(const writer *w, size_t indent, size_t hang)
{
    fprintf(w->out, "%*s", (int)indent, "");
    return (row){w, indent, hang, 0};
}

static void row_break(row *r)
{
    fprintf(r->w->out, "\n%*s", (int)r->hang, "");
    r->col = r->hang;
    r->pad = 0;
}

/* Goes to the next line unless `width` more columns fit on this one. */
static void row_fit(row *r, size_t width)
{
    if (r->col > r->hang && r->col + r->pad + width > TEXT_WIDTH)
        row_break(r);
}

static void row_space(row *r, size_t n)
{
    r->pad += n;
}

/* Writes `s` (in colour `sgr` unless NULL), then owes padding up to
 * `width` columns, at least two spaces; `width` 0 owes none. */
static void row_cell(row *r, const char *s, size_t width, const char *sgr)
{
    size_t used = text_width(s);
    row_fit(r, used);
    fprintf(r->w->out, "%*s", (int)r->pad, "");
    r->col += r->pad;
    r->pad = 0;
    if (sgr)
        paint(r->w, sgr);
    put_plain(r->w->out, s);
    if (sgr)
        paint(r->w, SGR_RESET);
    r->col += used;
    if (width)
        r->pad = used + 2 > width ? 2 : width - used;
}

/* Writes `text` word by word from the row's column, wrapping at `hang`. */
static void row_words(row *r, const char *text, const char *sgr)
{
    const char *p = text;
    int first = 1;
    fprintf(r->w->out, "%*s", (int)r->pad, "");
    r->col += r->pad;
    r->pad = 0;
    if (sgr)
        paint(r->w, sgr);
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t wlen = strcspn(p, " ");
        char word[1024];
        size_t take = wlen < sizeof word - 1 ? wlen : sizeof word - 1;
        memcpy(word, p, take);
        word[take] = '\0';
        size_t ww = text_width(word);
        if (r->col > r->hang && r->col + (first ? 0 : 1) + ww > TEXT_WIDTH) {
            row_break(r);
        } else if (!first) {
            fputc(' ', r->w->out);
            r->col++;
        }
        put_plain(r->w->out, word);
        r->col += ww;
        first = 0;
        p += wlen;
    }
    if (sgr)
        paint(r->w, SGR_RESET);
}

/* Why there is no data, in parentheses after "no data": on this line when
 * it fits, else on the next one at the details' indent, where it has the
 * page's width and wraps only when it is very long. */
static void row_reason(row *r, const char *reason)
{
    char why[512];
    snprintf(why, sizeof why, "(%s)", reason);
    if (r->col + 1 + text_width(why) > TEXT_WIDTH) {
        r->hang = COL_INDENT + 2;
        row_break(r);
    } else {
        row_space(r, 1);
    }
    row_words(r, why, SGR_DIM);
}

static void row_end(row *r)
{
    fputc('\n', r->w->out);
}

/* A header line: a 12-column label, then words wrapped under the value. */
static void header_line(const writer *w, const char *label, const char *value)
{
    row r = row_start(w, 2, 15);
    row_cell(&r, label, 13, NULL);
    row_words(&r, value, NULL);
    row_end(&r);
}

static void text_header(const writer *w)
{
    const okr_grade_result *r = w->in->result;
    const rpt_model *model = w->model;
    char buf[512], day[RPT_TEXT_LEN];
    rpt_format_date(r->grading_day, day, sizeof day);
    paint(w, SGR_BOLD);
    fprintf(w->out, "okrc %s: OKR grades as of %s\n", rpt_tool_version(w->in), day);
    paint(w, SGR_RESET);
    snprintf(buf, sizeof buf, "%s (%s)", day, r->at_given ? "given with --at" : "today");
    header_line(w, "grading day", buf);
    for (size_t i = 0; i < model->cycle_count; i++) {
        const okr_cycle_decl *c = model->cycles[i].cycle;
        char d1[RPT_TEXT_LEN], d2[RPT_TEXT_LEN];
        rpt_format_date(c->start_day, d1, sizeof d1);
        rpt_format_date(c->end_day, d2, sizeof d2);
        snprintf(buf, sizeof buf, "%s, %s to %s", c->label ? c->label : "?", d1, d2);
        header_line(w, i == 0 ? "cycles" : "", buf);
        row rr = row_start(w, 15, 15);
        row_words(&rr, model->cycles[i].phase, NULL);
        row_end(&rr);
    }
    if (!w->in->feed_count)
        header_line(w, "feeds", "none read: every key result has no data");
    for (size_t f = 0; f < w->in->feed_count; f++) {
        const char *name = w->in->feed_names && w->in->feed_names[f] ? w->in->feed_names[f] : "(feed)";
        if (!w->in->feeds) {
            header_line(w, f == 0 ? "feeds" : "", name);
            continue;
        }
        char counts[RPT_TEXT_LEN], line[sizeof buf];
        feed_counts(&w->in->feeds[f], counts, sizeof counts);
        snprintf(line, sizeof line, "%s: %s", name, counts);
        header_line(w, f == 0 ? "feeds" : "", line);
        feed_skips(&w->in->feeds[f], buf, sizeof buf);
        row rr = row_start(w, 15, 15);
        row_words(&rr, buf, NULL);
        row_end(&rr);
    }
    if (w->in->feed_count > 1) {
        char counts[RPT_TEXT_LEN], line[sizeof buf];
        feed_counts(&model->totals.feeds, counts, sizeof counts);
        snprintf(line, sizeof line, "all feeds: %s", counts);
        header_line(w, "", line);
        feed_skips(&model->totals.feeds, buf, sizeof buf);
        row rr = row_start(w, 15, 15);
        row_words(&rr, buf, NULL);
        row_end(&rr);
    }
    for (size_t i = 0; i < model->unknown.count; i++)
        header_line(w, i == 0 ? "unknown" : "", model->unknown.shown[i].line);
    if (model->unknown.more)
        header_line(w, model->unknown.count ? "" : "unknown", model->unknown.more);
    header_line(w, "summary", model->totals.summary);
    if (model->totals.checkins)
        header_line(w, "check-ins", model->totals.checkins);
    if (model->totals.exit_status) {
        snprintf(buf, sizeof buf, "%zu %s breached, %zu committed %s failed (exit status 1)",
                 model->totals.breaches, rpt_plural(model->totals.breaches, "counter-metric was", "counter-metrics were"),
                 model->totals.committed_failed, rpt_plural(model->totals.committed_failed, "objective", "objectives"));
        row rr = row_start(w, 2, 15);
        row_cell(&rr, "attention", 13, NULL);
        row_words(&rr, buf, SGR_ALERT);
        row_end(&rr);
    }
}

/* The owner's latest check-in under a key result, and the disagreement
 * with the data when there is one (spec.md, "Human check-ins"). */
static void text_kr_checkin(const writer *w, const rpt_kr_row *kr)
{
    if (!kr->checkin)
        return;
    row r = row_start(w, COL_INDENT + 2, COL_INDENT + 4);
    row_words(&r, kr->checkin, NULL);
    if (kr->checkin_note) {
        fputc(':', w->out);
        r.col++;
        row_space(&r, 1);
        row_words(&r, kr->checkin_note, NULL);
    }
    row_end(&r);
    if (kr->disagreement) {
        r = row_start(w, COL_INDENT + 2, COL_INDENT + 4);
        row_words(&r, "disagrees:", tone_sgr(RPT_TONE_MIXED));
        row_space(&r, 1);
        row_words(&r, kr->disagreement, tone_sgr(RPT_TONE_MIXED));
        row_end(&r);
    }
}

static void text_kr(const writer *w, const rpt_kr_row *kr)
{
    const okr_kr_grade *kg = kr->grade;
    char bar[RPT_TEXT_LEN], label[RPT_TEXT_LEN + 16];

    /* Line 1: the label and title. */
    row r = row_start(w, 4, COL_INDENT + 2);
    snprintf(label, sizeof label, "%s%s", kr->heading, kr->title ? ":" : "");
    row_cell(&r, label, 0, SGR_BOLD);
    if (kr->title) {
        fputc(' ', w->out);
        r.col++;
        row_words(&r, kr->title, NULL);
    }
    if (kr->owner && !kr->owner_inherited) {
        /* Its own owner; an inherited one is shown with the objective. */
        char owner[RPT_TEXT_LEN];
        snprintf(owner, sizeof owner, "(owner %s)", kr->owner);
        row_space(&r, 1);
        row_words(&r, owner, SGR_DIM);
    }
    row_end(&r);

    /* Line 2: metric, values, score and bar, status; what does not fit
     * goes on under the score column. */
    r = row_start(w, COL_INDENT, COL_INDENT + COL_METRIC + COL_VALUES);
    row_cell(&r, kr->metric, COL_METRIC, NULL);
    row_cell(&r, kr->values, COL_VALUES, NULL);
    if (!kg->has_current) {
        row_cell(&r, kr->not_started ? "not started" : "no data", 0, SGR_DIM);
        if (!kr->not_started) {
            row_reason(&r, kr->no_data_reason);
        }
        row_end(&r);
        text_kr_checkin(w, kr);
        return;
    }
    if (kg->kr->is_hypothesis) {
        /* A hypothesis is confirmed or not: never a percentage. */
        row_cell(&r, rpt_verdict_text(kg->verdict), 0, tone_sgr(rpt_verdict_tone(kg->verdict)));
    } else if (kr->score) {
        rpt_format_bar(kg->score, bar, sizeof bar);
        row_fit(&r, COL_SCORE + strlen(rpt_status_text(kg->status)));
        row_cell(&r, kr->score, 0, NULL);
        row_space(&r, 1);
        row_cell(&r, bar, COL_SCORE - 5, tone_sgr(kr->tone));
        if (kg->status != OKR_STATUS_NONE)
            row_cell(&r, rpt_status_text(kg->status), 0, tone_sgr(rpt_status_tone(kg->status)));
    } else {
        row_cell(&r, "no score (target equals baseline)", 0, SGR_DIM);
    }
    row_end(&r);

    /* Line 3: the numbers behind the status. */
    r = row_start(w, COL_INDENT + 2, COL_INDENT + 2);
    row_words(&r, kr->details, SGR_DIM);
    row_end(&r);
    text_kr_checkin(w, kr);
}

static void text_counter(const writer *w, const rpt_counter_row *cr)
{
    const okr_counter_grade *cg = cr->grade;
    char cur[RPT_TEXT_LEN + 8];
    row r = row_start(w, COL_INDENT, COL_INDENT + COL_METRIC);
    row_cell(&r, cr->metric, COL_METRIC, NULL);
    row_cell(&r, cr->bound_text, COL_VALUES - 6, NULL);
    if (!cg->has_current && !cg->breached) {
        row_cell(&r, cr->not_started ? "not started" : "no data", 0, SGR_DIM);
        if (!cr->not_started) {
            row_reason(&r, cr->no_data_reason);
        }
        row_end(&r);
        return;
    }
    snprintf(cur, sizeof cur, "now %s", cr->current);
    row_cell(&r, cur, 14, NULL);
    char obs[RPT_TEXT_LEN];
    snprintf(obs, sizeof obs, "; %zu %s", cg->observations, rpt_plural(cg->observations, "observation", "observations"));
    if (cg->breached) {
        /* The breach on a line of its own, as a key result's details:
         * "BREACHED on DATE, for N of M observed days, worst W; recovered on DATE". */
        row_end(&r);
        r = row_start(w, COL_INDENT + 2, COL_INDENT + 2);
        row_cell(&r, "BREACHED", 0, SGR_ALERT);
        row_space(&r, 1);
        row_words(&r, cr->breach, NULL);
        row_words(&r, obs, SGR_DIM);
        row_end(&r);
        return;
    }
    row_fit(&r, strlen("holding") + strlen(obs));
    row_cell(&r, "holding", 0, SGR_GREEN);
    row_cell(&r, obs, 0, SGR_DIM);
    row_end(&r);
}

/* ---- roll-up along alignment (spec.md, "Roll-up") ---- */

static void text_kr_rollup(const writer *w, const rpt_kr_row *kr)
{
    if (!kr->rollup)
        return;
    row r = row_start(w, COL_INDENT + 2, COL_INDENT + 2);
    row_cell(&r, "roll-up", 0, NULL);
    row_space(&r, 1);
    row_words(&r, kr->rollup, NULL);
    row_end(&r);
}

/* The objectives aligned to this one, after its key results: the roll-up
 * line, then one line per contributor and, when it does not count, why. */
static void text_rollup(const writer *w, const rpt_objective *o)
{
    if (!o->contributor_count)
        return;
    char buf[512];
    row r = row_start(w, 4, COL_INDENT + 2);
    row_cell(&r, "aligned to it:", 0, NULL);
    row_space(&r, 1);
    row_words(&r, o->rollup_line, tone_sgr(o->rollup_tone));
    if (o->rollup_status) {
        snprintf(buf, sizeof buf, "; roll-up status %s", o->rollup_status);
        row_words(&r, buf, tone_sgr(o->rollup_tone));
    }
    row_end(&r);
    for (size_t k = 0; k < o->contributor_count; k++) {
        const rpt_contributor *c = &o->contributors[k];
        r = row_start(w, COL_INDENT, COL_INDENT + 4);
        snprintf(buf, sizeof buf, "<- %s%s%s", c->objective->qualified, c->through ? " via kr " : "",
                 c->through ? c->through : "");
        row_cell(&r, buf, COL_METRIC + 8, NULL);
        snprintf(buf, sizeof buf, "weight %s", c->weight);
        row_cell(&r, buf, 11, NULL);
        snprintf(buf, sizeof buf, "roll-up %s", c->rollup ? c->rollup : "-");
        row_cell(&r, buf, 14, NULL);
        row_words(&r, c->objective->verdict, tone_sgr(c->objective->tone));
        if (c->rollup_status) {
            snprintf(buf, sizeof buf, "; roll-up status %s", c->rollup_status);
            row_words(&r, buf, tone_sgr(c->objective->rollup_tone));
        }
        if (c->objective->owner) {
            snprintf(buf, sizeof buf, "; owner %s", c->objective->owner);
            row_words(&r, buf, NULL);
        }
        row_end(&r);
        if (c->note) {
            r = row_start(w, COL_INDENT + 4, COL_INDENT + 4);
            row_words(&r, c->note, SGR_DIM);
            row_end(&r);
        }
    }
}

static void text_objective(const writer *w, const rpt_objective *o)
{
    const okr_objective_grade *og = o->grade;
    const okr_objective *obj = og->objective;
    char buf[512], bar[RPT_TEXT_LEN];
    fputc('\n', w->out);
    if (!og->healthy) {
        fputs("  ", w->out);
        paint(w, SGR_ALERT);
        fprintf(w->out, "!! UNHEALTHY: %zu of %zu counter-%s breached", o->breached, og->counter_count,
                rpt_plural(og->counter_count, "metric", "metrics"));
        paint(w, SGR_RESET);
        fputc('\n', w->out);
    }
    row r = row_start(w, 2, 4);
    row_cell(&r, obj->name.text ? obj->name.text : "?", 0, SGR_BOLD);
    snprintf(buf, sizeof buf, "  [%s%s%s]", okr_archetype_name(og->archetype),
             obj->cycle && obj->cycle->label ? ", " : "", obj->cycle && obj->cycle->label ? obj->cycle->label : "");
    row_cell(&r, buf, 0, NULL);
    if (obj->owner->text) {
        snprintf(buf, sizeof buf, "  owner %s", obj->owner->text);
        row_cell(&r, buf, 0, NULL);
    }
    row_end(&r);
    if (obj->statement.text) {
        r = row_start(w, 4, 4);
        row_words(&r, obj->statement.text, NULL);
        row_end(&r);
    }

    /* The objective's score line. */
    r = row_start(w, 4, 4);
    const char *tone = tone_sgr(o->tone);
    if (!o->scored) {
        row_cell(&r, "verdict", 0, NULL);
        fputc(' ', w->out);
        r.col++;
        row_cell(&r, o->verdict, 3, tone);
    } else {
        char score[RPT_TEXT_LEN];
        snprintf(score, sizeof score, "score %.2f", og->score);
        row_cell(&r, score, 0, NULL);
        fputc(' ', w->out);
        r.col++;
        rpt_format_bar(og->score, bar, sizeof bar);
        row_cell(&r, bar, 1, tone);
        row_cell(&r, o->verdict, 3, tone);
    }
    if (o->show_day)
        snprintf(buf, sizeof buf, "%s; day %ld of %ld", o->graded, o->day, o->days);
    else
        snprintf(buf, sizeof buf, "%s", o->graded);
    row_cell(&r, buf, 0, NULL);
    row_end(&r);
    for (size_t i = 0; i < og->kr_count; i++) {
        text_kr(w, &o->krs[i]);
        text_kr_rollup(w, &o->krs[i]);
    }
    if (og->counter_count) {
        fputs("    counter-metrics\n", w->out);
        for (size_t i = 0; i < og->counter_count; i++)
            text_counter(w, &o->counters[i]);
    }
    text_rollup(w, o);
}

static int write_text(const writer *w)
{
    text_header(w);
    for (size_t t = 0; t < w->model->team_count; t++) {
        const rpt_team *team = &w->model->teams[t];
        char head[768];
        snprintf(head, sizeof head, "== %s%s%s%s%s%s%s ", team->name ? "team " : "",
                 team->name ? team->name : "objectives without a team", team->title ? ": " : "",
                 team->title ? team->title : "", team->owner ? " (owner " : "", team->owner ? team->owner : "",
                 team->owner ? ")" : "");
        fputc('\n', w->out);
        paint(w, SGR_BOLD);
        put_plain(w->out, head);
        for (size_t i = text_width(head); i < TEXT_WIDTH; i++)
            fputc('=', w->out);
        paint(w, SGR_RESET);
        fputc('\n', w->out);
        for (size_t i = 0; i < team->count; i++)
            text_objective(w, team->objectives[i]);
    }
    rpt_text_history(w->out, w->model, w->in->color);
    return 0;
}

int rpt_write_text(FILE *out, const rpt_model *model)
{
    writer w = {out, model->in, model, model->in->color};
    return write_text(&w);
}

/* rules_statement.c: objective statements (spec.md, "Objective statements").
 *
 * An objective is qualitative: a change in the world, in words that
 * motivate. A number in the statement belongs to a key result; a statement
 * that is a piece of work ("Ship the new dashboard") is a task. These are
 * warnings: a statement is prose, and the team may have a reason. OKR6xx. */
#include <string.h>

#include "passes.h"
#include "prefetch.h"
#include "vocab.h"

/* The first figure in a statement: a word that starts with a digit ("3x",
 * "40%", "2", "10k") or a lone '%'. A digit inside a word that starts with
 * a letter is part of a name ("K12 teachers", "Web3 builders", "Q3",
 * "B2B"), not a figure. */
/* isdigit and isalnum as the "C" locale answers them (okrc never sets
 * another), without the locale table's lookup per byte. */
static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void find_figure(const char *text, const char **at, size_t *len)
{
    /* A figure starts with a digit or is '%': most statements have
     * neither, which one scan of the text tells. */
    if (!strpbrk(text, "0123456789%"))
        return;
    const char *c = text;
    while (*c) {
        if (!is_alnum(*c) && *c != '%') {
            c++;
            continue;
        }
        const char *w = c;
        while (is_alnum(*c) || *c == '%' || ((*c == '.' || *c == ',') && is_digit(c[1])))
            c++;
        if (is_digit(*w) || *w == '%') {
            *at = w;
            *len = (size_t)(c - w);
            return;
        }
    }
}

static void check_statement(okr_program *prog, okr_title_memo *memo, const okr_objective *obj)
{
    okr_diags *diags = &prog->diags;
    okr_diag *d;
    const okr_string *s = &obj->statement;
    if (!s->text) {
        d = okr_diag_report(diags, OKR603, obj->name.span, "objective '%s' has no statement", obj->name.text);
        okr_diag_help(diags, d, "add the change you want in quotes: `objective %s \"Make onboarding effortless\" {`",
                      obj->name.text);
        return;
    }
    const char *figure = NULL;
    size_t figure_len = 0;
    find_figure(s->text, &figure, &figure_len);
    if (figure) {
        d = okr_diag_report(diags, OKR601, s->span, "statement of objective '%s' contains a number ('%.*s')",
                            obj->name.text, (int)figure_len, figure);
        okr_diag_help(diags, d, "keep the objective qualitative and move the figure into a key result");
    }
    okr_title_facts facts;
    okr_vocab_analyze_title_memo(prog->policy.vocab, memo, s->text, OKR_FACTS_LEAD, &facts);
    /* Statements are prose: only a listed activity verb makes one a task,
     * not a verb read from the shape ("Quarter 3 goals"). */
    if (facts.leading_activity.len) {
        d = okr_diag_report(diags, OKR602, s->span, "statement of objective '%s' is a task: \"%s\"",
                            obj->name.text, s->text);
        okr_diag_help(diags, d, "say what should change and for whom (\"Make account health visible to every "
                                "customer\"); the work goes on the roadmap");
    }
}

/* Statements recur more than titles (the 100k corpus has 643 distinct
 * among 100,000): 2,048 readings remembered, 600 KB, one memo per
 * thread's walks. */
static void *statement_memo(okr_arena *arena, const void *ctx, size_t objectives)
{
    (void)ctx;
    return okr_title_memo_new(arena, objectives, 2048);
}

/* Objectives [from, to): each judged alone (okr_pass_chunked). */
static void statement_walk(okr_program *view, size_t from, size_t to, void *ctx)
{
    (void)ctx;
    okr_title_memo *memo = okr_pass_walk_state(view, statement_memo, NULL, to - from);
    for (size_t i = from; i < to; i++) {
        okr_pass_prefetch(view, i, OKR_PREFETCH_STATEMENT);
        if (!okr_pass_in_context(view, view->objectives.items[i]))
            check_statement(view, memo, view->objectives.items[i]);
    }
}

void okr_pass_statements(okr_program *prog)
{
    okr_pass_chunked(prog, prog->objectives.len, statement_walk, NULL);
}

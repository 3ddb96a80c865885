/* hints.c: targeted help for the syntax mistakes the parser sees; see
 * hints.h. Each reports one error (OKR004) whose help says what to write,
 * and, where the parse can go on as the user meant, makes it do so, so the
 * one mistake is not reported again by the checker as an absence. */
#include "hints.h"

#include <string.h>

#include "scanner.h"
#include "suggest.h"

/* Whether START..END lies on one line. */
static int one_line(const okr_parser *p, uint32_t start, uint32_t end)
{
    return start <= end && !memchr(p->text + start, '\n', end - start) && !memchr(p->text + start, '\r', end - start);
}

/* What the name after each naming keyword names; NULL after other tokens. */
static const char *named_by(int token)
{
    switch (token) {
    case KW_KR: return "key result";
    case KW_HYPOTHESIS: return "hypothesis";
    case KW_METRIC: return "metric";
    case KW_OBJECTIVE: return "objective";
    case KW_TEAM: return "team";
    default: return NULL;
    }
}

int okr_hint_keyword_as_name(okr_parser *p, int token, uint32_t start, uint32_t end)
{
    const char *what = named_by(p->last_token);
    if (!what || !okr_token_is_keyword(okr_lexer_kind(token)) || !one_line(p, p->token_end, start))
        return 0;
    /* A key result may have no name: `kr weight 2` and `kr counter m ...`
     * are a key result and what follows it. The keyword is its name only
     * when a title or ':' comes next, as after a name. */
    if (p->last_token == KW_KR || p->last_token == KW_HYPOTHESIS) {
        uint32_t next = end;
        while (next < p->len && (p->text[next] == ' ' || p->text[next] == '\t'))
            next++;
        if (next >= p->len || (p->text[next] != ':' && p->text[next] != '"'))
            return 0;
    }
    /* After another error on the line (`objective;metric;baseline`) the
     * keyword is part of that mistake: leave it to the usual recovery. */
    if (p->damaged && start >= p->damage_at && one_line(p, p->damage_at, start))
        return 0;
    int len = (int)(end - start);
    const char *word = p->text + start;
    /* A name in the same spirit: `cycle_time` for a cycle, `lag_time`;
     * otherwise the word and what it names (`score_kr`, `count_metric`). */
    int timed = (len == 5 && memcmp(word, "cycle", 5) == 0) || (len == 3 && memcmp(word, "lag", 3) == 0);
    const char *role = timed ? "time" : p->last_token == KW_KR ? "kr" : what;
    okr_diag *d = okr_diag_report(p->diags, OKR004, okr_parser_span(p, start, end),
                                  "'%.*s' is a keyword, not a name", len, word);
    okr_diag_help(p->diags, d, "'%.*s' is a keyword; name the %s something else, e.g. `%.*s_%s`", len, word,
                  what, len, word, role);
    p->syntax_errors++;
    okr_parser_lex_damage(p, start);
    return 1;
}

/* A misspelled archetype or direction with one close keyword: remember it
 * for the objective head, or give the open metric its direction. */
static void apply_guess(okr_parser *p, const char *keyword, okr_span span)
{
    okr_metric_decl *metric = p->open_metric ? p->open_metric->node : NULL;
    int increasing = strcmp(keyword, "increasing") == 0, decreasing = strcmp(keyword, "decreasing") == 0;
    if ((increasing || decreasing) && metric && !metric->direction && one_line(p, metric->span.start, span.start)) {
        metric->direction = increasing ? OKR_DIR_INCREASING : OKR_DIR_DECREASING;
        metric->direction_span = span;
        return;
    }
    okr_archetype arch = strcmp(keyword, "committed") == 0      ? OKR_ARCH_COMMITTED
                         : strcmp(keyword, "aspirational") == 0 ? OKR_ARCH_ASPIRATIONAL
                         : strcmp(keyword, "learning") == 0     ? OKR_ARCH_LEARNING
                                                                : OKR_ARCH_NONE;
    p->guessed_archetype = (int)arch;
    p->guessed_archetype_span = span;
}

void okr_hint_misspelled(okr_parser *p, okr_diag *d, const char *const *keywords, int count, uint32_t start,
                         uint32_t end)
{
    if (!d || end - start > OKR_SUGGEST_MAX_LEN)
        return;
    char *word = okr_arena_strndup(p->arena, p->text + start, end - start);
    okr_suggester best;
    okr_suggest_init(&best, word);
    for (int i = 0; i < count; i++)
        okr_suggest_consider(&best, keywords[i]);
    const char *keyword = okr_suggest_best(&best);
    if (!keyword)
        return;
    /* One keyword is close when every other is at least two edits
     * farther: `decreasng` is 1 from `decreasing` and 3 from `increasing`,
     * `creasing` is 2 from both. */
    int close = 0;
    for (int i = 0; i < count; i++) {
        size_t distance = okr_suggest_distance(word, keywords[i]);
        if (distance != (size_t)-1 && distance <= best.best_distance + 1)
            close++;
    }
    okr_span span = okr_parser_span(p, start, end);
    okr_diag_help(p->diags, d, "did you mean `%s`?", keyword);
    okr_fix *f = okr_diag_fix(p->diags, d, close == 1, "replace '%s' with '%s'", word, keyword);
    okr_fix_edit(p->diags, f, span, keyword);
    if (close == 1)
        apply_guess(p, keyword, span);
}

okr_archetype okr_hint_take_archetype(okr_parser *p, uint32_t head, okr_span *span)
{
    okr_archetype arch = (okr_archetype)p->guessed_archetype;
    *span = p->guessed_archetype_span;
    p->guessed_archetype = OKR_ARCH_NONE;
    if (arch == OKR_ARCH_NONE || span->end > head || !one_line(p, span->end, head))
        return OKR_ARCH_NONE;
    return arch;
}

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
        /* `kr owner "Name" : ...` is a key result with an owner and no name. */
        if (token == KW_OWNER && p->text[next] == '"')
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
    okr_fix_link_help(f, d);
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

/* The spelling of a keyword's bison code. */
static const char *keyword_spelling(int code)
{
    size_t count;
    const okr_keyword *table = okr_keywords(&count);
    int kind = okr_lexer_kind(code);
    for (size_t i = 0; i < count; i++)
        if ((int)table[i].kind == kind)
            return table[i].spelling;
    return NULL;
}

/* Whether an identifier may follow TOKEN: a name or path after it, so an
 * identifier starting the next line may be that name (`kr x :` then the
 * metric on the next line). */
static int takes_name(int token)
{
    switch (token) {
    case ':': case '.': case '(': case ',':
    case KW_USE: case KW_TEAM: case KW_METRIC: case KW_OBJECTIVE: case KW_KR: case KW_HYPOTHESIS:
    case KW_COUNTER: case KW_ALIGNS: case KW_AGGREGATE: case KW_VIA: case KW_UNIT: case KW_NATIVE:
    case KW_LIMIT: case KW_SEVERITY: case KW_VOCABULARY:
        return 1;
    default:
        return 0;
    }
}

int okr_hint_misspelled_start(okr_parser *p, int token, uint32_t start, uint32_t end, const char **spelling)
{
    static const int top[] = {KW_USE, KW_CYCLE, KW_TEAM, KW_METRIC, KW_NATIVE, KW_POLICY,
                              KW_OBJECTIVE, KW_COMMITTED, KW_ASPIRATIONAL, KW_LEARNING};
    static const int item[] = {KW_KR, KW_HYPOTHESIS, KW_COUNTER, KW_OWNER, KW_ALIGNS, KW_EXPECT,
                               KW_OBJECTIVE, KW_COMMITTED, KW_ASPIRATIONAL, KW_LEARNING};
    static const int head[] = {KW_OBJECTIVE};
    if (token != IDENT || end - start > OKR_SUGGEST_MAX_LEN)
        return 0;
    const int *codes;
    size_t n;
    int last = p->last_token;
    if (last == KW_COMMITTED || last == KW_ASPIRATIONAL || last == KW_LEARNING) {
        codes = head; /* only `objective` follows an archetype */
        n = 1;
    } else if ((last && one_line(p, p->token_end, start)) || takes_name(last) ||
               (p->open_block_kind && p->open_block_kind[0] != 'o')) {
        return 0; /* not where a declaration or item starts; in a policy block, leave it to the parser */
    } else {
        codes = p->open_block_kind ? item : top;
        n = sizeof top / sizeof top[0];
    }
    const char *spelled[sizeof top / sizeof top[0]];
    for (size_t i = 0; i < n; i++)
        spelled[i] = keyword_spelling(codes[i]);
    char *word = okr_arena_strndup(p->arena, p->text + start, end - start);
    okr_suggester best;
    okr_suggest_init(&best, word);
    for (size_t i = 0; i < n; i++)
        okr_suggest_consider(&best, spelled[i]);
    const char *keyword = okr_suggest_best(&best);
    if (!keyword)
        return 0;
    int code = 0, close = 0;
    for (size_t i = 0; i < n; i++) {
        size_t distance = okr_suggest_distance(word, spelled[i]);
        if (distance != (size_t)-1 && distance <= best.best_distance + 1)
            close++;
        if (spelled[i] == keyword)
            code = codes[i];
    }
    if (close != 1)
        return 0; /* two keywords are as close: the parser reports it, offering the closest */
    okr_span span = okr_parser_span(p, start, end);
    okr_diag *d = okr_diag_report(p->diags, OKR004, span, "unexpected identifier '%s'", word);
    okr_diag_help(p->diags, d, "did you mean `%s`?", keyword);
    okr_fix *f = okr_diag_fix(p->diags, d, 1, "replace '%s' with '%s'", word, keyword);
    okr_fix_link_help(f, d);
    okr_fix_edit(p->diags, f, span, keyword);
    p->syntax_errors++;
    okr_parser_lex_damage(p, start);
    *spelling = keyword;
    return code;
}

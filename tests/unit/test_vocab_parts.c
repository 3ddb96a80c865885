/* test_vocab_parts.c: reading only some parts of a title
 * (okr_vocab_analyze_title_parts) gives the same facts as the whole
 * reading (okr_vocab_analyze_title) for the parts asked, and zero for the
 * rest; a metric read without its task (okr_vocab_analyze_metric_parts)
 * and its task read alone (okr_vocab_metric_task) give what
 * okr_vocab_analyze_metric gives.
 *
 * The rules ask for parts so that a key result with a metric skips counts,
 * dates and aims, and an objective statement skips everything past its
 * lead; a verdict may change only if a part's fields depended on a part
 * not read. A reading through a memo (okr_vocab_analyze_title_memo), here
 * one of 16 slots so that texts evict each other, is the reading itself,
 * whether the text is the one remembered or an equal one elsewhere. The texts are every title and metric description of the
 * labelled task-style corpus (tests/corpus/tuning and heldout): thousands
 * of real phrasings, read as each caller reads them. Runs from the
 * repository root, like test_corpus. */
#include "unit.h"

#include <dirent.h>

#include "../../checker/policy.h"
#include "../../checker/vocab.h"
#include "corpus_row.h"

enum { MAX_LINE = 4096 };

static int same_match(const okr_match *a, const okr_match *b)
{
    if (a->start != b->start || a->len != b->len)
        return 0;
    if (!a->lemma || !b->lemma)
        return a->lemma == b->lemma;
    return strcmp(a->lemma, b->lemma) == 0;
}

static int is_zero(const okr_match *m)
{
    return m->start == 0 && m->len == 0 && m->lemma == NULL;
}

/* Each field of `part` against the whole reading `all`: equal when its
 * part was asked for (`parts`), zero when not. */
static void check_parts(const char *text, unsigned parts, const okr_title_facts *part, const okr_title_facts *all)
{
    struct {
        const char *name;
        unsigned needs; /* OKR_FACTS_LEAD: always read */
        const okr_match *got, *want;
    } fields[] = {
        {"leading_outcome", OKR_FACTS_LEAD, &part->leading_outcome, &all->leading_outcome},
        {"means_activity", OKR_FACTS_MEANS, &part->means_activity, &all->means_activity},
        {"object", OKR_FACTS_WORK, &part->object, &all->object},
        {"staff", OKR_FACTS_WORK, &part->staff, &all->staff},
        {"purpose", OKR_FACTS_WORK, &part->purpose, &all->purpose},
        {"performance", OKR_FACTS_WORK, &part->performance, &all->performance},
        {"aim", OKR_FACTS_WORK | OKR_FACTS_AIM, &part->aim, &all->aim},
        {"people", OKR_FACTS_WORK | OKR_FACTS_AIM, &part->people, &all->people},
        {"count_of_activity", OKR_FACTS_COUNT_DATE | OKR_FACTS_WORK, &part->count_of_activity,
         &all->count_of_activity},
        {"date", OKR_FACTS_COUNT_DATE | OKR_FACTS_WORK, &part->date, &all->date},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        int asked = (parts & fields[i].needs) == fields[i].needs;
        int ok = asked ? same_match(fields[i].got, fields[i].want) : is_zero(fields[i].got);
        if (!ok)
            fail_msg("\"%s\" read with parts %#x: %s differs", text, parts, fields[i].name);
    }
    /* The lead is complete once WORK has read the title's shape. */
    if (parts & OKR_FACTS_WORK) {
        if (!same_match(&part->leading_activity, &all->leading_activity) || part->structural != all->structural)
            fail_msg("\"%s\" read with parts %#x: leading_activity differs", text, parts);
    } else if (part->structural ||
               (!all->structural && !same_match(&part->leading_activity, &all->leading_activity))) {
        fail_msg("\"%s\" read with parts %#x: leading_activity differs without WORK", text, parts);
    }
    if ((parts & OKR_FACTS_NUMBER) ? part->has_number != all->has_number : part->has_number != 0)
        fail_msg("\"%s\" read with parts %#x: has_number differs", text, parts);
}

/* A statement is read by its listed words: its lead is the same with or
 * without the parts a statement never asks for. */
static void check_statement(const okr_vocab *v, const char *text)
{
    okr_title_facts lead, statement;
    okr_vocab_analyze_title_parts(v, text, OKR_FACTS_LEAD, &lead);
    okr_vocab_analyze_statement(v, text, &statement);
    if (!same_match(&lead.leading_activity, &statement.leading_activity) ||
        !same_match(&lead.leading_outcome, &statement.leading_outcome))
        fail_msg("\"%s\": the lead of a statement differs when read alone", text);
}

static void check_text(const okr_vocab *v, const char *text)
{
    static const unsigned asked[] = {
        OKR_FACTS_LEAD,
        OKR_FACTS_WORK,
        OKR_FACTS_WORK | OKR_FACTS_AIM | OKR_FACTS_COUNT_DATE,
        OKR_FACTS_MEANS | OKR_FACTS_COUNT_DATE | OKR_FACTS_NUMBER | OKR_FACTS_WORK,
    };
    okr_title_facts all, part;
    okr_vocab_analyze_title(v, text, &all);
    for (size_t i = 0; i < sizeof asked / sizeof asked[0]; i++) {
        okr_vocab_analyze_title_parts(v, text, asked[i], &part);
        check_parts(text, asked[i], &part, &all);
    }
    check_statement(v, text);
}

/* A metric read without its task, and the task read alone, give what the
 * whole reading gives. */
static void check_metric(const okr_vocab *v, const char *name, const char *description)
{
    okr_metric_facts all, part;
    okr_vocab_analyze_metric(v, name, description, &all);
    okr_vocab_analyze_metric_parts(v, name, description, 0, &part);
    if (!is_zero(&part.task))
        fail_msg("metric \"%s\": task read when not asked", description);
    part.task = all.task;
    if (memcmp(&part, &all, sizeof all) != 0)
        fail_msg("metric \"%s\": facts differ without the task", description);
    okr_match task;
    okr_vocab_metric_task(v, description, &task);
    if (!same_match(&task, &all.task))
        fail_msg("metric \"%s\": the task read alone differs", description);
}

static int same_facts(const okr_title_facts *a, const okr_title_facts *b)
{
    const okr_match *ma[] = {&a->leading_activity, &a->leading_outcome, &a->means_activity, &a->date,
                             &a->count_of_activity, &a->object, &a->performance, &a->staff, &a->aim,
                             &a->people, &a->purpose};
    const okr_match *mb[] = {&b->leading_activity, &b->leading_outcome, &b->means_activity, &b->date,
                             &b->count_of_activity, &b->object, &b->performance, &b->staff, &b->aim,
                             &b->people, &b->purpose};
    for (size_t i = 0; i < sizeof ma / sizeof ma[0]; i++)
        if (ma[i]->start != mb[i]->start || ma[i]->len != mb[i]->len || ma[i]->lemma != mb[i]->lemma)
            return 0;
    return a->structural == b->structural && a->has_number == b->has_number;
}

/* The memo's reading of a text, and of an equal text at another address,
 * is the reading itself, for each set of parts the rules ask. */
static void check_memo(const okr_vocab *v, okr_title_memo *memo, okr_arena *arena, const char *line_text)
{
    static const unsigned asked[] = {
        OKR_FACTS_LEAD,
        OKR_FACTS_WORK,
        OKR_FACTS_WORK | OKR_FACTS_AIM | OKR_FACTS_COUNT_DATE,
    };
    const char *text = okr_arena_strdup(arena, line_text);
    const char *twin = okr_arena_strdup(arena, line_text);
    for (size_t i = 0; i < sizeof asked / sizeof asked[0]; i++) {
        okr_title_facts want, got;
        okr_vocab_analyze_title_parts(v, text, asked[i], &want);
        okr_vocab_analyze_title_memo(v, memo, text, asked[i], &got);
        if (!same_facts(&want, &got))
            fail_msg("\"%s\": the memo's reading differs (parts %u)", text, asked[i]);
        okr_vocab_analyze_title_memo(v, memo, twin, asked[i], &got);
        if (!same_facts(&want, &got))
            fail_msg("\"%s\": the memo's reading of an equal text differs (parts %u)", text, asked[i]);
    }
}

typedef struct memo_check {
    okr_title_memo *memo;
    okr_arena *arena;
} memo_check;

static size_t check_dir(const okr_vocab *v, const memo_check *mc, const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    size_t texts = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".tsv") != 0)
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "r");
        assert_non_null(f);
        char line[MAX_LINE];
        int header = 1;
        while (fgets(line, sizeof line, f)) {
            char *c[COLS + 1];
            if (header || corpus_row_split(line, c) != COLS) {
                header = 0;
                continue;
            }
            check_text(v, c[C_TITLE]);
            check_text(v, c[C_DESC]);
            check_metric(v, c[C_METRIC], c[C_DESC]);
            check_memo(v, mc->memo, mc->arena, c[C_TITLE]);
            check_memo(v, mc->memo, mc->arena, c[C_DESC]);
            texts += 2;
        }
        fclose(f);
    }
    closedir(d);
    return texts;
}

static void test_parts_match_whole_reading(void **state)
{
    (void)state;
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_policy policy;
    okr_arena_init(&arena);
    okr_source_init(&sources, &arena);
    okr_diags_init(&diags, &arena);
    okr_policy_init(&policy, &arena);
    okr_policy_load_stdlib(&policy, &arena, &sources, &diags);
    memo_check mc = {okr_title_memo_new(&arena, 16, 16), &arena};
    size_t texts = check_dir(policy.vocab, &mc, "tests/corpus/tuning") +
                   check_dir(policy.vocab, &mc, "tests/corpus/heldout");
    assert_true(texts > 4000);
    /* A title without text reads as nothing, whatever is asked. */
    okr_title_facts none;
    okr_vocab_analyze_title_parts(policy.vocab, NULL, OKR_FACTS_ALL, &none);
    assert_int_equal(none.leading_activity.len, 0);
    okr_vocab_analyze_title_memo(policy.vocab, mc.memo, NULL, OKR_FACTS_ALL, &none);
    assert_int_equal(none.leading_activity.len, 0);
    okr_source_free(&sources);
    okr_arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parts_match_whole_reading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

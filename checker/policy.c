/* policy.c: reading policy blocks into okr_policy; see policy.h. */
#include "policy.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "passes.h"

void okr_policy_init(okr_policy *policy, okr_arena *arena)
{
    memset(policy, 0, sizeof *policy);
    policy->krs_min = 2;
    policy->krs_max = 5;
    policy->objectives_max = 3;
    policy->aspirational_expect_min = 0.6;
    policy->aspirational_expect_max = 0.7;
    policy->vocab = okr_vocab_std(arena);
}

const okr_task_model *okr_policy_task_model(okr_policy *policy)
{
    return policy->model_off ? NULL : okr_task_model_shipped();
}

static int whole_number(const okr_quantity *q, int *out)
{
    if (q->unit || q->value < 0 || q->value > 1000 || floor(q->value) != q->value)
        return 0;
    *out = (int)q->value;
    return 1;
}

/* "did you mean" over a fixed list of words (spec.md, "OKR703"). */
static void hint_word(okr_diags *diags, okr_diag *d, const okr_name *name, const char *const *words, size_t n)
{
    if (!d)
        return;
    okr_hint h;
    okr_hint_init(&h, name->text, NULL);
    for (size_t i = 0; i < n; i++)
        okr_hint_consider(&h, words[i]);
    okr_hint_offer(diags, d, &h, name->span);
}

static void apply_limit(okr_policy *policy, const okr_policy_item *item, okr_diags *diags)
{
    const char *key = item->key.text;
    okr_diag *d;
    if (strcmp(key, "krs_per_objective") == 0) {
        int lo, hi;
        if (!item->has_range || !whole_number(&item->min, &lo) || !whole_number(&item->max, &hi) ||
            lo < 1 || lo > hi) {
            d = okr_diag_report(diags, OKR703, item->span,
                                "limit 'krs_per_objective' takes a range of whole numbers MIN..MAX with 1 <= MIN <= MAX");
            okr_diag_help(diags, d, "write `limit krs_per_objective 2..5`");
            return;
        }
        policy->krs_min = lo;
        policy->krs_max = hi;
    } else if (strcmp(key, "objectives_per_team") == 0) {
        int max;
        if (item->has_range || !whole_number(&item->min, &max) || max < 1) {
            d = okr_diag_report(diags, OKR703, item->span,
                                "limit 'objectives_per_team' takes one whole number, at least 1");
            okr_diag_help(diags, d, "write `limit objectives_per_team 3`");
            return;
        }
        policy->objectives_max = max;
    } else if (strcmp(key, "aspirational_expect") == 0) {
        double lo = item->min.value, hi = item->max.value;
        if (!item->has_range || item->min.unit || item->max.unit || lo < 0 || hi > 1 || lo > hi) {
            d = okr_diag_report(diags, OKR703, item->span,
                                "limit 'aspirational_expect' takes a range of scores MIN..MAX within 0..1");
            okr_diag_help(diags, d, "write `limit aspirational_expect 0.6..0.7`");
            return;
        }
        policy->aspirational_expect_min = lo;
        policy->aspirational_expect_max = hi;
    } else {
        d = okr_diag_report(diags, OKR703, item->key.span, "unknown limit '%s'", key);
        static const char *const limits[] = {"krs_per_objective", "objectives_per_team", "aspirational_expect"};
        hint_word(diags, d, &item->key, limits, sizeof limits / sizeof limits[0]);
        okr_diag_help(diags, d, "the limits are krs_per_objective, objectives_per_team and aspirational_expect");
    }
}

static void apply_severity(const okr_policy_item *item, okr_diags *diags)
{
    okr_code code;
    okr_severity sev;
    okr_diag *d;
    if (!okr_code_lookup(item->key.text, &code)) {
        d = okr_diag_report(diags, OKR703, item->key.span, "unknown diagnostic code '%s'", item->key.text);
        okr_hint_code(diags, d, item->key.text, item->key.span);
        okr_diag_help(diags, d, "`okrc explain` lists the codes; write e.g. `severity OKR305 off`");
        return;
    }
    if (!okr_severity_parse(item->level.text, &sev)) {
        d = okr_diag_report(diags, OKR703, item->level.span, "unknown severity '%s'", item->level.text);
        static const char *const levels[] = {"error", "warning", "note", "off"};
        hint_word(diags, d, &item->level, levels, sizeof levels / sizeof levels[0]);
        okr_diag_help(diags, d, "write error, warning, note or off");
        return;
    }
    if (!okr_code_severity_changeable(code)) {
        d = okr_diag_report(diags, OKR703, item->key.span,
                            "the severity of %s cannot be changed", okr_code_info_get(code)->code);
        okr_diag_help(diags, d, "input, syntax and name errors (OKR0xx, OKR1xx) and policy errors "
                                "(OKR703, OKR704) are always reported");
        return;
    }
    okr_diags_set_severity(diags, code, sev);
}

static void apply_vocabulary(okr_policy *policy, const okr_policy_item *item, okr_diags *diags)
{
    okr_vocab_list list;
    if (!okr_vocab_list_lookup(item->key.text, &list)) {
        okr_diag *d = okr_diag_report(diags, OKR703, item->key.span, "unknown vocabulary list '%s'",
                                      item->key.text);
        const char *lists[OKR_VOCAB_LIST_COUNT];
        for (int i = 0; i < OKR_VOCAB_LIST_COUNT; i++)
            lists[i] = okr_vocab_list_name((okr_vocab_list)i);
        hint_word(diags, d, &item->key, lists, OKR_VOCAB_LIST_COUNT);
        okr_diag_help(diags, d, "the lists are activity_verb, activity_verb_form, deliverable_noun, "
                                "activity_count_noun, adverb and outcome_verb");
        return;
    }
    for (size_t i = 0; i < item->words.len; i++) {
        const okr_string *w = item->words.items[i];
        okr_vocab_add(policy->vocab, list, w->text);
    }
}

void okr_policy_apply(okr_policy *policy, const okr_file_ast *ast, okr_diags *diags)
{
    for (size_t i = 0; i < ast->decls.len; i++) {
        const okr_decl *decl = ast->decls.items[i];
        if (decl->kind != OKR_DECL_POLICY)
            continue;
        const okr_policy_decl *pd = decl->node;
        for (size_t j = 0; j < pd->items.len; j++) {
            const okr_policy_item *item = pd->items.items[j];
            switch (item->kind) {
            case OKR_POLICY_LIMIT:
                apply_limit(policy, item, diags);
                break;
            case OKR_POLICY_SEVERITY:
                apply_severity(item, diags);
                break;
            case OKR_POLICY_VOCABULARY:
                apply_vocabulary(policy, item, diags);
                break;
            }
        }
    }
}

void okr_policy_load_stdlib(okr_policy *policy, okr_arena *arena, okr_source_table *sources,
                            okr_diags *diags)
{
    (void)policy;
    (void)arena;
    (void)diags;
    /* Its words are in the policy's vocabulary already (okr_vocab_std,
     * built from this file at build time); the file is registered all the
     * same, so that the program's own files get the ids they always had. */
    for (size_t i = 0; i < okr_stdlib_count; i++) {
        const okr_embedded_file *f = &okr_stdlib_files[i];
        if (strcmp(f->name, "std/vocabulary.okr") != 0)
            continue;
        char path[256];
        snprintf(path, sizeof path, "<stdlib>/%s", f->name);
        okr_source_add(sources, path, f->text, f->len, 1);
    }
}

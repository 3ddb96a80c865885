/* test_vocab_table.c: the standard vocabulary built at build time
 * (tools/gen_vocab.c, okr_vocab_std) is exactly what okrc's own parser and
 * policy code make of std/vocabulary.okr: the same entries in the same
 * lists, the same first-word list masks (L_HEADS), the same counts and
 * longest phrases. The generator reads the file with a reader of its own;
 * this is the test that the two readings agree. Then: words a policy adds
 * to the table go to a copy of it, never into the table itself. */
#include "unit.h"

#include "../../checker/policy.h"
#include "../../parser/parser.h"
#include "embedded.h"
#include "vocab_internal.h"

/* std/vocabulary.okr parsed and applied to okr_vocab_new's lists, the way
 * okrc loaded it before the table existed. */
static okr_vocab *parsed_vocabulary(okr_arena *arena, okr_source_table *sources, okr_diags *diags)
{
    okr_policy policy;
    okr_policy_init(&policy, arena);
    policy.vocab = okr_vocab_new(arena);
    int found = 0;
    for (size_t i = 0; i < okr_stdlib_count; i++) {
        const okr_embedded_file *f = &okr_stdlib_files[i];
        if (strcmp(f->name, "std/vocabulary.okr") != 0)
            continue;
        uint32_t id = okr_source_add(sources, "<stdlib>/std/vocabulary.okr", f->text, f->len, 1);
        okr_file_ast *ast = okr_parse_file(arena, diags, sources, id);
        okr_policy_apply(&policy, ast, diags);
        found = 1;
    }
    assert_true(found);
    assert_int_equal(diags->list.len, 0);
    return policy.vocab;
}

/* Every entry of `a` is in `b`, with the same list mask. */
static void entries_in(const okr_vocab *a, const okr_vocab *b)
{
    for (size_t i = 0; i < a->cap; i++) {
        const vocab_entry *e = &a->slots[i];
        if (!e->hash)
            continue;
        const char *text = vocab_entry_text(a, e);
        const vocab_entry *f = set_find(b, e->list, text, e->len);
        if (!f)
            fail_msg("'%s' (list %d) is in one vocabulary only", text, e->list);
        assert_int_equal(f->heads, e->heads);
        assert_string_equal(vocab_entry_text(b, f), text);
    }
}

static void table_is_the_parsed_file(void **state)
{
    (void)state;
    okr_arena arena;
    okr_arena_init(&arena);
    okr_source_table sources;
    okr_source_init(&sources, &arena);
    okr_diags diags;
    okr_diags_init(&diags, &arena);
    okr_vocab *parsed = parsed_vocabulary(&arena, &sources, &diags);
    okr_vocab *std = okr_vocab_std(&arena);
    assert_int_equal(std->used, parsed->used);
    for (int l = 0; l < L_TOTAL; l++) {
        assert_int_equal(std->count[l], parsed->count[l]);
        assert_int_equal(std->max_words[l], parsed->max_words[l]);
    }
    assert_true(okr_vocab_size(std, OKR_VOCAB_ACTIVITY_VERB) > 50);
    entries_in(parsed, std);
    entries_in(std, parsed);
    okr_source_free(&sources);
    okr_arena_free(&arena);
}

/* A policy word goes to a copy of the table: a second vocabulary from the
 * table does not see it, and the table's own words still read right in
 * the copy (their texts stay in the table, the new one's in the copy). */
static void policy_words_go_to_a_copy(void **state)
{
    (void)state;
    okr_arena arena;
    okr_arena_init(&arena);
    okr_vocab *own = okr_vocab_std(&arena);
    const vocab_entry *table_slots = okr_vocab_std_table.slots;
    size_t verbs = okr_vocab_size(own, OKR_VOCAB_ACTIVITY_VERB);
    okr_vocab_add(own, OKR_VOCAB_ACTIVITY_VERB, "Zorble");
    assert_true(own->slots != table_slots);
    assert_int_equal(okr_vocab_size(own, OKR_VOCAB_ACTIVITY_VERB), verbs + 1);
    assert_int_equal(okr_vocab_std_table.count[OKR_VOCAB_ACTIVITY_VERB], verbs);

    okr_title_facts f;
    okr_vocab_analyze_title(own, "Zorbled the onboarding flow", &f);
    assert_int_equal(f.leading_activity.len, strlen("Zorbled"));
    assert_string_equal(f.leading_activity.lemma, "zorble");
    okr_vocab_analyze_title(own, "Launch SSO", &f);
    assert_string_equal(f.leading_activity.lemma, "launch");

    okr_vocab *other = okr_vocab_std(&arena);
    assert_int_equal(okr_vocab_size(other, OKR_VOCAB_ACTIVITY_VERB), verbs);
    assert_null(set_find(other, OKR_VOCAB_ACTIVITY_VERB, "zorble", 6));
    okr_vocab_analyze_title(other, "Launch SSO", &f);
    assert_string_equal(f.leading_activity.lemma, "launch");

    /* A share of the copy, and a word added to it: the copy's own word is
     * still read in the share, and the share's word stays its own. */
    okr_arena arena2;
    okr_arena_init(&arena2);
    okr_vocab *share = okr_vocab_share(own, &arena2);
    okr_vocab_add(share, OKR_VOCAB_ACTIVITY_VERB, "frobnicate");
    okr_vocab_analyze_title(share, "Zorble the onboarding flow", &f);
    assert_string_equal(f.leading_activity.lemma, "zorble");
    okr_vocab_analyze_title(share, "Frobnicate the onboarding flow", &f);
    assert_string_equal(f.leading_activity.lemma, "frobnicate");
    assert_null(set_find(own, OKR_VOCAB_ACTIVITY_VERB, "frobnicate", 10));
    okr_arena_free(&arena2);
    okr_arena_free(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_is_the_parsed_file),
        cmocka_unit_test(policy_words_go_to_a_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_vocab_share.c: okr_vocab_share's copy-on-write, tested on the table
 * itself. A program's vocabulary shares the prepared standard library's
 * table; the first word a policy adds must go to a copy, never into the
 * shared slots, even when the table has room and would not grow (the case
 * a test through okrc's output cannot tell from a correct one: a grown
 * table is a new allocation anyway). */
#include "unit.h"

#include "vocab.h"
#include "vocab_internal.h"

static int base_has(const okr_vocab *v, okr_vocab_list list, const char *word)
{
    return set_find(v, (int)list, word, strlen(word)) != NULL;
}

static void first_word_goes_to_a_copy(void **state)
{
    (void)state;
    okr_arena base_arena, own_arena;
    okr_arena_init(&base_arena);
    okr_arena_init(&own_arena);
    okr_vocab *base = okr_vocab_new(&base_arena);
    okr_vocab_add(base, OKR_VOCAB_ACTIVITY_VERB, "zorble");
    /* The case to prove: the new word fits without growing the table. */
    assert_true((base->used + 1) * 4 < base->cap * 3);
    vocab_entry *slots_before = malloc(base->cap * sizeof *slots_before);
    assert_non_null(slots_before);
    memcpy(slots_before, base->slots, base->cap * sizeof *slots_before);
    size_t used_before = base->used, count_before = okr_vocab_size(base, OKR_VOCAB_ACTIVITY_VERB);

    okr_vocab *own = okr_vocab_share(base, &own_arena);
    assert_true(base_has(own, OKR_VOCAB_ACTIVITY_VERB, "zorble"));
    okr_vocab_add(own, OKR_VOCAB_ACTIVITY_VERB, "frobnicate");

    assert_true(base_has(own, OKR_VOCAB_ACTIVITY_VERB, "frobnicate"));
    assert_int_equal(okr_vocab_size(own, OKR_VOCAB_ACTIVITY_VERB), count_before + 1);
    assert_false(base_has(base, OKR_VOCAB_ACTIVITY_VERB, "frobnicate"));
    assert_int_equal(base->used, used_before);
    assert_int_equal(okr_vocab_size(base, OKR_VOCAB_ACTIVITY_VERB), count_before);
    assert_true(own->slots != base->slots);
    assert_memory_equal(slots_before, base->slots, base->cap * sizeof *slots_before);

    /* A second share of the same base does not see the first one's word. */
    okr_arena other_arena;
    okr_arena_init(&other_arena);
    okr_vocab *other = okr_vocab_share(base, &other_arena);
    assert_false(base_has(other, OKR_VOCAB_ACTIVITY_VERB, "frobnicate"));

    free(slots_before);
    okr_arena_free(&other_arena);
    okr_arena_free(&own_arena);
    okr_arena_free(&base_arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_word_goes_to_a_copy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

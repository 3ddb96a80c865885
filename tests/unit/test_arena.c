/* test_arena.c: the arena's scratch memory (freed one at a time, on
 * adoption and with the arena) and the text set whose slots are scratch:
 * it keeps every text as it grows, and what it interned stays in the arena
 * after its slots are gone. */
#include "unit.h"

#include "../../common/arena.h"
#include "../../common/textset.h"

static void test_scratch_is_freed_alone_on_adopt_and_with_the_arena(void **state)
{
    (void)state;
    okr_arena a, b;
    okr_arena_init(&a);
    okr_arena_init(&b);
    char *one = okr_arena_scratch_alloc(&b, 100);
    char *two = okr_arena_scratch_alloc(&b, 200);
    char *three = okr_arena_scratch_alloc(&b, 300);
    memset(one, 1, 100);
    memset(two, 2, 200);
    memset(three, 3, 300);
    okr_arena_scratch_free(&b, two); /* the middle of the list */
    okr_arena_scratch_free(&b, three); /* its head */
    okr_arena_scratch_free(&b, NULL);
    assert_non_null(b.scratch);
    char *kept = okr_arena_strdup(&b, "kept");
    okr_arena_adopt(&a, &b); /* frees `one` (ASan/valgrind see a leak else) */
    assert_null(b.scratch);
    assert_null(b.head);
    assert_string_equal(kept, "kept");
    (void)okr_arena_scratch_alloc(&a, 50); /* freed by okr_arena_free */
    okr_arena_free(&a);
    assert_null(a.scratch);
}

static void test_text_set_grows_and_its_texts_outlive_its_slots(void **state)
{
    (void)state;
    okr_arena a, worker;
    okr_arena_init(&a);
    okr_arena_init(&worker);
    okr_textset set;
    okr_textset_init(&set, &worker);
    const char *first[1000];
    char text[64];
    for (int i = 0; i < 1000; i++) { /* lengths 7 to 40: whole and partial words */
        int n = snprintf(text, sizeof text, "text %d %.*s", i, i % 32, "................................");
        first[i] = okr_textset_intern(&set, text, (size_t)n);
    }
    assert_int_equal(set.len, 1000);
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(text, sizeof text, "text %d %.*s", i, i % 32, "................................");
        assert_ptr_equal(okr_textset_intern(&set, text, (size_t)n), first[i]);
        assert_ptr_not_equal(okr_textset_intern(&set, text, (size_t)n - 1), first[i]); /* a prefix */
    }
    assert_string_equal(okr_textset_intern(&set, "", 0), "");
    okr_arena_adopt(&a, &worker); /* the slots go, the texts stay */
    assert_null(worker.scratch);
    assert_string_equal(first[999], "text 999 .......");
    okr_arena_free(&a);
}

/* The cache of recent texts: an equal text is the cached copy, another
 * text (a prefix too) a copy of its own, and the copies outlive the slots. */
static void test_text_cache_returns_the_copy_it_holds(void **state)
{
    (void)state;
    okr_arena a, worker;
    okr_arena_init(&a);
    okr_arena_init(&worker);
    okr_textcache cache;
    okr_textcache_init(&cache, &worker);
    const char *owner = okr_textcache_get(&cache, "Dana Lee, owner", 8);
    const char *title = okr_textcache_get(&cache, "Grow self-serve share of new revenue", 36);
    assert_string_equal(owner, "Dana Lee");
    assert_ptr_equal(okr_textcache_get(&cache, "Dana Lee", 8), owner);
    assert_ptr_equal(okr_textcache_get(&cache, "Grow self-serve share of new revenue!", 36), title);
    const char *prefix = okr_textcache_get(&cache, "Dana Le", 7);
    assert_string_equal(prefix, "Dana Le");
    assert_ptr_not_equal(prefix, owner);
    assert_string_equal(okr_textcache_get(&cache, "", 0), "");
    okr_arena_adopt(&a, &worker); /* the slots go, the copies stay */
    assert_null(worker.scratch);
    assert_string_equal(title, "Grow self-serve share of new revenue");
    okr_arena_free(&a);
}

/* The cache starts small and grows, empty, up to its bound: every text
 * comes back equal whenever it was cached, and a text cached after the
 * last growth is found again. */
static void test_text_cache_starts_small_and_grows_to_its_bound(void **state)
{
    (void)state;
    okr_arena a;
    okr_arena_init(&a);
    okr_textcache cache;
    okr_textcache_init(&cache, &a);
    char buf[32];
    okr_textcache_get(&cache, "first", 5);
    assert_int_equal(cache.cap, OKR_TEXTCACHE_FIRST_SLOTS);
    for (int i = 0; i < 4 * OKR_TEXTCACHE_SLOTS; i++) {
        int n = snprintf(buf, sizeof buf, "text %d", i);
        assert_string_equal(okr_textcache_get(&cache, buf, (size_t)n), buf);
    }
    assert_int_equal(cache.cap, OKR_TEXTCACHE_SLOTS);
    const char *late = okr_textcache_get(&cache, "late", 4);
    assert_ptr_equal(okr_textcache_get(&cache, "late", 4), late);
    assert_string_equal(okr_textcache_get(&cache, "first", 5), "first");
    okr_arena_free(&a);
}

/* Text is bumped from blocks of its own: the texts allocated between nodes
 * lie together, and adoption keeps both kinds. */
static void test_text_lies_apart_from_nodes(void **state)
{
    (void)state;
    okr_arena a, b;
    okr_arena_init(&a);
    okr_arena_init(&b);
    char *one = okr_arena_strdup(&b, "one");
    void *node = okr_arena_alloc(&b, 64);
    char *two = okr_arena_strndup(&b, "two!", 3);
    char *three = okr_arena_printf(&b, "%d", 3);
    assert_ptr_equal(two, one + 4);
    assert_ptr_equal(three, two + 4);
    assert_true((char *)node + 64 <= one || (char *)node >= three + 2);
    okr_arena_adopt(&a, &b);
    assert_null(b.text);
    char *four = okr_arena_strdup(&a, "four"); /* a's own text block */
    assert_string_equal(one, "one");
    assert_string_equal(two, "two");
    assert_string_equal(four, "four");
    assert_true(a.text_held > 0 && a.text_held < a.bytes_used);
    okr_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scratch_is_freed_alone_on_adopt_and_with_the_arena),
        cmocka_unit_test(test_text_set_grows_and_its_texts_outlive_its_slots),
        cmocka_unit_test(test_text_lies_apart_from_nodes),
        cmocka_unit_test(test_text_cache_returns_the_copy_it_holds),
        cmocka_unit_test(test_text_cache_starts_small_and_grows_to_its_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

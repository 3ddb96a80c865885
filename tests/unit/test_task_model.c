/* test_task_model.c: the task-style model's features, weights file and
 * scores (checker/task_model.c).
 *
 * The features are the contract between okrc and the trainer
 * (scripts/train-task-model.py reads what tests/corpus/dump_features.c
 * prints), so their exact names are pinned here; a change to them needs a
 * retrained model. The weights reader must refuse every malformed file, and
 * the shipped model must be there and decide. */
#include "unit.h"

#include <math.h>

#include "../../checker/task_model.h"

typedef struct collected {
    char text[2048];
} collected;

static void collect(const char *feature, void *ctx)
{
    collected *c = ctx;
    size_t n = strlen(c->text);
    snprintf(c->text + n, sizeof c->text - n, "%s%s", n ? " " : "", feature);
}

static okr_task_input input(const char *title, const char *description)
{
    okr_task_input in;
    memset(&in, 0, sizeof in);
    in.title = title;
    in.description = description;
    in.type = OKR_TYPE_COUNT;
    in.direction = OKR_DIR_INCREASING;
    in.target = OKR_TARGET_FROM_TO;
    in.from_zero = 1;
    return in;
}

static void test_features_are_the_trainers_names(void **state)
{
    (void)state;
    okr_task_input in = input("Publish 6 case studies for the studies page", "Case studies");
    in.rule_means = 1;
    collected c = {""};
    okr_task_model_features(&in, collect, &c);
    /* Stop words gone, plurals folded, each feature once, in a fixed order. */
    assert_string_equal(c.text, "bias rule:means type:count dir:increasing target:from0 t0:publish t:publish "
                                "t:case t:study t:page d0:case dl:study d:case d:study shared");
}

static void test_features_of_odd_text(void **state)
{
    (void)state;
    okr_task_input in = input(NULL, "");
    in.type = OKR_TYPE_NONE;
    in.direction = OKR_DIR_NONE;
    in.target = OKR_TARGET_NONE;
    collected c = {""};
    okr_task_model_features(&in, collect, &c);
    assert_string_equal(c.text, "bias");
    /* Non-ASCII letters and digits separate words; a word cannot start
     * with a digit; long words are cut, not overflowed. */
    char long_title[600];
    memset(long_title, 'x', sizeof long_title - 1);
    long_title[sizeof long_title - 1] = '\0';
    in = input("Réduire 3x le churn", long_title);
    c.text[0] = '\0';
    okr_task_model_features(&in, collect, &c);
    assert_non_null(strstr(c.text, "t0:r t:r t:duire t:x t:le t:churn")); /* "3x": the digit parts words */
    assert_null(strstr(c.text, "t:3x"));
}

static void test_parse_refuses_malformed_weights(void **state)
{
    (void)state;
    okr_arena a;
    okr_arena_init(&a);
    const char *good = "# a comment\n\nthreshold\t0.5\nbias\t-1.25\nt:publish\t2\n";
    assert_non_null(okr_task_model_parse(&a, good, strlen(good)));
    const char *bad[] = {
        "bias\t1\n",                                   /* no threshold */
        "threshold\t1.5\nbias\t1\n",                   /* threshold out of range */
        "threshold\t0.5\nbias 1\n",                    /* no tab */
        "threshold\t0.5\nbias\t1e3\n",                 /* not the trainer's number form */
        "threshold\t0.5\nbias\t\n",                    /* no weight */
        "threshold\t0.5\nbias\t1\nbias\t2\n",          /* a feature twice */
        "threshold\t0.5\n\t1\n",                       /* no feature */
        "threshold\t0.5\nbias\t-\n",
        "threshold\t0.5\nbias\t1.\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (okr_task_model_parse(&a, bad[i], strlen(bad[i])))
            fail_msg("accepted malformed weights: \"%s\"", bad[i]);
    okr_arena_free(&a);
}

static void test_score_and_reasons(void **state)
{
    (void)state;
    okr_arena a;
    okr_arena_init(&a);
    const char *w = "threshold\t0.5\nbias\t-1\nt:publish\t1.5\nd:study\t0.75\nd0:case\t0.25\ntype:count\t-0.5\n";
    okr_task_model *m = okr_task_model_parse(&a, w, strlen(w));
    assert_non_null(m);
    okr_task_input in = input("Publish 6 case studies", "Case studies");
    okr_task_score s;
    okr_task_model_score(m, &in, &s);
    /* -1 + 1.5 + 0.75 + 0.25 - 0.5 = 1.0 */
    assert_true(fabs(s.probability - 1.0 / (1.0 + exp(-1.0))) < 1e-9);
    assert_true(s.output);
    assert_int_equal(s.nreasons, 3);
    assert_string_equal(s.reasons[0].feature, "t:publish");
    assert_string_equal(s.reasons[1].feature, "d:study");
    assert_string_equal(s.reasons[2].feature, "d0:case");
    /* The same input always scores the same. */
    okr_task_score again;
    okr_task_model_score(m, &in, &again);
    assert_true(again.probability == s.probability);
    /* Below the threshold: no reasons gathered, no verdict. */
    in = input("Raise retention", "Share of accounts retained");
    okr_task_model_score(m, &in, &s);
    assert_false(s.output);
    assert_int_equal(s.nreasons, 0);
    /* No model, no opinion. */
    okr_task_model_score(NULL, &in, &s);
    assert_false(s.output);
    okr_arena_free(&a);
}

static void test_shipped_model_decides(void **state)
{
    (void)state;
    const okr_task_model *m = okr_task_model_shipped();
    assert_non_null(m);
    okr_task_input out = input("Run 12 customer workshops", "Customer workshops");
    okr_task_score s;
    okr_task_model_score(m, &out, &s);
    assert_true(s.output);
    assert_true(s.nreasons > 0);
    okr_task_input outcome = input("Raise 30-day retention", "Share of new accounts active 30 days after sign-up");
    outcome.type = OKR_TYPE_PERCENT;
    outcome.from_zero = 0;
    okr_task_model_score(m, &outcome, &s);
    assert_false(s.output);
}

/* The cached scorer gives every key result the very score of the
 * uncached one, to the last bit, with its reasons: over the rows of the
 * labelled corpus, each title paired with the descriptions of the rows
 * around it (so that each description is scored from the cache many
 * times), under every target form. */
static void test_cached_score_is_the_score(void **state)
{
    (void)state;
    enum { ROWS = 6000, WIDTH = 8 };
    static char titles[ROWS][256], descs[ROWS][256];
    size_t n = 0;
    const char *parts[] = {"tests/corpus/tuning", "tests/corpus/heldout"};
    for (size_t p = 0; p < 2; p++) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "cat %s/*.tsv", parts[p]);
        FILE *in = popen(cmd, "r");
        assert_non_null(in);
        char line[2048];
        while (n < ROWS && fgets(line, sizeof line, in)) {
            char *title = strchr(line, '\t'), *metric = title ? strchr(title + 1, '\t') : NULL;
            char *desc = metric ? strchr(metric + 1, '\t') : NULL, *end = desc ? strchr(desc + 1, '\t') : NULL;
            if (!end || strncmp(line, "style\t", 6) == 0)
                continue;
            snprintf(titles[n], sizeof titles[n], "%.*s", (int)(metric - title - 1), title + 1);
            snprintf(descs[n], sizeof descs[n], "%.*s", (int)(end - desc - 1), desc + 1);
            n++;
        }
        pclose(in);
    }
    assert_true(n > 500);
    okr_arena a;
    okr_arena_init(&a);
    const okr_task_model *m = okr_task_model_shipped();
    okr_task_cache *cache = okr_task_cache_new(&a, m);
    size_t outputs = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < WIDTH; k++) {
            okr_task_input in = input(titles[i], descs[(i + k) % n]);
            in.target = (okr_target_kind)(k % 6);
            in.from_zero = k % 2;
            in.rule_means = k == 3;
            in.description = k == 7 ? NULL : in.description;
            okr_task_score want, got;
            okr_task_model_score(m, &in, &want);
            okr_task_model_score_cached(cache, &in, &got);
            if (memcmp(&want.probability, &got.probability, sizeof want.probability) != 0)
                fail_msg("row %zu, description %zu: %.17g cached, %.17g not", i, (i + k) % n, got.probability,
                         want.probability);
            assert_int_equal(got.output, want.output);
            assert_int_equal(got.nreasons, want.nreasons);
            for (size_t r = 0; r < want.nreasons; r++)
                assert_string_equal(got.reasons[r].feature, want.reasons[r].feature);
            outputs += (size_t)want.output;
        }
    }
    assert_true(outputs > 0);
    okr_task_cache *none = okr_task_cache_new(&a, NULL);
    okr_task_input in = input("Run 12 customer workshops", "Customer workshops");
    okr_task_score s;
    okr_task_model_score_cached(none, &in, &s);
    assert_false(s.output);
    okr_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_features_are_the_trainers_names),
        cmocka_unit_test(test_features_of_odd_text),
        cmocka_unit_test(test_parse_refuses_malformed_weights),
        cmocka_unit_test(test_score_and_reasons),
        cmocka_unit_test(test_shipped_model_decides),
        cmocka_unit_test(test_cached_score_is_the_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

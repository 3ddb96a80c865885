/* test_render_gitlab.c: unit tests of the GitLab Code Quality renderer
 * (common/render_gitlab.c).
 *
 * Diagnostics are built by hand (no parser), rendered into memory and
 * parsed back with jansson. The tests pin the shape GitLab requires (an
 * array of objects with description, check_name, fingerprint, severity and
 * location {path, lines {begin}}), the severity mapping, and the promise
 * that makes merge-request widgets useful: a fingerprint follows the
 * finding's code, path and line text, not its line number. */
#include "unit.h"

#include <jansson.h>

#include "render.h"
#include "render_fixture.h"

static json_t *fx_gitlab(fixture *f)
{
    okr_diags_finish(&f->diags);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    okr_render_options opts = {OKR_FORMAT_GITLAB, 0, 1, "0.1.0"};
    assert_int_equal(okr_render(out, &f->diags, &f->sources, &opts), 0);
    assert_int_equal(fclose(out), 0);
    assert_true(len > 0 && buf[len - 1] == '\n');
    json_error_t err;
    json_t *root = json_loads(buf, 0, &err);
    if (!root)
        fail_msg("output is not JSON: %s\n%s", err.text, buf);
    free(buf);
    assert_true(json_is_array(root));
    return root;
}

/* Checks that `issue` has exactly GitLab's keys with the right types and
 * returns its fingerprint. */
static const char *check_shape(json_t *issue)
{
    assert_true(json_is_object(issue));
    assert_int_equal(json_object_size(issue), 5);
    assert_true(json_is_string(json_object_get(issue, "description")));
    assert_true(json_is_string(json_object_get(issue, "check_name")));
    const char *severity = json_string_value(json_object_get(issue, "severity"));
    assert_non_null(severity);
    assert_true(strcmp(severity, "info") == 0 || strcmp(severity, "minor") == 0 ||
                strcmp(severity, "major") == 0 || strcmp(severity, "critical") == 0 ||
                strcmp(severity, "blocker") == 0);
    json_t *loc = json_object_get(issue, "location");
    assert_true(json_is_object(loc));
    assert_true(json_is_string(json_object_get(loc, "path")));
    json_t *lines = json_object_get(loc, "lines");
    assert_true(json_is_object(lines));
    assert_true(json_integer_value(json_object_get(lines, "begin")) >= 1);
    const char *fp = json_string_value(json_object_get(issue, "fingerprint"));
    assert_non_null(fp);
    assert_int_equal(strlen(fp), 32);
    assert_int_equal(strspn(fp, "0123456789abcdef"), 32);
    return fp;
}

static const char *field(json_t *issue, const char *key)
{
    return json_string_value(json_object_get(issue, key));
}

static json_int_t begin_line(json_t *issue)
{
    return json_integer_value(json_object_get(json_object_get(json_object_get(issue, "location"), "lines"), "begin"));
}

static void test_shape_and_severity(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "okrs/growth.okr",
                           "team growth\n"
                           "objective \"Grow 50%\"\n"
                           "  kr launch \"Launch messaging\"\n");
    okr_diag *d = okr_diag_report(&f->diags, OKR301, fx_span_nth(f, file, "kr launch", 0),
                                  "key result is a task");
    okr_diag_help(&f->diags, d, "measure its outcome instead");
    okr_diag_report(&f->diags, OKR601, fx_span_nth(f, file, "50%", 0), "objective has a number");
    okr_diag_report(&f->diags, OKR009, fx_span_nth(f, file, "team", 0), "too many");
    json_t *root = fx_gitlab(f);
    assert_int_equal(json_array_size(root), 3);
    json_t *note = json_array_get(root, 0), *warn = json_array_get(root, 1), *err = json_array_get(root, 2);
    for (size_t i = 0; i < 3; i++)
        check_shape(json_array_get(root, i));
    assert_string_equal(field(note, "severity"), "info");
    assert_string_equal(field(warn, "severity"), "minor");
    assert_string_equal(field(err, "severity"), "major");
    assert_string_equal(field(err, "check_name"), "OKR301");
    assert_string_equal(field(err, "description"),
                        "OKR301 task-key-result: key result is a task\nhelp: measure its outcome instead");
    assert_string_equal(field(json_object_get(err, "location"), "path"), "okrs/growth.okr");
    assert_int_equal(begin_line(err), 3);
    assert_int_equal(begin_line(warn), 2);
    json_decref(root);
    fx_free(f);
}

/* The fingerprint of one OKR301 on the line `kr launch ...` in `text`. */
static char *fingerprint_of(const char *path, const char *text, okr_code code)
{
    fixture *f = fx_new();
    uint32_t file = fx_add(f, path, text);
    okr_diag_report(&f->diags, code, fx_span_nth(f, file, "kr launch", 0), "message %s", path);
    json_t *root = fx_gitlab(f);
    char *fp = strdup(check_shape(json_array_get(root, 0)));
    json_decref(root);
    fx_free(f);
    return fp;
}

static void test_fingerprint_follows_content(void **state)
{
    (void)state;
    const char *base = "team growth\n  kr launch \"Launch messaging\"\n";
    char *a = fingerprint_of("a.okr", base, OKR301);
    /* Lines added above, and the line re-indented: the same finding. */
    char *moved = fingerprint_of("a.okr", "team growth\n\n\n# comment\n    kr launch \"Launch messaging\"\n", OKR301);
    assert_string_equal(a, moved);
    /* Another line text, path or code: another finding. */
    char *edited = fingerprint_of("a.okr", "team growth\n  kr launch \"Launch chat\"\n", OKR301);
    char *other_path = fingerprint_of("b.okr", base, OKR301);
    char *other_code = fingerprint_of("a.okr", base, OKR305);
    assert_string_not_equal(a, edited);
    assert_string_not_equal(a, other_path);
    assert_string_not_equal(a, other_code);
    free(a);
    free(moved);
    free(edited);
    free(other_path);
    free(other_code);
}

static void test_identical_lines_distinct(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "a.okr", "kr launch \"x\"\nkr launch \"x\"\n");
    okr_diag_report(&f->diags, OKR301, fx_span_nth(f, file, "kr launch", 0), "task");
    okr_diag_report(&f->diags, OKR301, fx_span_nth(f, file, "kr launch", 1), "task");
    json_t *root = fx_gitlab(f);
    assert_int_equal(json_array_size(root), 2);
    assert_string_not_equal(check_shape(json_array_get(root, 0)), check_shape(json_array_get(root, 1)));
    json_decref(root);
    fx_free(f);
}

static void test_no_location_and_empty(void **state)
{
    (void)state;
    fixture *f = fx_new();
    json_t *root = fx_gitlab(f);
    assert_int_equal(json_array_size(root), 0);
    json_decref(root);
    fx_free(f);

    f = fx_new();
    okr_diag_report(&f->diags, OKR703, okr_span_make(OKR_NO_FILE, 0, 0), "policy problem");
    root = fx_gitlab(f);
    json_t *issue = json_array_get(root, 0);
    check_shape(issue);
    assert_string_equal(field(json_object_get(issue, "location"), "path"), ".");
    assert_int_equal(begin_line(issue), 1);
    json_decref(root);
    fx_free(f);
}

static void test_format_parse_gitlab(void **state)
{
    (void)state;
    okr_format fmt = OKR_FORMAT_TEXT;
    assert_int_equal(okr_format_parse("gitlab", &fmt), 1);
    assert_int_equal(fmt, OKR_FORMAT_GITLAB);
    assert_int_equal(okr_format_parse("codequality", &fmt), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape_and_severity),
        cmocka_unit_test(test_fingerprint_follows_content),
        cmocka_unit_test(test_identical_lines_distinct),
        cmocka_unit_test(test_no_location_and_empty),
        cmocka_unit_test(test_format_parse_gitlab),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

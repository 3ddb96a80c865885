/* test_corpus.c: precision and recall of the task-style rules, end to end.
 *
 * tests/corpus/good_krs.tsv holds key results an experienced OKR coach
 * accepts; bad_krs.tsv holds task-style ones, each with the code it must
 * draw. Every row becomes a real program (team, cycle, the metric, one
 * objective) checked by the whole checker, and only the task-style codes
 * OKR301-OKR305 are counted. The test prints the figures and requires every
 * good key result to pass silently (precision 1.0 on this corpus) and every
 * bad one to draw its code (recall 1.0). Runs from the repository root. */
#include "unit.h"

#include "../../checker/program.h"

enum { MAX_LINE = 4096, COLS = 7 };

static const okr_code task_codes[] = {OKR301, OKR302, OKR303, OKR304, OKR305};

/* Splits a TSV line in place; returns the number of columns. */
static int split(char *line, char **cols)
{
    int n = 0;
    cols[n++] = line;
    for (char *p = line; *p && n < COLS; p++) {
        if (*p == '\t') {
            *p = '\0';
            cols[n++] = p + 1;
        }
    }
    char *nl = strpbrk(cols[n - 1], "\r\n");
    if (nl)
        *nl = '\0';
    return n;
}

static void escape(char *out, size_t cap, const char *in)
{
    size_t n = 0;
    for (; *in && n + 2 < cap; in++) {
        if (*in == '"' || *in == '\\')
            out[n++] = '\\';
        out[n++] = *in;
    }
    out[n] = '\0';
}

/* Checks one row; returns the task-style code it drew (or OKR_CODE_COUNT for
 * none) and prints every other error, which would mean the row is malformed. */
static okr_code check_row(char **c, int *malformed)
{
    char title[1024], desc[1024], text[8192];
    escape(title, sizeof title, c[0]);
    escape(desc, sizeof desc, c[2]);
    const char *metric = c[1], *type = c[3], *dir = c[4], *target = c[5];
    const char *archetype = strncmp(target, "at ", 3) == 0 ? "committed" : "aspirational";
    int n = snprintf(text, sizeof text, "team t\ncycle 2026-Q3\n");
    if (*metric)
        n += snprintf(text + n, sizeof text - (size_t)n, "metric %s \"%s\" : %s %s\n", metric, desc, type, dir);
    n += snprintf(text + n, sizeof text - (size_t)n, "%s objective o \"Make customers succeed\" {\n", archetype);
    if (*metric)
        n += snprintf(text + n, sizeof text - (size_t)n, "  kr \"%s\" : %s %s\n", title, metric, target);
    else
        n += snprintf(text + n, sizeof text - (size_t)n, "  kr \"%s\"\n", title);
    snprintf(text + n, sizeof text - (size_t)n, "}\n");

    okr_program prog;
    okr_program_init(&prog);
    okr_program_add_text(&prog, "row.okr", text, strlen(text));
    okr_program_check(&prog);
    okr_code drawn = OKR_CODE_COUNT;
    for (size_t i = 0; i < prog.diags.list.len; i++) {
        okr_diag *d = prog.diags.list.items[i];
        int task = 0;
        for (size_t k = 0; k < sizeof task_codes / sizeof task_codes[0]; k++)
            if (d->code == task_codes[k])
                task = 1;
        if (task)
            drawn = d->code;
        else if (d->severity == OKR_SEV_ERROR && d->code < OKR301) {
            fprintf(stderr, "  malformed row \"%s\": %s %s\n", c[0], okr_code_info_get(d->code)->code, d->message);
            *malformed = 1;
        }
    }
    okr_program_free(&prog);
    return drawn;
}

typedef struct tally {
    int rows, right, malformed;
} tally;

static tally run_corpus(const char *path, int good)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[MAX_LINE];
    tally t = {0, 0, 0};
    int header = 1;
    while (fgets(line, sizeof line, f)) {
        if (header) {
            header = 0;
            continue;
        }
        char *c[COLS];
        if (split(line, c) != COLS) {
            fprintf(stderr, "  %s: row with fewer than %d columns: %s\n", path, COLS, line);
            t.malformed++;
            continue;
        }
        t.rows++;
        int malformed = 0;
        okr_code drawn = check_row(c, &malformed);
        t.malformed += malformed;
        if (good) {
            if (drawn == OKR_CODE_COUNT)
                t.right++;
            else
                fprintf(stderr, "  false positive: \"%s\" drew %s\n", c[0], okr_code_info_get(drawn)->code);
        } else {
            const char *want = c[6];
            if (drawn != OKR_CODE_COUNT && strcmp(okr_code_info_get(drawn)->code, want) == 0)
                t.right++;
            else
                fprintf(stderr, "  missed: \"%s\" wanted %s, drew %s\n", c[0], want,
                        drawn == OKR_CODE_COUNT ? "nothing" : okr_code_info_get(drawn)->code);
        }
    }
    fclose(f);
    return t;
}

static void test_precision_on_good_key_results(void **state)
{
    (void)state;
    tally t = run_corpus("tests/corpus/good_krs.tsv", 1);
    printf("  corpus: %d of %d good key results pass silently (precision %.3f)\n", t.right, t.rows,
           t.rows ? (double)t.right / t.rows : 0.0);
    assert_true(t.rows >= 120);
    assert_int_equal(t.malformed, 0);
    assert_int_equal(t.right, t.rows);
}

static void test_recall_on_task_style_key_results(void **state)
{
    (void)state;
    tally t = run_corpus("tests/corpus/bad_krs.tsv", 0);
    printf("  corpus: %d of %d task-style key results draw their code (recall %.3f)\n", t.right, t.rows,
           t.rows ? (double)t.right / t.rows : 0.0);
    assert_true(t.rows >= 60);
    assert_int_equal(t.malformed, 0);
    assert_int_equal(t.right, t.rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_precision_on_good_key_results),
        cmocka_unit_test(test_recall_on_task_style_key_results),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

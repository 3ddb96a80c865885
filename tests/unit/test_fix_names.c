/* test_fix_names.c: the suggestions and fixes of the name and direction
 * diagnostics (OKR101, OKR105, OKR107, OKR203, OKR702, OKR703).
 *
 * Each test checks a small program, finds the diagnostic and asserts its
 * fixes: the label, whether it is machine-applicable, and what the file
 * reads once the fix's edits are applied (which pins the spans and the
 * replacements at once), plus the help line that carries the suggestion. */
#include "unit.h"

#include <unistd.h>

#include "../../checker/program.h"

#define HEAD "team growth \"Growth\"\ncycle 2026-Q3\n"

typedef struct checked {
    okr_program prog;
} checked;

static checked *check_files(const char *policy, const char *a, const char *b)
{
    checked *c = calloc(1, sizeof *c);
    okr_program_init(&c->prog);
    char path[] = "/tmp/okr_fix_policyXXXXXX";
    if (policy) {
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, policy, strlen(policy)), (ssize_t)strlen(policy));
        close(fd);
        assert_int_equal(okr_program_load_policy(&c->prog, path), 0);
        unlink(path);
    }
    okr_program_add_text(&c->prog, "a.okr", a, strlen(a));
    if (b)
        okr_program_add_text(&c->prog, "b.okr", b, strlen(b));
    okr_program_check(&c->prog);
    return c;
}

static checked *check(const char *text)
{
    return check_files(NULL, text, NULL);
}

static void done(checked *c)
{
    okr_program_free(&c->prog);
    free(c);
}

/* The first diagnostic of the code whose message contains `part`. */
static okr_diag *find(checked *c, okr_code code, const char *part)
{
    for (size_t i = 0; i < c->prog.diags.list.len; i++) {
        okr_diag *d = c->prog.diags.list.items[i];
        if (d->code == code && strstr(d->message, part))
            return d;
    }
    fail_msg("no %s with '%s'", okr_code_info_get(code)->code, part);
    return NULL;
}

static int has_help(const okr_diag *d, const char *text)
{
    for (int i = 0; i < d->help_count; i++)
        if (strcmp(d->help[i], text) == 0)
            return 1;
    return 0;
}

/* The file's text with the fix applied (edits are sorted and disjoint). */
static char *applied(checked *c, const okr_fix *f)
{
    assert_true(f->edit_count > 0);
    const okr_source_file *file = okr_source_get(&c->prog.sources, f->edits[0].span.file);
    size_t cap = file->len + 1;
    for (int i = 0; i < f->edit_count; i++)
        cap += strlen(f->edits[i].replacement);
    char *out = malloc(cap), *at = out;
    uint32_t from = 0;
    for (int i = 0; i < f->edit_count; i++) {
        const okr_edit *e = &f->edits[i];
        assert_int_equal(e->span.file, f->edits[0].span.file);
        memcpy(at, file->text + from, e->span.start - from);
        at += e->span.start - from;
        strcpy(at, e->replacement);
        at += strlen(e->replacement);
        from = e->span.end;
    }
    memcpy(at, file->text + from, file->len - from);
    at[file->len - from] = '\0';
    return out;
}

static void assert_fix(checked *c, const okr_diag *d, int index, const char *label, int machine, const char *result)
{
    assert_true(d->fix_count > index);
    const okr_fix *f = &d->fixes[index];
    assert_string_equal(f->label, label);
    assert_int_equal(f->machine_applicable, machine);
    char *text = applied(c, f);
    assert_string_equal(text, result);
    free(text);
}

#define WIN "metric win_rate \"Share of deals won\" : percent increasing\n"
#define OBJ(krs) "committed objective sales \"Deals close\" {\n" krs "}\n"

static void metric_did_you_mean(void **state)
{
    (void)state;
    checked *c = check(HEAD WIN OBJ("  kr a : win_rat at least 30%\n"));
    okr_diag *d = find(c, OKR101, "'win_rat'");
    assert_true(has_help(d, "did you mean 'win_rate'?"));
    assert_int_equal(d->fix_count, 2);
    assert_fix(c, d, 0, "replace 'win_rat' with 'win_rate'", 1, HEAD WIN OBJ("  kr a : win_rate at least 30%\n"));
    assert_fix(c, d, 1, "declare 'win_rat' in this file", 0,
               HEAD WIN "metric win_rat \"Description\" : percent increasing\n" OBJ("  kr a : win_rat at least 30%\n"));
    done(c);
}

static void metric_tie_and_nothing_close(void **state)
{
    (void)state;
    checked *c = check_files(NULL,
                             HEAD "metric rate_a \"A\" : count increasing\nmetric rate_b \"B\" : count increasing\n"
                                  OBJ("  kr a : rate_c at least 3\n  kr b : zzz at least 3\n"),
                             NULL);
    okr_diag *d = find(c, OKR101, "'rate_c'");
    assert_true(has_help(d, "did you mean 'rate_a' or 'rate_b'?"));
    assert_int_equal(d->fix_count, 2);
    assert_false(d->fixes[0].machine_applicable);
    assert_false(d->fixes[1].machine_applicable);
    assert_string_equal(d->fixes[1].label, "replace 'rate_c' with 'rate_b'");
    d = find(c, OKR101, "'zzz'");
    assert_int_equal(d->fix_count, 1); /* only the declaration */
    assert_string_equal(d->fixes[0].label, "declare 'zzz' in this file");
    assert_true(has_help(d, "declare it: `metric zzz \"Description\" : count increasing`, or `use` the module "
                            "that provides it"));
    done(c);
    /* Three as close: no suggestion at all. */
    c = check(HEAD "metric rate_a \"A\" : count increasing\nmetric rate_b \"B\" : count increasing\n"
                   "metric rate_d \"D\" : count increasing\n" OBJ("  kr a : rate_c at least 3\n"));
    d = find(c, OKR101, "'rate_c'");
    assert_int_equal(d->fix_count, 1);
    assert_int_equal(d->help_count, 1);
    done(c);
}

static void metric_from_unused_module(void **state)
{
    (void)state;
    /* No `use` yet: the line goes before the first declaration after the
     * file's team and cycle. */
    checked *c = check(HEAD WIN OBJ("  kr a : availability at least 99.9%\n"));
    okr_diag *d = find(c, OKR101, "'availability'");
    assert_true(has_help(d, "`use std.reliability` declares 'availability'"));
    assert_fix(c, d, 0, "add `use std.reliability`", 1,
               HEAD "use std.reliability\n\n" WIN OBJ("  kr a : availability at least 99.9%\n"));
    done(c);
    /* After the last `use`, and parsing the module aside leaves it unused. */
    c = check(HEAD "use std.product\nuse std.growth\n" WIN OBJ("  kr a : latency_p99 at most 300ms\r\n"));
    d = find(c, OKR101, "'latency_p99'");
    assert_fix(c, d, 0, "add `use std.reliability`", 1,
               HEAD "use std.product\nuse std.growth\nuse std.reliability\n" WIN
                    OBJ("  kr a : latency_p99 at most 300ms\r\n"));
    for (size_t i = 0; i < c->prog.modules.len; i++) {
        const okr_module *m = c->prog.modules.items[i];
        assert_int_equal(m->parsed, strcmp(m->name, "std.reliability") != 0 && strcmp(m->name, "std.ai") != 0);
    }
    done(c);
}

/* The declaration's type and direction come from the values and the bound. */
static void declaration_inferred(void **state)
{
    (void)state;
    static const struct {
        const char *target, *decl;
    } rows[] = {
        {"at least 30%", "percent increasing"},
        {"at most 2s", "duration decreasing"},
        {"from 62d to 30d", "duration decreasing"},
        {"from 45min to 2h", "duration increasing"},
        {"from 1000USD to 2000", "money(USD) increasing"},
        {"from 40 to 30", "count decreasing"},
        {"at least 2.5", "number increasing"},
        {"by +5pp", "percent increasing"},
        {"by -20%", "number decreasing"},
        {"by -3", "count decreasing"},
        {"from ? to 12", "count increasing"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char src[512], want[256];
        snprintf(src, sizeof src, HEAD "learning objective l \"Learn\" {\n  hypothesis h : newm %s\n}\n",
                 rows[i].target);
        snprintf(want, sizeof want,
                 "declare it: `metric newm \"Description\" : %s`, or `use` the module that provides it",
                 rows[i].decl);
        checked *c = check(src);
        okr_diag *d = find(c, OKR101, "'newm'");
        if (!has_help(d, want))
            fail_msg("%s: %s", rows[i].target, d->help[d->help_count - 1]);
        done(c);
    }
}

static void qualified_and_module_names(void **state)
{
    (void)state;
    checked *c = check(HEAD "use std.prodcut\n" WIN
                            OBJ("  kr a : std.prodcut.nps at least 3\n  kr b : growht.win_rate at least 3%\n"
                                "  kr c : std.product.npss at least 3\n"));
    okr_diag *d = find(c, OKR107, "std.prodcut");
    assert_true(has_help(d, "did you mean 'std.product'?"));
    assert_fix(c, d, 0, "replace 'std.prodcut' with 'std.product'", 1,
               HEAD "use std.product\n" WIN
                    OBJ("  kr a : std.prodcut.nps at least 3\n  kr b : growht.win_rate at least 3%\n"
                        "  kr c : std.product.npss at least 3\n"));
    d = find(c, OKR101, "'std.prodcut.nps'");
    assert_true(has_help(d, "did you mean 'std.product'?"));
    assert_int_equal(d->fix_count, 1);
    assert_true(d->fixes[0].machine_applicable);
    d = find(c, OKR101, "'growht.win_rate'");
    assert_true(has_help(d, "did you mean 'growth'?"));
    d = find(c, OKR101, "'std.product.npss'");
    assert_true(has_help(d, "did you mean 'nps'?"));
    assert_string_equal(d->fixes[0].edits[0].replacement, "nps");
    done(c);
}

/* Out of scope: another team's metric, or a standard module's metric
 * spelt close, offered by its qualified name. */
static void qualified_out_of_scope(void **state)
{
    (void)state;
    const char *company = "team company \"Company\"\ncycle 2026-Q3\n"
                          "metric seats \"Seats\" : count increasing\n";
    checked *c = check_files(NULL, HEAD OBJ("  kr a : seats at least 3\n  kr b : availabilty at least 99%\n"),
                             company);
    okr_diag *d = find(c, OKR101, "'seats'");
    assert_true(has_help(d, "did you mean 'company.seats'?"));
    assert_fix(c, d, 0, "replace 'seats' with 'company.seats'", 1,
               HEAD OBJ("  kr a : company.seats at least 3\n  kr b : availabilty at least 99%\n"));
    d = find(c, OKR101, "'availabilty'");
    assert_true(has_help(d, "did you mean 'std.reliability.availability'?"));
    assert_true(d->fixes[0].machine_applicable);
    done(c);
}

static void alignment_names(void **state)
{
    (void)state;
    const char *company = "team company \"Company\"\ncycle 2026-Q3\nuse std.product\n"
                          "committed objective self_serve \"Teams serve themselves\" {\n"
                          "  kr activation : d7_activation at least 30%\n  kr nps : nps at least 30\n}\n";
    checked *c = check_files(NULL,
                             HEAD "use std.product\ncommitted objective a \"Customers stay\" {\n"
                                  "  aligns compnay.self_serve\n  aligns company.self_srve\n"
                                  "  aligns company.self_serve.activaton\n"
                                  "  kr x : d7_activation at least 30%\n  kr y : nps at least 30\n}\n",
                             company);
    okr_diag *d = find(c, OKR105, "no team 'compnay'");
    assert_true(has_help(d, "did you mean 'company'?"));
    assert_string_equal(d->fixes[0].edits[0].replacement, "company");
    d = find(c, OKR105, "no objective 'self_srve'");
    assert_true(has_help(d, "did you mean 'self_serve'?"));
    assert_true(d->fixes[0].machine_applicable);
    d = find(c, OKR105, "no key result 'activaton'");
    assert_true(has_help(d, "did you mean 'activation'?"));
    done(c);
}

#define DOWN "metric churn \"Monthly churn\" : percent decreasing\n"

static void wrong_direction_fixes(void **state)
{
    (void)state;
    checked *c = check(HEAD DOWN OBJ("  kr a : churn from 2% to 3%\n  kr b : churn by +1pp\n"
                                     "  kr c : churn at  least 1%\n"));
    okr_diag *d = find(c, OKR203, "'a'");
    assert_int_equal(d->fix_count, 2);
    assert_fix(c, d, 0, "swap baseline and target", 0,
               HEAD DOWN OBJ("  kr a : churn from 3% to 2%\n  kr b : churn by +1pp\n  kr c : churn at  least 1%\n"));
    assert_fix(c, d, 1, "declare 'churn' increasing", 0,
               HEAD "metric churn \"Monthly churn\" : percent increasing\n"
                    OBJ("  kr a : churn from 2% to 3%\n  kr b : churn by +1pp\n  kr c : churn at  least 1%\n"));
    d = find(c, OKR203, "'b'");
    assert_fix(c, d, 0, "flip the sign to `-`", 0,
               HEAD DOWN OBJ("  kr a : churn from 2% to 3%\n  kr b : churn by -1pp\n  kr c : churn at  least 1%\n"));
    d = find(c, OKR203, "'c'");
    assert_true(has_help(d, "a threshold guards against 'churn' getting worse: write `at most`, or declare "
                            "'churn' as increasing"));
    assert_fix(c, d, 0, "write `at most`", 0,
               HEAD DOWN OBJ("  kr a : churn from 2% to 3%\n  kr b : churn by +1pp\n  kr c : churn at  most 1%\n"));
    assert_int_equal(d->fix_count, 2);
    done(c);
    /* Signed values and units travel with the swap. */
    c = check(HEAD "metric nps \"NPS\" : score(-100..100) increasing\n" OBJ("  kr a : nps from -5 to -10\n"));
    d = find(c, OKR203, "'a'");
    assert_fix(c, d, 0, "swap baseline and target", 0,
               HEAD "metric nps \"NPS\" : score(-100..100) increasing\n" OBJ("  kr a : nps from -10 to -5\n"));
    done(c);
    /* A standard-library metric's direction is not offered for change. */
    c = check(HEAD "use std.product\n" OBJ("  kr a : churn_rate from 2% to 3%\n"));
    d = find(c, OKR203, "'a'");
    assert_int_equal(d->fix_count, 1);
    assert_string_equal(d->fixes[0].label, "swap baseline and target");
    done(c);
}

static void suppression_and_policy_codes(void **state)
{
    (void)state;
    const char *src = HEAD "use std.product\n"
                      OBJ("  kr a : churn_rate at most 2% // okrc:allow OKR3O1, OKR399 -- x\n"
                          "  kr b : nps at least 30\n");
    checked *c = check_files("policy {\n  severity OKR3O5 off\n  limit objectives_per_tem 3\n}\n", src, NULL);
    okr_diag *d = find(c, OKR702, "'OKR3O1'");
    assert_true(has_help(d, "did you mean 'OKR301'?"));
    assert_fix(c, d, 0, "replace 'OKR3O1' with 'OKR301'", 1,
               HEAD "use std.product\n" OBJ("  kr a : churn_rate at most 2% // okrc:allow OKR301, OKR399 -- x\n"
                                            "  kr b : nps at least 30\n"));
    d = find(c, OKR702, "'OKR399'");
    assert_int_equal(d->fix_count, 0); /* OKR309, OKR390...: nothing uniquely close */
    d = find(c, OKR703, "'OKR3O5'");
    assert_true(has_help(d, "did you mean 'OKR305'?"));
    assert_fix(c, d, 0, "replace 'OKR3O5' with 'OKR305'", 1,
               "policy {\n  severity OKR305 off\n  limit objectives_per_tem 3\n}\n");
    d = find(c, OKR703, "'objectives_per_tem'");
    assert_fix(c, d, 0, "replace 'objectives_per_tem' with 'objectives_per_team'", 1,
               "policy {\n  severity OKR3O5 off\n  limit objectives_per_team 3\n}\n");
    done(c);
}

/* Thousands of misspelt names against thousands of metrics stay fast and
 * give the same result twice. */
static void hostile_input_bounded(void **state)
{
    (void)state;
    size_t cap = 1 << 20, len = 0;
    char *src = malloc(cap);
    len += (size_t)snprintf(src + len, cap - len, HEAD);
    for (int i = 0; i < 3000; i++)
        len += (size_t)snprintf(src + len, cap - len, "metric metric_%04d \"M\" : count increasing\n", i);
    len += (size_t)snprintf(src + len, cap - len, "learning objective l \"Learn\" {\n");
    for (int i = 0; i < 3000; i++)
        len += (size_t)snprintf(src + len, cap - len, "  hypothesis : metrix_%04d at least 3\n", i);
    snprintf(src + len, cap - len, "}\n");
    checked *a = check(src), *b = check(src);
    assert_int_equal(a->prog.diags.list.len, b->prog.diags.list.len);
    for (size_t i = 0; i < a->prog.diags.list.len; i++) {
        const okr_diag *x = a->prog.diags.list.items[i], *y = b->prog.diags.list.items[i];
        assert_int_equal(x->fix_count, y->fix_count);
        assert_int_equal(x->help_count, y->help_count);
    }
    done(a);
    done(b);
    free(src);
}

/* Thousands of teams, each `use`d, and thousands of undefined names: the
 * out-of-scope search is charged to the budget, the used set built once. */
static void hostile_teams_bounded(void **state)
{
    (void)state;
    okr_program prog;
    okr_program_init(&prog);
    char path[32], text[128];
    for (int i = 0; i < 2000; i++) {
        snprintf(path, sizeof path, "t%d.okr", i);
        int n = snprintf(text, sizeof text, "team team_%04d\nmetric m_%04d \"M\" : count increasing\n", i, i);
        okr_program_add_text(&prog, path, text, (size_t)n);
    }
    size_t cap = 1 << 20, len = 0;
    char *src = malloc(cap);
    len += (size_t)snprintf(src + len, cap - len, HEAD);
    for (int i = 0; i < 1000; i++)
        len += (size_t)snprintf(src + len, cap - len, "use team_%04d\n", i);
    len += (size_t)snprintf(src + len, cap - len, "learning objective l \"Learn\" {\n");
    for (int i = 0; i < 3000; i++)
        len += (size_t)snprintf(src + len, cap - len, "  hypothesis : x_%04d at least 3\n", i);
    len += (size_t)snprintf(src + len, cap - len, "}\n");
    okr_program_add_text(&prog, "a.okr", src, len);
    okr_program_check(&prog);
    assert_int_equal(prog.diags.errors, 3000); /* shown: the first 100 of the file */
    okr_program_free(&prog);
    free(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(metric_did_you_mean),
        cmocka_unit_test(metric_tie_and_nothing_close),
        cmocka_unit_test(metric_from_unused_module),
        cmocka_unit_test(declaration_inferred),
        cmocka_unit_test(qualified_and_module_names),
        cmocka_unit_test(qualified_out_of_scope),
        cmocka_unit_test(alignment_names),
        cmocka_unit_test(wrong_direction_fixes),
        cmocka_unit_test(suppression_and_policy_codes),
        cmocka_unit_test(hostile_input_bounded),
        cmocka_unit_test(hostile_teams_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

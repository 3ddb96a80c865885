/* test_fix_syntax.c: the help and fixes of common syntax mistakes (spec.md,
 * "Syntax errors and recovery"): thousands separators, a unit written apart,
 * a keyword as a name, a currency sign, a leading dot, a misspelled keyword
 * and a quarter written `2026Q3`. Each case parses a file, finds the one
 * diagnostic the mistake causes, and checks the fix's label, the text it
 * replaces, the replacement and whether it is machine-applicable, and that
 * the tree holds what the user meant. */
#include "unit.h"

#include "../../parser/parser.h"

typedef struct fixture {
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_file_ast *ast;
    const char *text;
} fixture;

static fixture *parse(const char *text)
{
    fixture *f = calloc(1, sizeof *f);
    okr_arena_init(&f->arena);
    okr_source_init(&f->sources, &f->arena);
    okr_diags_init(&f->diags, &f->arena);
    uint32_t id = okr_source_add(&f->sources, "t.okr", text, strlen(text), 0);
    f->ast = okr_parse_file(&f->arena, &f->diags, &f->sources, id);
    f->text = text;
    return f;
}

static void done(fixture *f)
{
    okr_source_free(&f->sources);
    okr_arena_free(&f->arena);
    free(f);
}

/* The file's only diagnostic: one mistake, one error. */
static okr_diag *only_diag(fixture *f, okr_code code)
{
    assert_int_equal(f->diags.list.len, 1);
    okr_diag *d = f->diags.list.items[0];
    assert_int_equal(d->code, code);
    return d;
}

static void assert_help(const okr_diag *d, const char *help)
{
    assert_true(d->help_count >= 1);
    assert_string_equal(d->help[0], help);
}

/* The fix's one edit replaces REPLACED with REPLACEMENT. */
static void assert_fix(fixture *f, const okr_diag *d, const char *label, const char *replaced,
                       const char *replacement, int machine_applicable)
{
    assert_int_equal(d->fix_count, 1);
    const okr_fix *fix = &d->fixes[0];
    assert_string_equal(fix->label, label);
    assert_int_equal(fix->edit_count, 1);
    okr_span s = fix->edits[0].span;
    char *text = okr_arena_strndup(&f->arena, f->text + s.start, s.end - s.start);
    assert_string_equal(text, replaced);
    assert_string_equal(fix->edits[0].replacement, replacement);
    assert_int_equal(fix->machine_applicable, machine_applicable);
}

#define HEAD "cycle 2026-Q3\nteam g\nmetric m : count increasing\n"
#define OBJ(kr) HEAD "committed objective o \"O\" {\n  " kr "\n}\n"

/* The first key result of the file's objective. */
static okr_kr *first_kr(fixture *f)
{
    for (size_t i = 0; i < f->ast->decls.len; i++) {
        okr_decl *d = f->ast->decls.items[i];
        if (d->kind == OKR_DECL_OBJECTIVE) {
            okr_objective *o = d->node;
            for (size_t j = 0; j < o->items.len; j++) {
                okr_obj_item *item = &o->items.items[j];
                if (item->kind == OKR_OBJ_KR)
                    return item->node;
            }
        }
    }
    fail_msg("no key result");
    return NULL;
}

static void thousands_separators(void **state)
{
    (void)state;
    fixture *f = parse(OBJ("kr a : m from 1,800,000 to 2000000"));
    okr_diag *d = only_diag(f, OKR004);
    assert_string_equal(d->message, "number '1,800,000' has thousands separators");
    assert_help(d, "write `1800000`: numbers have no separators");
    assert_fix(f, d, "remove the separators", "1,800,000", "1800000", 1);
    assert_true(first_kr(f)->target.baseline.value == 1800000.0);
    done(f);

    /* A decimal comma is a guess: offered, not applied. */
    f = parse(OBJ("kr a : m from 1,5 to 3"));
    d = only_diag(f, OKR004);
    assert_fix(f, d, "write the decimal point as '.'", "1,5", "1.5", 0);
    assert_true(first_kr(f)->target.baseline.value == 1.5);
    done(f);
}

static void unit_written_apart(void **state)
{
    (void)state;
    fixture *f = parse(OBJ("kr a : m from 62 days to 30d"));
    okr_diag *d = only_diag(f, OKR004);
    assert_string_equal(d->message, "unit 'days' is separated from its number");
    assert_help(d, "write `62d`: a unit suffix follows the number without a space");
    assert_fix(f, d, "attach the unit to its number", " days", "d", 1);
    okr_kr *kr = first_kr(f);
    assert_string_equal(kr->target.baseline.unit, "d");
    assert_true(kr->target.baseline.value == 62.0);
    done(f);

    f = parse(OBJ("kr a : m at least 5 %"));
    d = only_diag(f, OKR001);
    assert_fix(f, d, "attach the unit to its number", " %", "%", 1);
    done(f);

    f = parse(OBJ("kr a : m at most 2 s"));
    assert_fix(f, only_diag(f, OKR004), "attach the unit to its number", " s", "s", 1);
    done(f);

    /* No unit for months: help, no fix, still one error. */
    f = parse(OBJ("kr a : m at most 2 months"));
    d = only_diag(f, OKR004);
    assert_int_equal(d->fix_count, 0);
    assert_string_equal(d->message, "'months' after a number is not a unit");
    done(f);

    /* A currency code is offered, not applied: three capitals may be
     * no currency. */
    f = parse(OBJ("kr a : m at least 9000 USD"));
    assert_fix(f, only_diag(f, OKR004), "attach the unit to its number", " USD", "USD", 0);
    assert_string_equal(first_kr(f)->target.value.unit, "USD");
    done(f);

    /* A word that is no unit is the next token, as before. */
    f = parse(OBJ("kr a : m from 1 to 2"));
    assert_int_equal(f->diags.list.len, 0);
    done(f);
}

static void keyword_as_name(void **state)
{
    (void)state;
    fixture *f = parse(OBJ("kr cycle : m at most 3"));
    okr_diag *d = only_diag(f, OKR004);
    assert_string_equal(d->message, "'cycle' is a keyword, not a name");
    assert_help(d, "'cycle' is a keyword; name the key result something else, e.g. `cycle_time`");
    assert_int_equal(d->fix_count, 0);
    assert_string_equal(first_kr(f)->name.text, "cycle");
    done(f);

    /* A key result without a name: `weight` and `counter` are what
     * follows it, as before. */
    f = parse(OBJ("kr weight 2"));
    assert_int_equal(f->diags.list.len, 0);
    done(f);
    f = parse(OBJ("kr counter m at most 3"));
    assert_int_equal(f->diags.list.len, 0);
    done(f);

    f = parse(HEAD "metric count : count increasing\n");
    d = only_diag(f, OKR004);
    assert_help(d, "'count' is a keyword; name the metric something else, e.g. `count_metric`");
    done(f);
}

static void currency_sign(void **state)
{
    (void)state;
    fixture *f = parse(OBJ("kr a : m at least $9000"));
    okr_diag *d = only_diag(f, OKR004);
    assert_string_equal(d->message, "currency sign '$' before a number");
    assert_help(d, "write `9000` on a `money(USD)` metric: the metric's type gives the currency");
    assert_fix(f, d, "remove '$'", "$9000", "9000", 1);
    assert_true(first_kr(f)->target.value.value == 9000.0);
    assert_null(first_kr(f)->target.value.unit);
    done(f);

    f = parse(OBJ("kr a : m at least \xE2\x82\xAC" "9000"));
    d = only_diag(f, OKR004);
    assert_fix(f, d, "remove '\xE2\x82\xAC'", "\xE2\x82\xAC" "9000", "9000", 1);
    done(f);

    f = parse(OBJ("kr a : m at least \xC2\xA3" "1,800,000"));
    d = only_diag(f, OKR004);
    assert_help(d, "write `1800000` on a `money(GBP)` metric: the metric's type gives the currency");
    assert_fix(f, d, "remove '\xC2\xA3'", "\xC2\xA3" "1,800,000", "1800000", 1);
    done(f);
}

static void leading_dot(void **state)
{
    (void)state;
    fixture *f = parse(OBJ("kr a : m from .2 to 0.3"));
    okr_diag *d = only_diag(f, OKR004);
    assert_string_equal(d->message, "number '.2' has no digit before the point");
    assert_help(d, "write `0.2`");
    assert_fix(f, d, "insert '0' before the point", "", "0", 1);
    assert_int_equal(d->fixes[0].edits[0].span.start, d->span.start);
    assert_true(first_kr(f)->target.baseline.value == 0.2);
    done(f);

    /* `0..100` stays a range. */
    f = parse(HEAD "metric s : score(0..100) increasing\n");
    assert_int_equal(f->diags.list.len, 0);
    done(f);
}

static void misspelled_keyword(void **state)
{
    (void)state;
    fixture *f = parse(HEAD "objectiv o \"O\" {\n  kr a : m from 1 to 2\n}\n");
    okr_diag *d = f->diags.list.items[0];
    assert_int_equal(d->code, OKR004);
    assert_help(d, "did you mean `objective`?");
    assert_fix(f, d, "replace 'objectiv' with 'objective'", "objectiv", "objective", 1);
    done(f);

    /* The archetype the misspelling meant is kept: no OKR407 to follow. */
    f = parse(HEAD "comitted objective o \"O\" {\n  kr a : m from 1 to 2\n}\n");
    d = only_diag(f, OKR004);
    assert_fix(f, d, "replace 'comitted' with 'committed'", "comitted", "committed", 1);
    okr_decl *obj = f->ast->decls.items[f->ast->decls.len - 1];
    assert_int_equal(((okr_objective *)obj->node)->archetype, OKR_ARCH_COMMITTED);
    done(f);

    /* Read as the keyword where an item starts: the key result is kept. */
    f = parse(OBJ("hypothesys a : m from 1 to 2"));
    d = only_diag(f, OKR004);
    assert_fix(f, d, "replace 'hypothesys' with 'hypothesis'", "hypothesys", "hypothesis", 1);
    assert_true(first_kr(f)->is_hypothesis);
    assert_string_equal(first_kr(f)->name.text, "a");
    done(f);

    /* After an archetype only `objective` fits. */
    f = parse(HEAD "committed objectiv o \"O\" {\n  kr a : m from 1 to 2\n}\n");
    d = only_diag(f, OKR004);
    assert_fix(f, d, "replace 'objectiv' with 'objective'", "objectiv", "objective", 1);
    assert_string_equal(first_kr(f)->name.text, "a");
    done(f);

    /* An identifier after ':' on the next line is the metric, not a
     * misspelled `kr`. */
    f = parse(OBJ("kr a :\n    kt from 1 to 2"));
    assert_int_equal(f->diags.list.len, 0);
    done(f);

    /* `creasing` is as close to `increasing` as to `decreasing`: offered, not applied. */
    f = parse(HEAD "metric n : count creasing\n");
    d = only_diag(f, OKR004);
    assert_int_equal(d->fix_count, 1);
    assert_false(d->fixes[0].machine_applicable);
    done(f);
}

static void quarter_forms(void **state)
{
    (void)state;
    fixture *f = parse("cycle 2026Q3\nteam g\n");
    okr_diag *d = only_diag(f, OKR010);
    assert_string_equal(d->message, "quarter written '2026Q3'");
    assert_help(d, "write `2026-Q3`: the year, '-', then Q1 to Q4");
    assert_fix(f, d, "rewrite as `2026-Q3`", "2026Q3", "2026-Q3", 1);
    okr_cycle_decl *c = ((okr_decl *)f->ast->decls.items[0])->node;
    assert_int_equal(c->year, 2026);
    assert_int_equal(c->quarter, 3);
    done(f);

    f = parse("cycle Q3-2026\nteam g\n");
    d = only_diag(f, OKR010);
    assert_fix(f, d, "rewrite as `2026-Q3`", "Q3-2026", "2026-Q3", 1);
    done(f);

    f = parse("cycle 2026 q2\nteam g\n");
    d = only_diag(f, OKR010);
    assert_fix(f, d, "rewrite as `2026-Q2`", "2026 q2", "2026-Q2", 1);
    c = ((okr_decl *)f->ast->decls.items[0])->node;
    assert_int_equal(c->quarter, 2);
    done(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thousands_separators), cmocka_unit_test(unit_written_apart),
        cmocka_unit_test(keyword_as_name),      cmocka_unit_test(currency_sign),
        cmocka_unit_test(leading_dot),          cmocka_unit_test(misspelled_keyword),
        cmocka_unit_test(quarter_forms),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

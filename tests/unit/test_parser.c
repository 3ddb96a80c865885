/* test_parser.c: the grammar builds the syntax tree it should, accepts the
 * permissive forms the checker explains (title-only key results, counters
 * with targets, metrics without direction), and recovers after errors. */
#include "unit.h"

#include "../../parser/parser.h"

typedef struct fixture {
    okr_arena arena;
    okr_source_table sources;
    okr_diags diags;
    okr_file_ast *ast;
} fixture;

static fixture *parse(const char *text)
{
    fixture *f = calloc(1, sizeof *f);
    okr_arena_init(&f->arena);
    okr_source_init(&f->sources, &f->arena);
    okr_diags_init(&f->diags, &f->arena);
    uint32_t id = okr_source_add(&f->sources, "t.okr", text, strlen(text), 0);
    f->ast = okr_parse_file(&f->arena, &f->diags, &f->sources, id);
    return f;
}

static void done(fixture *f)
{
    okr_source_free(&f->sources);
    okr_arena_free(&f->arena);
    free(f);
}

static okr_decl *decl(fixture *f, size_t i)
{
    assert_true(i < f->ast->decls.len);
    return f->ast->decls.items[i];
}

static void test_header_declarations(void **state)
{
    (void)state;
    fixture *f = parse("use std.product\ncycle 2026-Q3\ncycle \"FY\" from 2026-01-01 to 2026-12-31\n"
                       "team growth \"Growth\" owner \"Dana Lee\"\n");
    assert_int_equal(f->diags.list.len, 0);
    assert_int_equal(f->ast->decls.len, 4);
    okr_use_decl *u = decl(f, 0)->node;
    assert_int_equal(u->module->count, 2);
    assert_string_equal(u->module->text, "std.product");
    okr_cycle_decl *q = decl(f, 1)->node;
    assert_true(q->is_quarter);
    assert_int_equal(q->year, 2026);
    assert_int_equal(q->quarter, 3);
    okr_cycle_decl *named = decl(f, 2)->node;
    assert_string_equal(named->name.text, "FY");
    assert_int_equal(named->end.month, 12);
    okr_team_decl *t = decl(f, 3)->node;
    assert_string_equal(t->name.text, "growth");
    assert_string_equal(t->owner.text, "Dana Lee");
    done(f);
}

static void test_metric_types(void **state)
{
    (void)state;
    fixture *f = parse("metric a \"A\" : percent increasing\n"
                       "metric b : score(-100..100) increasing\n"
                       "metric c \"C\" : money(USD) decreasing operational\n"
                       "metric d \"D\" : duration\n");
    assert_int_equal(f->diags.list.len, 0);
    okr_metric_decl *a = decl(f, 0)->node, *b = decl(f, 1)->node, *c = decl(f, 2)->node, *d = decl(f, 3)->node;
    assert_int_equal(a->type, OKR_TYPE_PERCENT);
    assert_int_equal(a->direction, OKR_DIR_INCREASING);
    assert_null(b->description.text);
    assert_true(b->more->score_min.value == -100 && b->more->score_max.value == 100);
    assert_string_equal(c->more->currency.text, "USD");
    assert_true(c->operational);
    assert_int_equal(c->direction, OKR_DIR_DECREASING);
    assert_int_equal(d->direction, OKR_DIR_NONE); /* the checker reports it */
    done(f);
}

static void test_objective_items(void **state)
{
    (void)state;
    fixture *f = parse("committed objective o \"Keep it up\" {\n"
                       "  owner \"Ana\"\n  aligns company.x.kr1\n  expect 1.0\n"
                       "  kr \"Launch in-app messaging by September 15\"\n"
                       "  kr a \"Title\" : m from ? to 35% weight 2\n"
                       "  hypothesis h : m by -4pp\n"
                       "  counter n no worse than baseline\n"
                       "  counter p at most 3\n}\n");
    assert_int_equal(f->diags.list.len, 0);
    okr_objective *o = decl(f, 0)->node;
    assert_int_equal(o->archetype, OKR_ARCH_COMMITTED);
    assert_string_equal(o->owner->text, "Ana");
    assert_int_equal(o->aligns.len, 1);
    assert_int_equal(((okr_align *)o->aligns.items[0])->target->count, 3);
    assert_ptr_equal(((okr_align *)o->aligns.items[0])->weight, &okr_quantity_none); /* no weight: shared */
    assert_true(o->has_expect && o->expect->value == 1.0);
    assert_int_equal(o->krs.len, 3);
    assert_int_equal(o->items.len, 8);
    okr_kr *title_only = o->krs.items[0], *a = o->krs.items[1], *h = o->krs.items[2];
    assert_null(title_only->name.text);
    assert_null(title_only->metric);
    assert_string_equal(title_only->title.text, "Launch in-app messaging by September 15");
    assert_true(a->target.baseline_unknown);
    assert_int_equal(a->target.kind, OKR_TARGET_FROM_TO);
    assert_true(a->has_weight && a->more->weight.value == 2);
    assert_ptr_equal(title_only->more, &okr_kr_none); /* neither owner nor weight: shared */
    assert_true(h->is_hypothesis);
    okr_span kw = okr_kr_keyword_span(h);
    assert_int_equal(kw.end - kw.start, strlen("hypothesis"));
    assert_int_equal(kw.start, h->span.start);
    assert_int_equal(h->target.kind, OKR_TARGET_BY);
    assert_true(h->target.value.value == -4 && h->target.value.sign == -1);
    assert_string_equal(h->target.value.unit, "pp");
    okr_counter *n = o->counters.items[0], *p = o->counters.items[1];
    assert_int_equal(n->target.kind, OKR_TARGET_NO_WORSE);
    assert_int_equal(p->target.kind, OKR_TARGET_AT_MOST);
    done(f);
}

/* A one-part path is its own part; an appended one has its own parts and
 * joined text (the storage the two share, ast.h). */
static void test_paths_one_part_and_dotted(void **state)
{
    (void)state;
    fixture *f = parse("objective o \"O\" {\n  aligns a.b.c\n  kr k : m from 1 to 2\n}\n");
    assert_int_equal(f->diags.list.len, 0);
    okr_objective *o = decl(f, 0)->node;
    okr_path *one = ((okr_kr *)o->krs.items[0])->metric;
    assert_int_equal(one->count, 1);
    assert_string_equal(one->text, "m");
    assert_ptr_equal(one->parts[0].text, one->text);
    assert_int_equal(one->parts[0].span.start, one->span.start);
    assert_int_equal(one->parts[0].span.end, one->span.end);
    okr_path *dotted = ((okr_align *)o->aligns.items[0])->target;
    assert_int_equal(dotted->count, 3);
    assert_string_equal(dotted->text, "a.b.c");
    assert_string_equal(dotted->parts[0].text, "a");
    assert_string_equal(dotted->parts[2].text, "c");
    assert_int_equal(dotted->span.end - dotted->span.start, 5);
    done(f);
}

/* An objective's vectors hold its own items in source order, also when its
 * '}' is missing and the next objective starts inside it. */
static void test_objective_vectors_are_its_own(void **state)
{
    (void)state;
    fixture *f = parse("objective a \"A\" {\n  kr x : m from 1 to 2\n  counter c at most 1\n"
                       "  kr y : m from 1 to 3\n  aligns z\n"
                       "objective b \"B\" {\n  kr w : m from 1 to 4\n}\n");
    assert_int_equal(f->ast->decls.len, 2);
    okr_objective *a = decl(f, 0)->node, *b = decl(f, 1)->node;
    assert_string_equal(a->name.text, "a");
    assert_int_equal(a->items.len, 4);
    assert_int_equal(a->krs.len, 2);
    assert_int_equal(a->counters.len, 1);
    assert_int_equal(a->aligns.len, 1);
    assert_string_equal(((okr_kr *)a->krs.items[0])->name.text, "x");
    assert_string_equal(((okr_kr *)a->krs.items[1])->name.text, "y");
    assert_int_equal(a->items.items[1].kind, OKR_OBJ_COUNTER);
    assert_ptr_equal(a->items.items[2].node, a->krs.items[1]);
    assert_int_equal(b->items.len, 1);
    assert_int_equal(b->krs.len, 1);
    assert_int_equal(b->counters.len, 0);
    assert_string_equal(((okr_kr *)b->krs.items[0])->name.text, "w");
    done(f);
}

/* A quantity's unit span ends where the number does: after a sign, in a
 * number with ',' separators, and for a unit written after a space. */
static void test_quantity_unit_spans(void **state)
{
    (void)state;
    const char *text = "objective o \"O\" {\n  kr a : m from -5% to 1,200min\n  kr b : m at most 7 min\n}\n";
    fixture *f = parse(text);
    okr_objective *o = decl(f, 0)->node;
    okr_kr *a = o->krs.items[0], *b = o->krs.items[1];
    uint32_t pct = (uint32_t)(strstr(text, "%") - text), mins = (uint32_t)(strstr(text, "min\n") - text);
    uint32_t spaced = (uint32_t)(strstr(text, " min") - text) + 1;
    okr_span s = okr_quantity_unit_span(&a->target.baseline);
    assert_int_equal(a->target.baseline.sign, -1);
    assert_int_equal(s.start, pct);
    assert_int_equal(s.end, pct + 1);
    s = okr_quantity_unit_span(&a->target.value);
    assert_string_equal(a->target.value.unit, "min");
    assert_true(a->target.value.value == 1200);
    assert_int_equal(s.start, mins);
    assert_int_equal(s.end, mins + 3);
    s = okr_quantity_unit_span(&b->target.value);
    assert_string_equal(b->target.value.unit, "min");
    assert_int_equal(s.start, spaced);
    assert_int_equal(s.end, spaced + 3);
    done(f);
}

/* The checker's parse keeps only the suppression comments; the full parse
 * keeps every comment. */
static void test_checked_parse_keeps_suppressions(void **state)
{
    (void)state;
    const char *text = "// plain\nteam t // okrc:allow OKR301 -- reason\n// also plain\n";
    fixture *f = parse(text);
    assert_int_equal(f->ast->comments.len, 3);
    uint32_t id = okr_source_add(&f->sources, "u.okr", text, strlen(text), 0);
    okr_file_ast *checked = okr_parse_file_checked(&f->arena, &f->diags, &f->sources, id);
    assert_int_equal(checked->comments.len, 1);
    okr_comment *c = checked->comments.items[0];
    assert_string_equal(c->text, " okrc:allow OKR301 -- reason");
    assert_false(c->own_line);
    assert_int_equal(checked->decls.len, 1);
    done(f);
}

static void test_policy_block(void **state)
{
    (void)state;
    fixture *f = parse("policy {\n  limit krs_per_objective 2..5\n  severity OKR305 off\n"
                       "  vocabulary activity_verb \"dogfood\" \"spin up\"\n}\n");
    assert_int_equal(f->diags.list.len, 0);
    okr_policy_decl *p = decl(f, 0)->node;
    assert_int_equal(p->items.len, 3);
    okr_policy_item *limit = p->items.items[0], *sev = p->items.items[1], *voc = p->items.items[2];
    assert_true(limit->has_range && limit->min.value == 2 && limit->max.value == 5);
    assert_string_equal(sev->key.text, "OKR305");
    assert_string_equal(sev->level.text, "off");
    assert_int_equal(voc->words.len, 2);
    done(f);
}

/* Three independent mistakes: each is reported, and the declarations
 * around them survive. */
static void test_recovery_reports_every_error(void **state)
{
    (void)state;
    fixture *f = parse("team t\n"
                       "committed objective a \"A\" {\n  kr x : m 22% to 35%\n  kr y : m at least 3\n}\n"
                       "metric broken : percent increasing up\n"
                       "metric fine \"F\" : count increasing\n"
                       "committed objective b \"B\" {\n  kr z : m from 1 2\n}\n");
    assert_int_equal(okr_diags_count_code(&f->diags, OKR004), 3);
    size_t objectives = 0, metrics = 0;
    for (size_t i = 0; i < f->ast->decls.len; i++) {
        okr_decl *d = decl(f, i);
        objectives += d->kind == OKR_DECL_OBJECTIVE;
        metrics += d->kind == OKR_DECL_METRIC;
    }
    assert_int_equal(objectives, 2);
    assert_int_equal(metrics, 2); /* `broken` is kept: its type was read before `up` */
    okr_objective *a = NULL;
    for (size_t i = 0; i < f->ast->decls.len && !a; i++)
        if (decl(f, i)->kind == OKR_DECL_OBJECTIVE)
            a = decl(f, i)->node;
    assert_int_equal(a->krs.len, 1); /* y survived; x was skipped */
    done(f);
}

/* Constructs an error touched are marked damaged, so that the checker
 * stays quiet about what the error may have cut off. */
static void test_damage_is_marked(void **state)
{
    (void)state;
    fixture *f = parse("team t\n"
                       "committed objective a \"A\" {\n  kr x \"Raise : m from 1 to 2\n  kr y : m at least 3\n}\n"
                       "committed objective b \"B\" {\n  kr z : m from 1 to 2\n  kr w : m at most 4 %\n}\n"
                       "committed objective c \"C\" {\n  kr v : m from 1 to 2\n}\n");
    okr_objective *obj[3];
    size_t n = 0;
    for (size_t i = 0; i < f->ast->decls.len; i++)
        if (decl(f, i)->kind == OKR_DECL_OBJECTIVE && n < 3)
            obj[n++] = decl(f, i)->node;
    assert_int_equal(n, 3);
    assert_true(obj[0]->damaged);
    assert_true(((okr_kr *)obj[0]->krs.items[0])->damaged);  /* title left open */
    assert_false(((okr_kr *)obj[0]->krs.items[1])->damaged);
    assert_true(obj[1]->damaged);
    assert_false(((okr_kr *)obj[1]->krs.items[0])->damaged);
    assert_true(((okr_kr *)obj[1]->krs.items[1])->damaged);  /* `%` after its value */
    assert_false(obj[2]->damaged);
    done(f);
}

static void test_unclosed_block_points_at_its_brace(void **state)
{
    (void)state;
    fixture *f = parse("team t\ncommitted objective a \"A\" {\n  kr y : m at least 3\n");
    assert_int_equal(f->diags.list.len, 1);
    okr_diag *d = f->diags.list.items[0];
    assert_int_equal(d->code, OKR004);
    assert_int_equal(d->note_count, 1);
    assert_string_equal(d->notes[0].message, "objective 'a' opened here");
    assert_int_equal(d->notes[0].span.start, 33);
    done(f);
}

/* An empty file parses to no declarations and no finding: whether that is
 * OKR008 depends on what the file is (a program file, or a policy, which
 * may be empty), so the program says it (test_rules). */
static void test_empty_and_comment_only_files(void **state)
{
    (void)state;
    fixture *f = parse("");
    assert_int_equal(f->ast->decls.len, 0);
    assert_int_equal(f->diags.list.len, 0);
    done(f);
    f = parse("// only a comment\n");
    assert_int_equal(f->ast->decls.len, 0);
    assert_int_equal(f->diags.list.len, 0);
    done(f);
}

static void test_invalid_text_is_not_parsed(void **state)
{
    (void)state;
    fixture *f = parse("team t \"\xc3\x28\"\n");
    assert_int_equal(okr_diags_count_code(&f->diags, OKR003), 1);
    assert_true(f->ast->parse_failed);
    assert_int_equal(f->ast->decls.len, 0);
    done(f);
}

/* A string without escapes is interned (a large program
 * repeats its owners and many titles); one with escapes is unescaped into
 * text of its own. */
static void test_equal_strings_are_one_text(void **state)
{
    (void)state;
    fixture *f = parse("team a \"Growth\" owner \"Dana Lee\"\n"
                       "team b \"Growth\" owner \"Dana\\tLee\"\n"
                       "team c \"Grow\" owner \"Dana Lee\"\n");
    assert_int_equal(f->diags.list.len, 0);
    okr_team_decl *a = decl(f, 0)->node, *b = decl(f, 1)->node, *c = decl(f, 2)->node;
    assert_ptr_equal(a->title.text, b->title.text);
    assert_ptr_equal(a->owner.text, c->owner.text);
    assert_string_equal(b->owner.text, "Dana\tLee");
    assert_string_equal(c->title.text, "Grow");
    assert_int_equal(c->title.span.end - c->title.span.start, 6); /* with its quotes */
    done(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_declarations),
        cmocka_unit_test(test_metric_types),
        cmocka_unit_test(test_objective_items),
        cmocka_unit_test(test_paths_one_part_and_dotted),
        cmocka_unit_test(test_objective_vectors_are_its_own),
        cmocka_unit_test(test_checked_parse_keeps_suppressions),
        cmocka_unit_test(test_quantity_unit_spans),
        cmocka_unit_test(test_policy_block),
        cmocka_unit_test(test_recovery_reports_every_error),
        cmocka_unit_test(test_damage_is_marked),
        cmocka_unit_test(test_unclosed_block_points_at_its_brace),
        cmocka_unit_test(test_empty_and_comment_only_files),
        cmocka_unit_test(test_invalid_text_is_not_parsed),
        cmocka_unit_test(test_equal_strings_are_one_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

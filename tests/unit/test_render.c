/* test_render.c: unit tests of the renderers (common/render*.c).
 *
 * Each test builds its diagnostics by hand (a source table and records made
 * with the diag.h API, no parser involved), renders them into memory with
 * open_memstream and compares the exact text, or parses JSON and SARIF back
 * with jansson and checks the fields. The exact expectations are written
 * out in full on purpose: they are the documentation of the text format.
 *
 * With OKR_SARIF_OUT=path in the environment, the SARIF test also writes a
 * sample log there, which tests/sarif/validate.sh checks with Microsoft's
 * SARIF validator. */
#define _XOPEN_SOURCE 700 /* posix_openpt, for a terminal in the colour tests */

#include "unit.h"

#include <fcntl.h>
#include <unistd.h>

#include <jansson.h>

#include "render.h"
#include "render_fixture.h"

static okr_span fx_span(fixture *f, uint32_t file, const char *needle)
{
    return fx_span_nth(f, file, needle, 0);
}

static char *fx_render(fixture *f, okr_format format, int color, size_t files)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    okr_render_options opts = {format, color, files, "0.1.0"};
    assert_int_equal(okr_render(out, &f->diags, &f->sources, &opts), 0);
    assert_int_equal(fclose(out), 0);
    return buf;
}

static char *fx_text(fixture *f, size_t files)
{
    okr_diags_finish(&f->diags);
    return fx_render(f, OKR_FORMAT_TEXT, 0, files);
}

/* Renders as JSON or SARIF and parses the output back; with `save_to`, the
 * exact output is also written to that file. */
static json_t *fx_json(fixture *f, okr_format format, const char *save_to)
{
    okr_diags_finish(&f->diags);
    char *text = fx_render(f, format, 0, 1);
    size_t len = strlen(text);
    if (save_to && *save_to) {
        FILE *out = fopen(save_to, "w");
        if (!out)
            fail_msg("cannot write %s", save_to);
        assert_int_equal(fwrite(text, 1, len, out), len);
        assert_int_equal(fclose(out), 0);
    }
    assert_true(len > 0 && text[len - 1] == '\n');
    json_error_t err;
    json_t *root = json_loads(text, 0, &err);
    if (!root)
        fail_msg("output is not JSON: %s (line %d)\n%s", err.text, err.line, text);
    free(text);
    return root;
}

/* ---- text ---- */

static void test_text_simple_error(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "okrs/growth.okr",
        "team growth\n\n\n\n\n\n\n\n\n\n\n"
        "  kr launch \"Launch in-app messaging by September 15\"\n");
    okr_diag *d = okr_diag_report(&f->diags, OKR301,
                                  fx_span(f, file, "kr launch \"Launch in-app messaging by September 15\""),
                                  "key result 'launch' is a task: \"%s\"", "Launch in-app messaging");
    okr_diag_help(&f->diags, d, "move the task to the roadmap");
    okr_diag_help(&f->diags, d, "measure its outcome instead");
    char *out = fx_text(f, 1);
    assert_string_equal(out,
        "okrs/growth.okr:12:3: error: key result 'launch' is a task: \"Launch in-app messaging\" [OKR301]\n"
        "   |\n"
        "12 |   kr launch \"Launch in-app messaging by September 15\"\n"
        "   |   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "   = help: move the task to the roadmap\n"
        "   = help: measure its outcome instead\n"
        "\n"
        "okrc: 1 error, 0 warnings in 1 file\n");
    free(out);
    fx_free(f);
}

static void test_text_tabs(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "t.okr", "\tkr\tx \"a\"\n");
    okr_diag_report(&f->diags, OKR101, fx_span(f, file, "x"), "undefined metric 'x'");
    /* A span containing a tab: the carets cover the tab's expansion. */
    okr_diag_report(&f->diags, OKR305, fx_span(f, file, "r\tx"), "spans a tab");
    char *out = fx_text(f, 1);
    assert_string_equal(out,
        "t.okr:1:3: warning: spans a tab [OKR305]\n"
        "  |\n"
        "1 |         kr      x \"a\"\n"
        "  |          ^^^^^^^^\n"
        "\n"
        "t.okr:1:5: error: undefined metric 'x' [OKR101]\n"
        "  |\n"
        "1 |         kr      x \"a\"\n"
        "  |                 ^\n"
        "\n"
        "okrc: 1 error, 1 warning in 1 file\n");
    free(out);
    fx_free(f);
}

static void test_text_wide_characters(void **state)
{
    (void)state;
    fixture *f = fx_new();
    /* "e" + U+0301 (combining, width 0), CJK (width 2 each), an emoji
     * (width 2): "bad" is code point column 10 but display column 12. */
    uint32_t file = fx_add(f, "w.okr", "e\xCC\x81 \"\xE7\x9B\xAE\xE6\xA8\x99\xF0\x9F\x8E\xAF\" bad\n");
    okr_diag_report(&f->diags, OKR001, fx_span(f, file, "bad"), "invalid character");
    char *out = fx_text(f, 1);
    assert_string_equal(out,
        "w.okr:1:10: error: invalid character [OKR001]\n"
        "  |\n"
        "1 | e\xCC\x81 \"\xE7\x9B\xAE\xE6\xA8\x99\xF0\x9F\x8E\xAF\" bad\n"
        "  |            ^^^\n"
        "\n"
        "okrc: 1 error, 0 warnings in 1 file\n");
    free(out);
    fx_free(f);
}

static void test_text_span_on_wide_character(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "w.okr", "x \xE7\x9B\xAE\xE6\xA8\x99 y\n");
    okr_diag_report(&f->diags, OKR001, fx_span(f, file, "\xE6\xA8\x99"), "wide");
    char *out = fx_text(f, 1);
    assert_string_equal(out,
        "w.okr:1:4: error: wide [OKR001]\n"
        "  |\n"
        "1 | x \xE7\x9B\xAE\xE6\xA8\x99 y\n"
        "  |     ^^\n"
        "\n"
        "okrc: 1 error, 0 warnings in 1 file\n");
    free(out);
    fx_free(f);
}

static void test_text_zero_width_and_multiline(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "z.okr", "objective x\n  kr a {\n  }\n");
    /* Empty span at the end of line 1: one caret just past the text. */
    okr_diag_report(&f->diags, OKR004, okr_span_make(file, 11, 11), "expected '{'");
    /* A span over lines 2 and 3 is underlined to the end of line 2. */
    okr_span kr = fx_span(f, file, "kr a {\n  }");
    okr_diag_report(&f->diags, OKR302, kr, "key result 'a' has no metric");
    char *out = fx_text(f, 1);
    assert_string_equal(out,
        "z.okr:1:12: error: expected '{' [OKR004]\n"
        "  |\n"
        "1 | objective x\n"
        "  |            ^\n"
        "\n"
        "z.okr:2:3: error: key result 'a' has no metric [OKR302]\n"
        "  |\n"
        "2 |   kr a {\n"
        "  |   ^^^^^^\n"
        "\n"
        "okrc: 2 errors, 0 warnings in 1 file\n");
    free(out);
    fx_free(f);
}

static void test_text_control_characters(void **state)
{
    (void)state;
    fixture *f = fx_new();
    /* A vertical tab and an ESC in the line, an ESC in the message: none
     * reaches the terminal; each shows as one space. */
    uint32_t file = fx_add(f, "c.okr", "a\vb\x1b[31mc\n");
    okr_diag_report(&f->diags, OKR001, fx_span(f, file, "c"), "bad \x1b[2J here");
    char *out = fx_text(f, 1);
    assert_string_equal(out,
        "c.okr:1:9: error: bad  [2J here [OKR001]\n"
        "  |\n"
        "1 | a b [31mc\n"
        "  |         ^\n"
        "\n"
        "okrc: 1 error, 0 warnings in 1 file\n");
    assert_null(strchr(out, '\x1b'));
    free(out);
    fx_free(f);
}

static void test_text_notes(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t a = fx_add(f, "okrs/a.okr", "\n\n\n\n\n\n\n\n\nobjective x\n");
    uint32_t b = fx_add(f, "okrs/b.okr", "team b\n\nobjective x\n");
    okr_diag *d = okr_diag_report(&f->diags, OKR103, fx_span(f, b, "objective x"),
                                  "duplicate objective 'x'");
    okr_diag_note(&f->diags, d, fx_span(f, a, "objective x"), "objective 'x' first declared here");
    okr_diag_note(&f->diags, d, okr_span_make(OKR_NO_FILE, 0, 0), "objectives are unique per team");
    okr_diag_help(&f->diags, d, "rename one of them");
    char *out = fx_text(f, 2);
    /* The gutter is as wide as line 10 of the note needs. */
    assert_string_equal(out,
        "okrs/b.okr:3:1: error: duplicate objective 'x' [OKR103]\n"
        "   |\n"
        " 3 | objective x\n"
        "   | ^^^^^^^^^^^\n"
        "   = help: rename one of them\n"
        "okrs/a.okr:10:1: note: objective 'x' first declared here\n"
        "10 | objective x\n"
        "   | ^^^^^^^^^^^\n"
        "   = note: objectives are unique per team\n"
        "\n"
        "okrc: 1 error, 0 warnings in 2 files\n");
    free(out);
    fx_free(f);
}

static void test_text_no_location(void **state)
{
    (void)state;
    fixture *f = fx_new();
    okr_diag *d = okr_diag_report(&f->diags, OKR703, okr_span_make(OKR_NO_FILE, 0, 0),
                                  "policy file not found");
    okr_diag_help(&f->diags, d, "create okr-policy.toml");
    char *out = fx_text(f, 0);
    assert_string_equal(out,
        "okrc: error: policy file not found [OKR703]\n"
        "  = help: create okr-policy.toml\n"
        "\n"
        "okrc: 1 error, 0 warnings in 0 files\n");
    free(out);
    fx_free(f);
}

static void test_text_long_lines(void **state)
{
    (void)state;
    char line[400];
    memset(line, 'a', 300);
    memcpy(line + 250, "bad", 3);
    line[300] = '\n';
    line[301] = '\0';
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "l.okr", line);
    okr_diag_report(&f->diags, OKR001, okr_span_make(file, 10, 12), "early");
    okr_diag_report(&f->diags, OKR001, okr_span_make(file, 198, 205), "straddles the cut");
    okr_diag_report(&f->diags, OKR001, fx_span(f, file, "bad"), "late");
    char *out = fx_text(f, 1);

    char expected[4096], a200[201], a40[41], a47[48], sp10[11], sp43[44], sp198[199];
    memset(a200, 'a', 200), a200[200] = '\0';
    memset(a40, 'a', 40), a40[40] = '\0';
    memset(a47, 'a', 47), a47[47] = '\0';
    memset(sp10, ' ', 10), sp10[10] = '\0';
    memset(sp43, ' ', 43), sp43[43] = '\0';
    memset(sp198, ' ', 198), sp198[198] = '\0';
    /* Up to 200 columns then "..."; a span starting beyond them is shown
     * in a window starting 40 columns before it, cut on both sides. */
    snprintf(expected, sizeof expected,
             "l.okr:1:11: error: early [OKR001]\n  |\n1 | %s...\n  | %s^^\n\n"
             "l.okr:1:199: error: straddles the cut [OKR001]\n  |\n1 | %s...\n  | %s^^\n\n"
             "l.okr:1:251: error: late [OKR001]\n  |\n1 | ...%sbad%s\n  | %s^^^\n\n"
             "okrc: 3 errors, 0 warnings in 1 file\n",
             a200, sp10, a200, sp198, a40, a47, sp43);
    assert_string_equal(out, expected);
    free(out);
    fx_free(f);
}

static void test_text_summary_pluralisation(void **state)
{
    (void)state;
    fixture *f = fx_new();
    char *out = fx_text(f, 3);
    assert_string_equal(out, "okrc: no problems in 3 files\n");
    free(out);
    fx_free(f);

    f = fx_new();
    out = fx_text(f, 1);
    assert_string_equal(out, "okrc: no problems in 1 file\n");
    free(out);
    fx_free(f);

    f = fx_new();
    uint32_t file = fx_add(f, "s.okr", "a b c\n");
    okr_diags_set_severity(&f->diags, OKR001, OKR_SEV_NOTE);
    okr_diag_report(&f->diags, OKR008, fx_span(f, file, "a"), "w1");
    okr_diag_report(&f->diags, OKR008, fx_span(f, file, "b"), "w2");
    okr_diag_report(&f->diags, OKR001, fx_span(f, file, "c"), "n1");
    out = fx_text(f, 2);
    const char *summary = strstr(out, "okrc: ");
    assert_non_null(summary);
    assert_string_equal(summary, "okrc: 0 errors, 2 warnings, 1 note in 2 files\n");
    assert_non_null(strstr(out, "s.okr:1:5: note: n1 [OKR001]\n"));
    free(out);
    fx_free(f);

    f = fx_new();
    file = fx_add(f, "s.okr", "a b c\n");
    okr_diags_set_severity(&f->diags, OKR001, OKR_SEV_NOTE);
    okr_diag_report(&f->diags, OKR101, fx_span(f, file, "a"), "e1");
    okr_diag_report(&f->diags, OKR101, fx_span(f, file, "b"), "e2");
    okr_diag_report(&f->diags, OKR001, fx_span(f, file, "b"), "n1");
    okr_diag_report(&f->diags, OKR001, fx_span(f, file, "c"), "n2");
    out = fx_text(f, 1);
    summary = strstr(out, "okrc: ");
    assert_non_null(summary);
    assert_string_equal(summary, "okrc: 2 errors, 0 warnings, 2 notes in 1 file\n");
    free(out);
    fx_free(f);
}

static void test_text_color(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "c.okr", "kr x\nkr y\n");
    okr_diag *d = okr_diag_report(&f->diags, OKR101, fx_span(f, file, "x"), "undefined metric 'x'");
    okr_diag_help(&f->diags, d, "declare it");
    okr_diag_note(&f->diags, d, fx_span(f, file, "y"), "see also");
    okr_diag_report(&f->diags, OKR305, fx_span(f, file, "y"), "means");
    okr_diags_finish(&f->diags);

    char *plain = fx_render(f, OKR_FORMAT_TEXT, 0, 1);
    assert_null(strchr(plain, '\x1b'));
    char *color = fx_render(f, OKR_FORMAT_TEXT, 1, 1);
    assert_string_equal(color,
        "\x1b[1mc.okr:1:4:\x1b[0m \x1b[1;31merror\x1b[0m: \x1b[1mundefined metric 'x'\x1b[0m [OKR101]\n"
        "\x1b[1;34m  |\x1b[0m\n"
        "\x1b[1;34m1 |\x1b[0m kr x\n"
        "\x1b[1;34m  | \x1b[0m   \x1b[1;32m^\x1b[0m\n"
        "\x1b[1;34m  =\x1b[0m help: declare it\n"
        "\x1b[1mc.okr:2:4:\x1b[0m \x1b[1;36mnote\x1b[0m: see also\n"
        "\x1b[1;34m2 |\x1b[0m kr y\n"
        "\x1b[1;34m  | \x1b[0m   \x1b[1;32m^\x1b[0m\n"
        "\n"
        "\x1b[1mc.okr:2:4:\x1b[0m \x1b[1;35mwarning\x1b[0m: \x1b[1mmeans\x1b[0m [OKR305]\n"
        "\x1b[1;34m  |\x1b[0m\n"
        "\x1b[1;34m2 |\x1b[0m kr y\n"
        "\x1b[1;34m  | \x1b[0m   \x1b[1;32m^\x1b[0m\n"
        "\n"
        "okrc: 1 error, 1 warning in 1 file\n");
    /* Colour never leaks into machine formats. */
    char *json = fx_render(f, OKR_FORMAT_JSON, 1, 1);
    assert_null(strchr(json, '\x1b'));
    free(plain);
    free(color);
    free(json);
    fx_free(f);
}

static void test_write_error(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "e.okr", "x\n");
    okr_diag_report(&f->diags, OKR001, fx_span(f, file, "x"), "x");
    okr_diags_finish(&f->diags);
    okr_format formats[] = {OKR_FORMAT_TEXT, OKR_FORMAT_JSON, OKR_FORMAT_SARIF, OKR_FORMAT_GITHUB};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        okr_render_options opts = {formats[i], 0, 1, "0.1.0"};
        assert_int_equal(okr_render(full, &f->diags, &f->sources, &opts), -1);
        clearerr(full);
    }
    fclose(full);
    fx_free(f);
}

/* ---- json ---- */

static json_t *obj_get(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        fail_msg("missing key \"%s\"", key);
    return v;
}

static json_int_t int_at(json_t *o, const char *key)
{
    json_t *v = obj_get(o, key);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

static const char *str_at(json_t *o, const char *key)
{
    json_t *v = obj_get(o, key);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static void test_json(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "okrs/w.okr", "team w\nkr \"\xE7\x9B\xAE\xE6\xA8\x99\" bad\n");
    okr_diag *d = okr_diag_report(&f->diags, OKR101, fx_span(f, file, "bad"),
                                  "undefined metric '%s'", "bad");
    okr_diag_help(&f->diags, d, "declare it");
    okr_diag_note(&f->diags, d, fx_span(f, file, "team w"), "team here");
    okr_diag_note(&f->diags, d, okr_span_make(OKR_NO_FILE, 0, 0), "no place");
    okr_diag_report(&f->diags, OKR008, fx_span(f, file, "\"\xE7\x9B\xAE\xE6\xA8\x99\" bad\n"),
                    "to next line");
    okr_diag_report(&f->diags, OKR703, okr_span_make(OKR_NO_FILE, 0, 0), "no file");
    json_t *root = fx_json(f, OKR_FORMAT_JSON, NULL);

    assert_int_equal(int_at(root, "version"), 1);
    assert_string_equal(str_at(obj_get(root, "tool"), "name"), "okrc");
    assert_string_equal(str_at(obj_get(root, "tool"), "version"), "0.1.0");
    json_t *summary = obj_get(root, "summary");
    assert_int_equal(int_at(summary, "files"), 1);
    assert_int_equal(int_at(summary, "errors"), 2);
    assert_int_equal(int_at(summary, "warnings"), 1);
    assert_int_equal(int_at(summary, "notes"), 0);

    json_t *list = obj_get(root, "diagnostics");
    assert_int_equal(json_array_size(list), 3);
    /* Sorted by okr_diags_finish: by file index, OKR_NO_FILE last. */
    json_t *e = json_array_get(list, 1);
    assert_string_equal(str_at(e, "code"), "OKR101");
    assert_string_equal(str_at(e, "name"), "undefined-metric");
    assert_string_equal(str_at(e, "severity"), "error");
    assert_string_equal(str_at(e, "message"), "undefined metric 'bad'");
    assert_string_equal(str_at(e, "file"), "okrs/w.okr");
    assert_int_equal(int_at(e, "line"), 2);
    assert_int_equal(int_at(e, "column"), 9);     /* code points, not bytes or cells */
    assert_int_equal(int_at(e, "end_line"), 2);
    assert_int_equal(int_at(e, "end_column"), 12); /* exclusive */
    assert_int_equal(int_at(e, "byte_start"), 19);
    assert_int_equal(int_at(e, "byte_end"), 22);
    json_t *help = obj_get(e, "help");
    assert_int_equal(json_array_size(help), 1);
    assert_string_equal(json_string_value(json_array_get(help, 0)), "declare it");
    json_t *notes = obj_get(e, "notes");
    assert_int_equal(json_array_size(notes), 2);
    json_t *n0 = json_array_get(notes, 0);
    assert_string_equal(str_at(n0, "message"), "team here");
    assert_string_equal(str_at(n0, "file"), "okrs/w.okr");
    assert_int_equal(int_at(n0, "line"), 1);
    assert_int_equal(int_at(n0, "column"), 1);
    assert_int_equal(int_at(n0, "end_line"), 1);
    assert_int_equal(int_at(n0, "end_column"), 7);
    assert_null(json_object_get(n0, "byte_start"));
    json_t *n1 = json_array_get(notes, 1);
    assert_string_equal(str_at(n1, "message"), "no place");
    assert_int_equal(json_object_size(n1), 1);

    json_t *w = json_array_get(list, 0);
    assert_string_equal(str_at(w, "severity"), "warning");
    assert_int_equal(int_at(w, "line"), 2);
    assert_int_equal(int_at(w, "column"), 4);
    assert_int_equal(int_at(w, "end_line"), 3);
    assert_int_equal(int_at(w, "end_column"), 1);
    assert_int_equal(json_array_size(obj_get(w, "help")), 0);
    assert_int_equal(json_array_size(obj_get(w, "notes")), 0);

    json_t *nf = json_array_get(list, 2);
    assert_string_equal(str_at(nf, "code"), "OKR703");
    assert_null(json_object_get(nf, "file"));
    assert_null(json_object_get(nf, "line"));
    json_decref(root);
    fx_free(f);
}

static void test_json_invalid_utf8(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "bad\xff.okr", "x\n");
    okr_diag_report(&f->diags, OKR003, fx_span(f, file, "x"), "byte \xfe here");
    json_t *root = fx_json(f, OKR_FORMAT_JSON, NULL);
    json_t *d = json_array_get(obj_get(root, "diagnostics"), 0);
    assert_string_equal(str_at(d, "file"), "bad\xEF\xBF\xBD.okr");
    assert_string_equal(str_at(d, "message"), "byte \xEF\xBF\xBD here");
    json_decref(root);
    fx_free(f);
}

/* ---- sarif ---- */

static void sarif_sample(fixture *f)
{
    uint32_t a = fx_add(f, "okrs/growth.okr",
        "team growth\n"
        "objective grow \"Grow \xE7\x9B\xAE\xE6\xA8\x99 \xF0\x9F\x8E\xAF\" {\n"
        "  kr launch \"Launch in-app messaging by September 15\"\n"
        "  kr launch \"Launch in-app messaging by September 15\"\n"
        "}\n");
    uint32_t b = fx_add(f, "okrs/my team/100% done.okr", "team x\nobjective grow\n");
    okr_diag *d = okr_diag_report(&f->diags, OKR301, fx_span(f, a, "kr launch"),
                                  "key result 'launch' is a task");
    okr_diag_help(&f->diags, d, "move the task to the roadmap");
    okr_diag_help(&f->diags, d, "measure the outcome");
    okr_diag_note(&f->diags, d, fx_span(f, a, "objective grow"), "objective 'grow' opened here");
    okr_diag_note(&f->diags, d, okr_span_make(OKR_NO_FILE, 0, 0), "tasks belong on a roadmap");
    /* Fixes, so that the sample log has a replacement, an insertion (an
     * empty deleted region) and a deletion (no inserted content). */
    okr_fix *fix = okr_diag_fix(&f->diags, d, 1, "rename it");
    okr_fix_edit(&f->diags, fix, fx_span(f, a, "launch"), "ship");
    okr_fix *alt = okr_diag_fix(&f->diags, d, 0, "mark it a hypothesis");
    okr_span kr = fx_span(f, a, "kr launch");
    okr_fix_edit(&f->diags, alt, okr_span_make(a, kr.start, kr.start), "// ");
    okr_fix_edit(&f->diags, alt, fx_span(f, a, " by September 15"), "");
    okr_diag_report(&f->diags, OKR301, fx_span_nth(f, a, "kr launch", 1),
                    "key result 'launch' is a task");
    okr_diag_report(&f->diags, OKR601, fx_span(f, a, "\xF0\x9F\x8E\xAF"), "emoji in objective");
    okr_diag_report(&f->diags, OKR501, fx_span(f, b, "objective grow"),
                    "objective 'grow' has no key results");
    okr_diags_set_severity(&f->diags, OKR504, OKR_SEV_NOTE);
    okr_diag_report(&f->diags, OKR504, okr_span_make(b, 0, 0), "no counter-metric");
    okr_diags_set_severity(&f->diags, OKR008, OKR_SEV_NOTE);
    okr_diag_report(&f->diags, OKR008, okr_span_make(OKR_NO_FILE, 0, 0), "no input named x.okr");
}

static void test_sarif(void **state)
{
    (void)state;
    fixture *f = fx_new();
    sarif_sample(f);
    json_t *root = fx_json(f, OKR_FORMAT_SARIF, getenv("OKR_SARIF_OUT"));

    assert_string_equal(str_at(root, "$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
    assert_string_equal(str_at(root, "version"), "2.1.0");
    json_t *runs = obj_get(root, "runs");
    assert_int_equal(json_array_size(runs), 1);
    json_t *run = json_array_get(runs, 0);
    assert_string_equal(str_at(run, "columnKind"), "unicodeCodePoints");
    assert_non_null(json_object_get(obj_get(run, "originalUriBaseIds"), "%SRCROOT%"));
    json_t *driver = obj_get(obj_get(run, "tool"), "driver");
    assert_string_equal(str_at(driver, "name"), "okrc");
    assert_string_equal(str_at(driver, "version"), "0.1.0");
    assert_string_equal(str_at(driver, "semanticVersion"), "0.1.0");
    assert_string_equal(str_at(driver, "informationUri"), "https://github.com/okrc/okrc");

    json_t *rules = obj_get(driver, "rules");
    assert_int_equal(json_array_size(rules), OKR_CODE_COUNT);
    for (int i = 0; i < OKR_CODE_COUNT; i++) {
        const okr_code_info *info = okr_code_info_get((okr_code)i);
        json_t *r = json_array_get(rules, (size_t)i);
        assert_string_equal(str_at(r, "id"), info->code);
        assert_string_equal(str_at(obj_get(r, "shortDescription"), "text"), info->summary);
        const char *full = str_at(obj_get(r, "fullDescription"), "text");
        assert_true(strlen(full) > 0 && full[strlen(full) - 1] != '\n');
        assert_non_null(strstr(str_at(obj_get(r, "help"), "markdown"), info->code));
        assert_string_equal(str_at(obj_get(r, "defaultConfiguration"), "level"),
                            okr_severity_name(info->default_severity));
    }
    json_t *r301 = json_array_get(rules, OKR301);
    assert_string_equal(str_at(r301, "name"), "TaskKeyResult");
    assert_string_equal(str_at(json_array_get(rules, OKR405), "name"),
                        "UnknownBaselineOutsideLearning");

    json_t *results = obj_get(run, "results");
    assert_int_equal(json_array_size(results), 5);
    for (size_t i = 0; i < json_array_size(results); i++) {
        json_t *res = json_array_get(results, i);
        json_t *rule = json_array_get(rules, (size_t)int_at(res, "ruleIndex"));
        assert_non_null(rule);
        assert_string_equal(str_at(rule, "id"), str_at(res, "ruleId"));
    }

    /* Sorted: growth.okr (OKR601 line 2, OKR301 line 3, OKR301 line 4),
     * then the second file (OKR504 at offset 0, OKR501). */
    json_t *first = json_array_get(results, 1);
    assert_string_equal(str_at(first, "ruleId"), "OKR301");
    assert_int_equal(int_at(first, "ruleIndex"), OKR301);
    assert_string_equal(str_at(first, "level"), "error");
    assert_string_equal(str_at(obj_get(first, "message"), "text"),
                        "key result 'launch' is a task. Help: move the task to the roadmap. "
                        "Help: measure the outcome. Note: tasks belong on a roadmap.");
    json_t *phys = obj_get(json_array_get(obj_get(first, "locations"), 0), "physicalLocation");
    assert_string_equal(str_at(obj_get(phys, "artifactLocation"), "uri"), "okrs/growth.okr");
    assert_string_equal(str_at(obj_get(phys, "artifactLocation"), "uriBaseId"), "%SRCROOT%");
    json_t *region = obj_get(phys, "region");
    assert_int_equal(int_at(region, "startLine"), 3);
    assert_int_equal(int_at(region, "startColumn"), 3);
    assert_int_equal(int_at(region, "endLine"), 3);
    assert_int_equal(int_at(region, "endColumn"), 12);
    json_t *related = obj_get(first, "relatedLocations");
    assert_int_equal(json_array_size(related), 1);
    json_t *rel = json_array_get(related, 0);
    assert_int_equal(int_at(rel, "id"), 1);
    assert_string_equal(str_at(obj_get(rel, "message"), "text"), "objective 'grow' opened here");
    json_t *rel_region = obj_get(obj_get(rel, "physicalLocation"), "region");
    assert_int_equal(int_at(rel_region, "startLine"), 2);
    assert_int_equal(int_at(rel_region, "startColumn"), 1);
    assert_int_equal(int_at(rel_region, "endColumn"), 15);

    /* Identical code and line text: same hash, told apart by occurrence. */
    const char *fp1 = str_at(obj_get(first, "partialFingerprints"), "primaryLocationLineHash");
    json_t *second = json_array_get(results, 2);
    const char *fp2 = str_at(obj_get(second, "partialFingerprints"), "primaryLocationLineHash");
    assert_int_equal(strlen(fp1), 18);
    assert_string_equal(fp1 + 16, ":1");
    assert_string_equal(fp2 + 16, ":2");
    assert_memory_equal(fp1, fp2, 16);

    json_t *emoji = json_array_get(results, 0);
    assert_string_equal(str_at(emoji, "level"), "warning");
    json_t *eregion = obj_get(obj_get(json_array_get(obj_get(emoji, "locations"), 0),
                                      "physicalLocation"), "region");
    assert_int_equal(int_at(eregion, "startColumn"), 25);
    assert_int_equal(int_at(eregion, "endColumn"), 26);

    json_t *other = json_array_get(results, 4);
    assert_string_equal(str_at(other, "ruleId"), "OKR501");
    json_t *oart = obj_get(obj_get(json_array_get(obj_get(other, "locations"), 0),
                                   "physicalLocation"), "artifactLocation");
    assert_string_equal(str_at(oart, "uri"), "okrs/my%20team/100%25%20done.okr");
    assert_string_equal(str_at(json_array_get(results, 3), "level"), "note");
    /* The file-less note is a notification; a note does not fail the run. */
    json_t *inv = json_array_get(obj_get(run, "invocations"), 0);
    assert_true(json_is_true(obj_get(inv, "executionSuccessful")));
    assert_int_equal(json_array_size(obj_get(inv, "toolExecutionNotifications")), 1);
    json_decref(root);
    fx_free(f);
}

static void test_sarif_paths(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t abs = fx_add(f, "/abs/dir/a b.okr", "x\n");
    uint32_t dot = fx_add(f, "./rel\\win.okr", "x\n");
    okr_diag_report(&f->diags, OKR001, fx_span(f, abs, "x"), "a");
    okr_diag_report(&f->diags, OKR001, fx_span(f, dot, "x"), "b");
    okr_diag_report(&f->diags, OKR703, okr_span_make(OKR_NO_FILE, 0, 0), "c");
    json_t *root = fx_json(f, OKR_FORMAT_SARIF, NULL);
    json_t *results = obj_get(json_array_get(obj_get(root, "runs"), 0), "results");
    json_t *art0 = obj_get(obj_get(json_array_get(obj_get(json_array_get(results, 0), "locations"), 0),
                                   "physicalLocation"), "artifactLocation");
    assert_string_equal(str_at(art0, "uri"), "file:///abs/dir/a%20b.okr");
    assert_null(json_object_get(art0, "uriBaseId"));
    json_t *art1 = obj_get(obj_get(json_array_get(obj_get(json_array_get(results, 1), "locations"), 0),
                                   "physicalLocation"), "artifactLocation");
    assert_string_equal(str_at(art1, "uri"), "rel/win.okr");
    /* No file: not a result (GitHub requires a location) but a tool
     * execution notification tied to its rule. */
    assert_int_equal(json_array_size(results), 2);
    json_t *inv = json_array_get(obj_get(json_array_get(obj_get(root, "runs"), 0), "invocations"), 0);
    assert_true(json_is_false(obj_get(inv, "executionSuccessful")));
    json_t *nf = json_array_get(obj_get(inv, "toolExecutionNotifications"), 0);
    assert_string_equal(str_at(nf, "level"), "error");
    assert_string_equal(str_at(obj_get(nf, "message"), "text"), "c.");
    assert_string_equal(str_at(obj_get(nf, "associatedRule"), "id"), "OKR703");
    assert_int_equal(int_at(obj_get(nf, "associatedRule"), "index"), OKR703);
    json_decref(root);
    fx_free(f);
}

/* ---- github ---- */

static void test_github(void **state)
{
    (void)state;
    fixture *f = fx_new();
    uint32_t file = fx_add(f, "okrs/a,b:c.okr", "kr x\nkr y\n");
    okr_diag *d = okr_diag_report(&f->diags, OKR101, fx_span(f, file, "x"),
                                  "metric 'x' is 100%% missing, really: yes\r\nsecond line");
    okr_diag_help(&f->diags, d, "declare it, or: use a module");
    okr_diag_note(&f->diags, d, fx_span(f, file, "y"), "y here");
    okr_diag_note(&f->diags, d, okr_span_make(OKR_NO_FILE, 0, 0), "no place");
    okr_diag_report(&f->diags, OKR305, fx_span(f, file, "kr y\n"), "means");
    okr_diags_set_severity(&f->diags, OKR008, OKR_SEV_NOTE);
    okr_diag_report(&f->diags, OKR008, okr_span_make(OKR_NO_FILE, 0, 0), "nothing, here");
    okr_diags_finish(&f->diags);
    char *out = fx_render(f, OKR_FORMAT_GITHUB, 0, 1);
    assert_string_equal(out,
        "::error file=okrs/a%2Cb%3Ac.okr,line=1,col=4,endLine=1,endColumn=5,"
        "title=OKR101 undefined-metric::metric 'x' is 100%25 missing, really: yes%0D%0Asecond line"
        "%0Ahelp: declare it, or: use a module"
        "%0Anote: okrs/a,b:c.okr:2:4: y here"
        "%0Anote: no place\n"
        "::warning file=okrs/a%2Cb%3Ac.okr,line=2,col=1,endLine=3,endColumn=1,"
        "title=OKR305 key-result-names-means::means\n"
        "::notice title=OKR008 empty-file::nothing, here\n"
        "okrc: 1 error, 1 warning, 1 note in 1 file\n");
    free(out);
    fx_free(f);
}

/* ---- options ---- */

static void test_format_parse(void **state)
{
    (void)state;
    okr_format fmt = OKR_FORMAT_TEXT;
    assert_int_equal(okr_format_parse("json", &fmt), 1);
    assert_int_equal(fmt, OKR_FORMAT_JSON);
    assert_int_equal(okr_format_parse("sarif", &fmt), 1);
    assert_int_equal(fmt, OKR_FORMAT_SARIF);
    assert_int_equal(okr_format_parse("github", &fmt), 1);
    assert_int_equal(fmt, OKR_FORMAT_GITHUB);
    assert_int_equal(okr_format_parse("text", &fmt), 1);
    assert_int_equal(fmt, OKR_FORMAT_TEXT);
    assert_int_equal(okr_format_parse("xml", &fmt), 0);
    assert_int_equal(okr_format_parse("JSON", &fmt), 0);
    assert_int_equal(okr_format_parse("", &fmt), 0);
    assert_int_equal(fmt, OKR_FORMAT_TEXT);
}

/* Restores an environment variable when the test is done with it. */
typedef struct saved_env {
    const char *name;
    char *value;
} saved_env;

static saved_env env_save(const char *name)
{
    const char *v = getenv(name);
    saved_env s = {name, v ? strdup(v) : NULL};
    return s;
}

static void env_restore(saved_env *s)
{
    if (s->value)
        setenv(s->name, s->value, 1);
    else
        unsetenv(s->name);
    free(s->value);
}

static void test_color_decide(void **state)
{
    (void)state;
    saved_env term = env_save("TERM"), no_color = env_save("NO_COLOR");
    int fds[2];
    assert_int_equal(pipe(fds), 0);

    assert_int_equal(okr_color_decide("always", fds[1]), 1);
    assert_int_equal(okr_color_decide("never", fds[1]), 0);
    assert_int_equal(okr_color_decide("sometimes", fds[1]), -1);
    assert_int_equal(okr_color_decide("", fds[1]), -1);
    setenv("TERM", "xterm-256color", 1);
    unsetenv("NO_COLOR");
    assert_int_equal(okr_color_decide("auto", fds[1]), 0); /* a pipe is not a tty */
    setenv("NO_COLOR", "1", 1);
    assert_int_equal(okr_color_decide("always", fds[1]), 1); /* explicit wins */

    /* A pseudo-terminal stands in for a real one. */
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    int tty = -1;
    if (master >= 0 && grantpt(master) == 0 && unlockpt(master) == 0) {
        const char *name = ptsname(master);
        if (name)
            tty = open(name, O_RDWR | O_NOCTTY);
    }
    if (tty >= 0) {
        setenv("TERM", "xterm-256color", 1);
        unsetenv("NO_COLOR");
        assert_int_equal(okr_color_decide("auto", tty), 1);
        setenv("NO_COLOR", "", 1);
        assert_int_equal(okr_color_decide("auto", tty), 1); /* empty means unset */
        setenv("NO_COLOR", "1", 1);
        assert_int_equal(okr_color_decide("auto", tty), 0);
        unsetenv("NO_COLOR");
        setenv("TERM", "dumb", 1);
        assert_int_equal(okr_color_decide("auto", tty), 0);
        unsetenv("TERM");
        assert_int_equal(okr_color_decide("auto", tty), 0);
        assert_int_equal(okr_color_decide("never", tty), 0);
        close(tty);
    }
    if (master >= 0)
        close(master);
    close(fds[0]);
    close(fds[1]);
    env_restore(&term);
    env_restore(&no_color);
    if (tty < 0)
        skip(); /* the tty half could not run here */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_simple_error),
        cmocka_unit_test(test_text_tabs),
        cmocka_unit_test(test_text_wide_characters),
        cmocka_unit_test(test_text_span_on_wide_character),
        cmocka_unit_test(test_text_zero_width_and_multiline),
        cmocka_unit_test(test_text_control_characters),
        cmocka_unit_test(test_text_notes),
        cmocka_unit_test(test_text_no_location),
        cmocka_unit_test(test_text_long_lines),
        cmocka_unit_test(test_text_summary_pluralisation),
        cmocka_unit_test(test_text_color),
        cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_invalid_utf8),
        cmocka_unit_test(test_sarif),
        cmocka_unit_test(test_sarif_paths),
        cmocka_unit_test(test_github),
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_color_decide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

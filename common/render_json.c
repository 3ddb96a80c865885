/* render_json.c: diagnostics as one JSON document for scripts.
 *
 * JSON schema (version 1), written by --format=json:
 *
 *   {
 *     "version": 1,
 *     "tool": {"name": "okrc", "version": "0.1.0"},
 *     "summary": {"files": N, "errors": N, "warnings": N, "notes": N},
 *     "diagnostics": [
 *       {
 *         "code": "OKR301",             stable code from codes.def
 *         "name": "task-key-result",    stable slug from codes.def
 *         "severity": "error",          "error" | "warning" | "note"
 *         "message": "...",
 *         "file": "okrs/growth.okr",    path as given on the command line
 *         "line": 12, "column": 3,      start of the span
 *         "end_line": 12, "end_column": 55,   exclusive end
 *         "byte_start": 301, "byte_end": 353, byte offsets into the file
 *         "help": ["..."],              possibly empty
 *         "notes": [
 *           {"message": "...", "file": "...", "line": L, "column": C,
 *            "end_line": L2, "end_column": C2}
 *         ],
 *         "fixes": [                    possibly empty (spec.md, "Fixes")
 *           {"label": "...",
 *            "applicability": "machine-applicable" | "maybe-incorrect",
 *            "edits": [
 *              {"file": "...", "start": {"line": L, "column": C},
 *               "end": {"line": L2, "column": C2},
 *               "byte_start": B, "byte_end": B2, "replacement": "..."}
 *            ]}
 *         ]
 *       }
 *     ]
 *   }
 *
 * A note without a location has only "message"; a diagnostic without a
 * location (a command-line problem) has no "file", "line", "column",
 * "end_line", "end_column", "byte_start" or "byte_end". The counts of
 * "summary" include findings hidden by the per-file cap, so they can exceed
 * the length of "diagnostics". Strings that are not valid UTF-8 (a path or
 * a quote from a file that failed validation) have each bad byte replaced
 * by U+FFFD, since JSON text must be Unicode. */
#include "render_internal.h"

/* Adds the location fields of the JSON schema above to `obj`. */
static void json_add_location(const render_ctx *c, json_t *obj, okr_span span, int with_bytes)
{
    const okr_source_file *f = span_file(c, span);
    if (!f)
        return;
    okr_position start = okr_source_position(c->sources, span.file, span.start);
    okr_position end = okr_source_position(c->sources, span.file, span_end(span));
    json_object_set_new(obj, "file", render_jstr(f->path));
    json_object_set_new(obj, "line", jint(start.line));
    json_object_set_new(obj, "column", jint(start.column));
    json_object_set_new(obj, "end_line", jint(end.line));
    json_object_set_new(obj, "end_column", jint(end.column));
    if (with_bytes) {
        json_object_set_new(obj, "byte_start", jint(span.start));
        json_object_set_new(obj, "byte_end", jint(span_end(span)));
    }
}

static json_t *json_position(okr_position p)
{
    json_t *o = json_object();
    json_object_set_new(o, "line", jint(p.line));
    json_object_set_new(o, "column", jint(p.column));
    return o;
}

/* The fixes of a diagnostic: each edit with its file, its range as
 * positions and as bytes, and the text that replaces the range. */
static json_t *json_fixes(const render_ctx *c, const okr_diag *d)
{
    json_t *fixes = json_array();
    for (int i = 0; i < d->fix_count; i++) {
        const okr_fix *fix = &d->fixes[i];
        json_t *o = json_object();
        json_object_set_new(o, "label", render_jstr(fix->label));
        json_object_set_new(o, "applicability",
                            json_string(fix->machine_applicable ? "machine-applicable" : "maybe-incorrect"));
        json_t *edits = json_array();
        for (int k = 0; k < fix->edit_count; k++) {
            okr_span s = fix->edits[k].span;
            const okr_source_file *f = span_file(c, s);
            if (!f)
                continue;
            json_t *e = json_object();
            json_object_set_new(e, "file", render_jstr(f->path));
            json_object_set_new(e, "start", json_position(okr_source_position(c->sources, s.file, s.start)));
            json_object_set_new(e, "end", json_position(okr_source_position(c->sources, s.file, span_end(s))));
            json_object_set_new(e, "byte_start", jint(s.start));
            json_object_set_new(e, "byte_end", jint(span_end(s)));
            json_object_set_new(e, "replacement", render_jstr(fix->edits[k].replacement));
            json_array_append_new(edits, e);
        }
        json_object_set_new(o, "edits", edits);
        json_array_append_new(fixes, o);
    }
    return fixes;
}

int render_json(const render_ctx *c)
{
    const okr_diags *ds = c->diags;
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("okrc"));
    json_object_set_new(tool, "version", render_jstr(tool_version(c)));
    json_object_set_new(root, "tool", tool);
    json_t *summary = json_object();
    json_object_set_new(summary, "files", jint(c->opts->files_checked));
    json_object_set_new(summary, "errors", jint(ds->errors));
    json_object_set_new(summary, "warnings", jint(ds->warnings));
    json_object_set_new(summary, "notes", jint(ds->notes));
    json_object_set_new(root, "summary", summary);

    json_t *list = json_array();
    for (size_t i = 0; i < ds->list.len; i++) {
        const okr_diag *d = ds->list.items[i];
        const okr_code_info *info = okr_code_info_get(d->code);
        json_t *o = json_object();
        json_object_set_new(o, "code", json_string(info ? info->code : "OKR???"));
        json_object_set_new(o, "name", json_string(info ? info->slug : "unknown"));
        json_object_set_new(o, "severity", json_string(level_name(d->severity)));
        json_object_set_new(o, "message", render_jstr(d->message));
        json_add_location(c, o, d->span, 1);
        json_t *help = json_array();
        for (int h = 0; h < d->help_count; h++)
            json_array_append_new(help, render_jstr(d->help[h]));
        json_object_set_new(o, "help", help);
        json_t *notes = json_array();
        for (int n = 0; n < d->note_count; n++) {
            json_t *note = json_object();
            json_object_set_new(note, "message", render_jstr(d->notes[n].message));
            json_add_location(c, note, d->notes[n].span, 0);
            json_array_append_new(notes, note);
        }
        json_object_set_new(o, "notes", notes);
        json_object_set_new(o, "fixes", json_fixes(c, d));
        json_array_append_new(list, o);
    }
    json_object_set_new(root, "diagnostics", list);
    return render_dump_json(c, root);
}

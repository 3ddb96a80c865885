/* write_json.c: `okrc diff --format json` (spec.md, "okrc diff", "JSON").
 *
 * Schema (version 1):
 *
 *   {
 *     "version": 1,
 *     "tool": {"name": "okrc", "version": "0.1.0"},
 *     "old": "main", "new": "HEAD",        OLD and NEW as given
 *     "at": "2026-08-01",                  "now" for the flags
 *     "summary": {"objectives_changed": N, "objectives_added": N,
 *                 "objectives_removed": N, "objectives_renamed": N,
 *                 "key_results_added": N, "key_results_removed": N,
 *                 "key_results_renamed": N, "changes": N, "flags": N},
 *     "objectives": [                      changed objectives only
 *       {"objective": "growth.onboarding", qualified name (OLD's when removed)
 *        "old_objective": "growth.onboard", only when renamed
 *        "status": "changed" | "added" | "removed",
 *        "cycle": "2026-Q3", "statement": "...",
 *        "changes": [
 *          {"change": "target",            okr_diff_what_name: a stable word
 *           "key_result": "activation",    when about a key result
 *           "counter": "cac",              when about a counter-metric
 *           "old": "35%", "new": "30%",    as written; null when absent
 *           "old_level": 35, "new_level": 30, "unit": "percent",
 *                                          base-unit levels, when both exist
 *           "movement": "raised" | "lowered",       with levels
 *           "judgement": "harder" | "easier",       when judged
 *           "side": "new" | "old",         which program file/line are in
 *           "file": "growth.okr", "line": 12, "column": 5,
 *           "flag": "OKR960"}              the flag's code, when shown
 *        ]}
 *     ],
 *     "flags": [ {"code", "name", "severity", "message", "file", "line",
 *                 "column", "help": [...]} ]
 *   } */
#include <string.h>

#include <jansson.h>

#include "../common/calendar.h"
#include "diff.h"

static json_t *jstr(const char *s)
{
    if (!s)
        return json_null();
    json_t *j = json_string(s);
    return j ? j : json_string("?"); /* not UTF-8: the checker refused such files already */
}

static void add_location(json_t *obj, const okr_program *prog, okr_span span)
{
    const okr_source_file *f = okr_source_get(&prog->sources, span.file);
    if (!f)
        return;
    okr_position pos = okr_source_position(&prog->sources, span.file, span.start);
    json_object_set_new(obj, "file", jstr(f->path));
    json_object_set_new(obj, "line", json_integer(pos.line));
    json_object_set_new(obj, "column", json_integer(pos.column));
}

static json_t *change_json(const okr_diff_output *o, const okr_diff_change *c)
{
    json_t *j = json_object();
    json_object_set_new(j, "change", json_string(okr_diff_what_name(c->what)));
    if (c->key_result)
        json_object_set_new(j, "key_result", jstr(c->key_result));
    if (c->counter)
        json_object_set_new(j, "counter", jstr(c->counter));
    json_object_set_new(j, "old", jstr(c->old_text));
    json_object_set_new(j, "new", jstr(c->new_text));
    if (c->has_levels) {
        json_object_set_new(j, "old_level", json_real(c->old_level));
        json_object_set_new(j, "new_level", json_real(c->new_level));
        if (c->unit)
            json_object_set_new(j, "unit", jstr(c->unit));
        if (c->movement)
            json_object_set_new(j, "movement", json_string(c->movement > 0 ? "raised" : "lowered"));
    }
    if (c->harder)
        json_object_set_new(j, "judgement", json_string(c->harder > 0 ? "harder" : "easier"));
    json_object_set_new(j, "side", json_string(c->in_old ? "old" : "new"));
    add_location(j, c->in_old ? o->old_prog : o->new_prog, c->span);
    if (c->flag && !c->flag->suppressed)
        json_object_set_new(j, "flag", json_string(okr_code_info_get(c->flag->code)->code));
    return j;
}

static json_t *flags_json(const okr_diff_output *o)
{
    json_t *list = json_array();
    const okr_vec *flags = &o->result->flags.list;
    for (size_t i = 0; i < flags->len; i++) {
        const okr_diag *d = flags->items[i];
        const okr_code_info *info = okr_code_info_get(d->code);
        json_t *j = json_object();
        json_object_set_new(j, "code", json_string(info->code));
        json_object_set_new(j, "name", json_string(info->slug));
        json_object_set_new(j, "severity", json_string(okr_severity_name(d->severity)));
        json_object_set_new(j, "message", jstr(d->message));
        add_location(j, o->new_prog, d->span);
        json_t *help = json_array();
        for (int h = 0; h < d->help_count; h++)
            json_array_append_new(help, jstr(d->help[h]));
        json_object_set_new(j, "help", help);
        json_array_append_new(list, j);
    }
    return list;
}

static json_t *summary_json(const okr_diff_result *r)
{
    json_t *s = json_object();
    size_t added = r->count[OKR_DIFF_OBJECTIVE_ADDED], removed = r->count[OKR_DIFF_OBJECTIVE_REMOVED];
    json_object_set_new(s, "objectives_changed", json_integer((json_int_t)(r->groups.len - added - removed)));
    json_object_set_new(s, "objectives_added", json_integer((json_int_t)added));
    json_object_set_new(s, "objectives_removed", json_integer((json_int_t)removed));
    json_object_set_new(s, "objectives_renamed", json_integer((json_int_t)r->count[OKR_DIFF_OBJECTIVE_RENAMED]));
    json_object_set_new(s, "key_results_added", json_integer((json_int_t)r->count[OKR_DIFF_KR_ADDED]));
    json_object_set_new(s, "key_results_removed", json_integer((json_int_t)r->count[OKR_DIFF_KR_REMOVED]));
    json_object_set_new(s, "key_results_renamed", json_integer((json_int_t)r->count[OKR_DIFF_KR_RENAMED]));
    json_object_set_new(s, "changes", json_integer((json_int_t)r->changes.len));
    json_object_set_new(s, "flags", json_integer((json_int_t)r->flags.list.len));
    return s;
}

int okr_diff_write_json(FILE *out, const okr_diff_output *o)
{
    const okr_diff_result *r = o->result;
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(1));
    json_t *tool = json_object();
    json_object_set_new(tool, "name", json_string("okrc"));
    json_object_set_new(tool, "version", jstr(o->tool_version));
    json_object_set_new(root, "tool", tool);
    json_object_set_new(root, "old", jstr(o->old_label));
    json_object_set_new(root, "new", jstr(o->new_label));
    char at[16];
    okr_calendar_format_date(r->at_day, at, sizeof at);
    json_object_set_new(root, "at", json_string(at));
    json_object_set_new(root, "summary", summary_json(r));
    json_t *objectives = json_array();
    size_t k = 0;
    for (size_t g = 0; g < r->groups.len; g++) {
        const okr_diff_group *grp = r->groups.items[g];
        json_t *j = json_object();
        json_object_set_new(j, "objective", jstr(grp->name));
        if (grp->old_name && grp->new_obj && strcmp(grp->old_name, grp->name) != 0)
            json_object_set_new(j, "old_objective", jstr(grp->old_name));
        json_object_set_new(j, "status", json_string(!grp->old_obj ? "added" : !grp->new_obj ? "removed" : "changed"));
        json_object_set_new(j, "cycle", jstr(grp->cycle));
        json_object_set_new(j, "statement", jstr(grp->statement));
        json_t *changes = json_array();
        for (; k < r->changes.len && ((const okr_diff_change *)r->changes.items[k])->group == g; k++)
            json_array_append_new(changes, change_json(o, r->changes.items[k]));
        json_object_set_new(j, "changes", changes);
        json_array_append_new(objectives, j);
    }
    json_object_set_new(root, "objectives", objectives);
    json_object_set_new(root, "flags", flags_json(o));
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(12));
    fputc('\n', out);
    json_decref(root);
    return rc != 0 || ferror(out) ? -1 : 0;
}

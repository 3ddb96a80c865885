/* write_text.c: `okrc diff` for people (spec.md, "okrc diff", "Text").
 *
 * A summary line, then one block per changed objective (`~` changed, `+`
 * added, `-` removed) with a line per change in words, a flagged change
 * ending in its code; then the flags as `okrc check` shows findings, with
 * the NEW source line and carets (common/render.h). okr_diff_describe, the
 * words of a change, is shared with the Markdown writer. User text reaches
 * the terminal without control characters. */
#include <string.h>

#include "../common/render.h"
#include "diff.h"

static const char *or_none(const char *s)
{
    return s ? s : "(none)";
}

static const char *judged(const okr_diff_change *c, int counter)
{
    if (c->harder > 0)
        return counter ? " (tighter)" : " (harder)";
    if (c->harder < 0)
        return counter ? " (looser)" : " (easier)";
    return "";
}

static const char *moved(const okr_diff_change *c)
{
    return c->movement > 0 ? "raised" : c->movement < 0 ? "lowered" : "changed";
}

/* "owner changed from "A" to "B"", with none for no owner: an objective's
 * or a key result's own owner. */
static const char *owner_change(okr_arena *a, const okr_diff_change *c)
{
    return okr_arena_printf(a, "owner changed from %s%s%s to %s%s%s", c->old_text ? "\"" : "",
                            or_none(c->old_text), c->old_text ? "\"" : "", c->new_text ? "\"" : "",
                            or_none(c->new_text), c->new_text ? "\"" : "");
}

/* The words after "key result X: " or on their own for an objective. */
static const char *describe_kr(okr_arena *a, const okr_diff_change *c)
{
    switch (c->what) {
    case OKR_DIFF_OWNER: return owner_change(a, c);
    case OKR_DIFF_KR_ADDED: return okr_arena_printf(a, "added: %s", or_none(c->new_text));
    case OKR_DIFF_KR_REMOVED: return okr_arena_printf(a, "removed (was: %s)", or_none(c->old_text));
    case OKR_DIFF_KR_RENAMED: return okr_arena_printf(a, "renamed from %s", or_none(c->old_text));
    case OKR_DIFF_KR_KIND:
        return okr_arena_printf(a, "changed from %s to %s", or_none(c->old_text), or_none(c->new_text));
    case OKR_DIFF_TITLE:
        return okr_arena_printf(a, "title changed from \"%s\" to \"%s\"", or_none(c->old_text), or_none(c->new_text));
    case OKR_DIFF_METRIC:
        return okr_arena_printf(a, "metric changed from %s to %s", or_none(c->old_text), or_none(c->new_text));
    case OKR_DIFF_TARGET:
        if (c->has_levels)
            return okr_arena_printf(a, "target %s from %s to %s%s", moved(c), or_none(c->old_text),
                                    or_none(c->new_text), judged(c, 0));
        return okr_arena_printf(a, "target changed from %s to %s", or_none(c->old_text), or_none(c->new_text));
    case OKR_DIFF_TARGET_FORM:
        return okr_arena_printf(a, "target changed form from `%s` to `%s` (not judged)", or_none(c->old_text),
                                or_none(c->new_text));
    case OKR_DIFF_BASELINE:
        return okr_arena_printf(a, "baseline %s from %s to %s", c->has_levels ? moved(c) : "changed",
                                or_none(c->old_text), or_none(c->new_text));
    case OKR_DIFF_WEIGHT:
        return okr_arena_printf(a, "weight %s from %s to %s", moved(c), c->old_text ? c->old_text : "1 (default)",
                                c->new_text ? c->new_text : "1 (default)");
    default: return "";
    }
}

const char *okr_diff_describe(okr_arena *a, const okr_diff_change *c)
{
    if (c->key_result)
        return okr_arena_printf(a, "key result %s: %s", c->key_result, describe_kr(a, c));
    switch (c->what) {
    case OKR_DIFF_OBJECTIVE_ADDED: return "objective added";
    case OKR_DIFF_OBJECTIVE_REMOVED: return "objective removed";
    case OKR_DIFF_OBJECTIVE_RENAMED: return okr_arena_printf(a, "renamed from %s", or_none(c->old_text));
    case OKR_DIFF_STATEMENT:
        return okr_arena_printf(a, "statement changed from \"%s\" to \"%s\"", or_none(c->old_text),
                                or_none(c->new_text));
    case OKR_DIFF_ARCHETYPE:
        return okr_arena_printf(a, "archetype changed from %s to %s", c->old_text, c->new_text);
    case OKR_DIFF_OWNER: return owner_change(a, c);
    case OKR_DIFF_CYCLE:
        return okr_arena_printf(a, "cycle changed from %s to %s", or_none(c->old_text), or_none(c->new_text));
    case OKR_DIFF_EXPECT:
        return okr_arena_printf(a, "expect changed from %s to %s", or_none(c->old_text), or_none(c->new_text));
    case OKR_DIFF_ALIGNMENT_ADDED: return okr_arena_printf(a, "now aligns to %s", c->new_text);
    case OKR_DIFF_ALIGNMENT_REMOVED: return okr_arena_printf(a, "no longer aligns to %s", c->old_text);
    case OKR_DIFF_COUNTER_ADDED:
        return okr_arena_printf(a, "counter-metric %s added: %s", c->counter, or_none(c->new_text));
    case OKR_DIFF_COUNTER_REMOVED:
        return okr_arena_printf(a, "counter-metric %s removed (was: %s)", c->counter, or_none(c->old_text));
    case OKR_DIFF_COUNTER_BOUND:
        return okr_arena_printf(a, "counter-metric %s bound changed from `%s` to `%s`%s", c->counter,
                                or_none(c->old_text), or_none(c->new_text), judged(c, 1));
    default: return okr_diff_what_name(c->what);
    }
}

/* Text from the user, without control characters. */
static void put_plain(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        fputc(ch < 0x20 || ch == 0x7f ? '?' : ch, out);
    }
}

static size_t plural_count(const okr_diff_result *r, okr_diff_what what)
{
    return r->count[what];
}

static void summary(FILE *out, const okr_diff_output *o)
{
    const okr_diff_result *r = o->result;
    fputs("okrc diff ", out);
    put_plain(out, o->old_label);
    fputs(" -> ", out);
    put_plain(out, o->new_label);
    if (!r->changes.len) {
        fputs(": no changes\n", out);
        return;
    }
    size_t added = plural_count(r, OKR_DIFF_OBJECTIVE_ADDED), removed = plural_count(r, OKR_DIFF_OBJECTIVE_REMOVED);
    size_t changed = r->groups.len - added - removed;
    size_t flags = r->flags.errors + r->flags.warnings + r->flags.notes;
    fprintf(out, ": %zu objective%s changed, %zu added, %zu removed; %zu flag%s\n", changed, changed == 1 ? "" : "s",
            added, removed, flags, flags == 1 ? "" : "s");
}

int okr_diff_write_text(FILE *out, const okr_diff_output *o)
{
    const okr_diff_result *r = o->result;
    okr_arena *a = (okr_arena *)&o->new_prog->arena;
    summary(out, o);
    size_t k = 0;
    for (size_t g = 0; g < r->groups.len; g++) {
        const okr_diff_group *grp = r->groups.items[g];
        char mark = !grp->old_obj ? '+' : !grp->new_obj ? '-' : '~';
        fprintf(out, "\n%c %s", mark, grp->name);
        if (grp->cycle)
            fprintf(out, " (%s)", grp->cycle);
        if (grp->statement) {
            fputs(" \"", out);
            put_plain(out, grp->statement);
            fputc('"', out);
        }
        fputc('\n', out);
        for (; k < r->changes.len; k++) {
            const okr_diff_change *c = r->changes.items[k];
            if (c->group != g)
                break;
            if (c->what == OKR_DIFF_OBJECTIVE_ADDED || c->what == OKR_DIFF_OBJECTIVE_REMOVED)
                continue;
            fputs("    ", out);
            put_plain(out, okr_diff_describe(a, c));
            if (c->flag && !c->flag->suppressed)
                fprintf(out, "  [%s]", okr_code_info_get(c->flag->code)->code);
            fputc('\n', out);
        }
    }
    if (r->flags.list.len) {
        fputc('\n', out);
        okr_render_options ro = {.format = OKR_FORMAT_TEXT, .files_checked = o->new_prog->units.len, .tool_version = o->tool_version};
        return okr_render(out, &r->flags, &o->new_prog->sources, &ro) != 0 || ferror(out) ? -1 : 0;
    }
    return ferror(out) ? -1 : 0;
}

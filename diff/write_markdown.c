/* write_markdown.c: `okrc diff --format markdown`, a pull-request comment
 * (spec.md, "okrc diff", "Markdown").
 *
 * A heading, a summary line, the flags as a list, then one collapsible
 * <details> section per changed objective holding its changes as a list;
 * a section with a flag says so in its summary. Every piece of user text
 * (names, statements, values as written) goes through md_text: HTML's
 * special characters and Markdown's punctuation become character
 * references, so nothing a goal says can format, link or inject HTML, and
 * an '@' is followed by U+200D ZERO WIDTH JOINER, so that "@dana" in a
 * statement does not notify anyone. Line breaks become spaces. */
#include <string.h>

#include "diff.h"

/* User text, safe in Markdown and in HTML (see the file comment). */
static void md_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '@': fputs("@\xe2\x80\x8d", out); break;
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~': case '#':
            fprintf(out, "&#%d;", ch);
            break;
        default:
            fputc(ch < 0x20 || ch == 0x7f ? ' ' : ch, out);
        }
    }
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

static size_t group_flags(const okr_diff_result *r, size_t g, size_t from, size_t *changes)
{
    size_t flags = 0, n = 0;
    for (size_t k = from; k < r->changes.len; k++) {
        const okr_diff_change *c = r->changes.items[k];
        if (c->group != g)
            break;
        n++;
        flags += c->flag && !c->flag->suppressed;
    }
    *changes = n;
    return flags;
}

static void write_flags(FILE *out, const okr_diff_output *o)
{
    const okr_vec *flags = &o->result->flags.list;
    if (!flags->len)
        return;
    fputs("#### \xe2\x9a\xa0\xef\xb8\x8f Moving goalposts\n\n", out);
    for (size_t i = 0; i < flags->len; i++) {
        const okr_diag *d = flags->items[i];
        const okr_code_info *info = okr_code_info_get(d->code);
        const okr_source_file *f = okr_source_get(&o->new_prog->sources, d->span.file);
        okr_position pos = okr_source_position(&o->new_prog->sources, d->span.file, d->span.start);
        fprintf(out, "- **%s** %s (%s) at <code>", info->code, info->slug, okr_severity_name(d->severity));
        md_text(out, f ? f->path : "?");
        fprintf(out, ":%u</code>: ", pos.line);
        md_text(out, d->message);
        fputc('\n', out);
    }
    fputs("\nIf a change was agreed, suppress its flag on the line it is made: "
          "<code>// okrc:allow CODE &#45;&#45; reason</code>.\n\n", out);
}

static void write_group(FILE *out, const okr_diff_output *o, size_t g, size_t *k)
{
    const okr_diff_result *r = o->result;
    const okr_diff_group *grp = r->groups.items[g];
    size_t n;
    size_t flags = group_flags(r, g, *k, &n);
    const char *mark = !grp->old_obj ? "added" : !grp->new_obj ? "removed" : "changed";
    fputs("<details>\n<summary><b>", out);
    md_text(out, grp->name);
    fputs("</b>", out);
    if (grp->cycle) {
        fputs(" (", out);
        md_text(out, grp->cycle);
        fputc(')', out);
    }
    fprintf(out, ": %s", mark);
    if (grp->old_obj && grp->new_obj)
        fprintf(out, ", %zu change%s", n, plural(n));
    if (flags)
        fprintf(out, ", \xe2\x9a\xa0\xef\xb8\x8f %zu flag%s", flags, plural(flags));
    fputs("</summary>\n\n", out);
    if (grp->statement) {
        fputs("> ", out);
        md_text(out, grp->statement);
        fputs("\n\n", out);
    }
    okr_arena *a = (okr_arena *)&o->new_prog->arena;
    for (; *k < r->changes.len; (*k)++) {
        const okr_diff_change *c = r->changes.items[*k];
        if (c->group != g)
            break;
        fputs("- ", out);
        md_text(out, okr_diff_describe(a, c));
        if (c->flag && !c->flag->suppressed)
            fprintf(out, " \xe2\x9a\xa0\xef\xb8\x8f **%s**", okr_code_info_get(c->flag->code)->code);
        fputc('\n', out);
    }
    fputs("\n</details>\n\n", out);
}

int okr_diff_write_markdown(FILE *out, const okr_diff_output *o)
{
    const okr_diff_result *r = o->result;
    fputs("### okrc diff <code>", out);
    md_text(out, o->old_label);
    fputs("</code> \xe2\x86\x92 <code>", out);
    md_text(out, o->new_label);
    fputs("</code>\n\n", out);
    if (!r->changes.len) {
        fputs("No changes to objectives or key results.\n", out);
        return ferror(out) ? -1 : 0;
    }
    size_t added = r->count[OKR_DIFF_OBJECTIVE_ADDED], removed = r->count[OKR_DIFF_OBJECTIVE_REMOVED];
    size_t changed = r->groups.len - added - removed, flags = r->flags.list.len;
    fprintf(out, "**%zu objective%s changed, %zu added, %zu removed**", changed, plural(changed), added, removed);
    if (flags)
        fprintf(out, " \xc2\xb7 \xe2\x9a\xa0\xef\xb8\x8f **%zu moving-goalpost flag%s**", flags, plural(flags));
    else
        fputs(" \xc2\xb7 no moving-goalpost flags", out);
    fputs("\n\n", out);
    write_flags(out, o);
    size_t k = 0;
    for (size_t g = 0; g < r->groups.len; g++)
        write_group(out, o, g, &k);
    return ferror(out) ? -1 : 0;
}

/* render_github.c: diagnostics as GitHub Actions workflow commands.
 *
 *   ::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=OKR601 number-in-objective::message%0Ahelp: ...
 *
 * One workflow command per finding, which the Actions runner turns into an
 * annotation on the line; help and notes go on the annotation's later
 * lines, and the summary follows as a plain log line. A fix cannot be
 * shown as an edit there: its label is a help line (the help line it
 * carries out, else one of its own), marked when `okrc check --fix` applies
 * it, as in the text format. */
#include "render_internal.h"

#include <inttypes.h>

/* Workflow-command escaping, as the Actions runner decodes it: data needs
 * '%', CR and LF encoded; property values also ':' and ','. */
static void gh_escape(FILE *out, const char *s, int property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':':
            if (property)
                fputs("%3A", out);
            else
                fputc(':', out);
            break;
        case ',':
            if (property)
                fputs("%2C", out);
            else
                fputc(',', out);
            break;
        default: fputc(*s, out); break;
        }
    }
}

static void gh_help(FILE *out, const char *text, const okr_fix *fix)
{
    fputs("%0Ahelp: ", out);
    gh_escape(out, text, 0);
    if (fix && fix->machine_applicable)
        fputs(" (applied by `okrc check --fix`)", out);
}

static void write_github_diag(const render_ctx *c, const okr_diag *d)
{
    const okr_code_info *info = okr_code_info_get(d->code);
    FILE *out = c->out;
    /* Actions has no "note" command; "notice" is its lowest level. */
    fprintf(out, "::%s ", d->severity == OKR_SEV_ERROR     ? "error"
                          : d->severity == OKR_SEV_WARNING ? "warning"
                                                           : "notice");
    const okr_source_file *f = span_file(c, d->span);
    if (f) {
        okr_position start = okr_source_position(c->sources, d->span.file, d->span.start);
        okr_position end = okr_source_position(c->sources, d->span.file, span_end(d->span));
        fputs("file=", out);
        gh_escape(out, f->path, 1);
        fprintf(out, ",line=%" PRIu32 ",col=%" PRIu32 ",endLine=%" PRIu32 ",endColumn=%" PRIu32 ",",
                start.line, start.column, end.line, end.column);
    }
    fputs("title=", out);
    gh_escape(out, info ? info->code : "OKR???", 1);
    fputc(' ', out);
    gh_escape(out, info ? info->slug : "unknown", 1);
    fputs("::", out);
    gh_escape(out, d->message, 0);
    int shown[OKR_DIAG_MAX_FIXES] = {0};
    for (int i = 0; i < d->help_count; i++) {
        int k = 0;
        while (k < d->fix_count && (shown[k] || strcmp(d->fixes[k].label, d->help[i]) != 0))
            k++;
        if (k < d->fix_count)
            shown[k] = 1;
        gh_help(out, d->help[i], k < d->fix_count ? &d->fixes[k] : NULL);
    }
    for (int k = 0; k < d->fix_count; k++)
        if (!shown[k])
            gh_help(out, d->fixes[k].label, &d->fixes[k]);
    for (int i = 0; i < d->note_count; i++) {
        const okr_diag_noteinfo *n = &d->notes[i];
        fputs("%0Anote: ", out);
        const okr_source_file *nf = span_file(c, n->span);
        if (nf) {
            okr_position p = okr_source_position(c->sources, n->span.file, n->span.start);
            gh_escape(out, nf->path, 0);
            fprintf(out, ":%" PRIu32 ":%" PRIu32 ": ", p.line, p.column);
        }
        gh_escape(out, n->message, 0);
    }
    fputc('\n', out);
}

void render_github(const render_ctx *c)
{
    for (size_t i = 0; i < c->diags->list.len; i++)
        write_github_diag(c, c->diags->list.items[i]);
    /* Not a workflow command, so Actions shows it as a plain log line. */
    render_summary(c);
}

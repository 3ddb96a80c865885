/* render.c: writing diagnostic records as text, JSON, SARIF, GitHub
 * workflow commands or GitLab Code Quality; see render.h.
 *
 * Every format reads the same okr_diag records and takes positions from
 * okr_source_position(), so line and column agree everywhere: lines are
 * 1-based, columns are 1-based Unicode code points, and every "end" column
 * is exclusive (the column just past the span). Only the text format deals
 * in display columns, and only to place carets under the source line.
 *
 * This file picks the renderer for a format (render_text.c, render_json.c,
 * render_sarif.c, render_github.c, render_gitlab.c; render_internal.h is what they share)
 * and holds what more than one of them writes. */
#include "render_internal.h"

#include <unistd.h>

#include <utf8proc.h>

int okr_format_parse(const char *name, okr_format *out)
{
    static const struct { const char *name; okr_format format; } names[] = {
        {"text", OKR_FORMAT_TEXT}, {"json", OKR_FORMAT_JSON},
        {"sarif", OKR_FORMAT_SARIF}, {"github", OKR_FORMAT_GITHUB},
        {"gitlab", OKR_FORMAT_GITLAB},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].format;
            return 1;
        }
    }
    return 0;
}

int okr_color_decide(const char *when, int fd)
{
    if (strcmp(when, "always") == 0)
        return 1;
    if (strcmp(when, "never") == 0)
        return 0;
    if (strcmp(when, "auto") != 0)
        return -1;
    if (!isatty(fd))
        return 0;
    const char *term = getenv("TERM");
    if (!term || !*term || strcmp(term, "dumb") == 0)
        return 0;
    /* https://no-color.org: any non-empty value turns colour off. */
    const char *no_color = getenv("NO_COLOR");
    if (no_color && *no_color)
        return 0;
    return 1;
}

/* ---- shared writers ---- */

void render_summary(const render_ctx *c)
{
    const okr_diags *d = c->diags;
    size_t files = c->opts->files_checked;
    fputs("okrc: ", c->out);
    if (d->errors + d->warnings + d->notes == 0) {
        fprintf(c->out, "no problems");
    } else {
        fprintf(c->out, "%zu %s, %zu %s", d->errors, plural(d->errors, "error", "errors"),
                d->warnings, plural(d->warnings, "warning", "warnings"));
        if (d->notes)
            fprintf(c->out, ", %zu %s", d->notes, plural(d->notes, "note", "notes"));
    }
    fprintf(c->out, " in %zu %s\n", files, plural(files, "file", "files"));
}

/* A JSON string of `s`, with each byte that does not start a valid UTF-8
 * sequence replaced by U+FFFD (jansson refuses invalid UTF-8). */
json_t *render_jstr(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    strbuf b = {0};
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (n <= 0) {
            sb_puts(&b, "\xEF\xBF\xBD");
            i++;
        } else {
            sb_putn(&b, s + i, (size_t)n);
            i += (size_t)n;
        }
    }
    j = json_string(sb_str(&b));
    sb_free(&b);
    return j;
}

int render_dump_json(const render_ctx *c, json_t *root)
{
    int rc = json_dumpf(root, c->out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (rc != 0)
        return -1;
    fputc('\n', c->out);
    return 0;
}

int okr_render(FILE *out, const okr_diags *diags, const okr_source_table *sources,
               const okr_render_options *opts)
{
    render_ctx c = {out, diags, sources, opts};
    int rc = 0;
    switch (opts->format) {
    case OKR_FORMAT_TEXT: render_text(&c); break;
    case OKR_FORMAT_JSON: rc = render_json(&c); break;
    case OKR_FORMAT_SARIF: rc = render_sarif(&c); break;
    case OKR_FORMAT_GITHUB: render_github(&c); break;
    case OKR_FORMAT_GITLAB: rc = render_gitlab(&c); break;
    }
    if (fflush(out) != 0 || ferror(out))
        rc = -1;
    return rc;
}

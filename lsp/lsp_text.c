/* lsp_text.c: the two translations between okrc and an LSP client: file
 * paths and `file:` URIs, and byte offsets and LSP positions.
 *
 * okrc's spans are byte offsets and its columns count code points; LSP
 * positions are a 0-based line and a column in UTF-16 code units (the one
 * encoding every client supports, and the one this server announces).
 * They differ on any line with non-ASCII text before the position: "é" is
 * two bytes, one code point and one UTF-16 unit; "😀" is four bytes, one
 * code point and two units. Lines and UTF-16 columns come from the source
 * table's line index (common/source.c), which splits lines the way clients
 * do (LF, CRLF and a lone CR), so an LSP line is a diagnostic's line less
 * one. UTF-8 is decoded by utf8proc, here and there. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "lsp_internal.h"

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *lsp_uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    /* An authority ("localhost", or a host for UNC paths) precedes the path;
     * only local files can be read, so it is skipped. */
    if (*p != '/') {
        p = strchr(p, '/');
        if (!p)
            return NULL;
    }
    size_t n = strlen(p);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        abort();
    for (; *p && *p != '?' && *p != '#'; p++) {
        if (*p == '%') {
            int hi = hex_value((unsigned char)p[1]), lo = hi < 0 ? -1 : hex_value((unsigned char)p[2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) {
                free(out);
                return NULL;
            }
            *o++ = (char)(hi * 16 + lo);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

char *lsp_path_to_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *out = malloc(7 + 3 * n + 2), *o = out;
    if (!out)
        abort();
    memcpy(o, "file://", 7);
    o += 7;
    if (path[0] != '/')
        *o++ = '/';
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p)) {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

void lsp_file_index(lsp_file *f, okr_source_file *source)
{
    f->source = source;
    f->line_count = okr_source_line_count(source);
    f->lines = source->line_starts;
}

json_t *lsp_position_json(const lsp_file *f, uint32_t offset)
{
    if (offset > f->len)
        offset = (uint32_t)f->len;
    json_t *pos = json_object();
    json_object_set_new(pos, "line", json_integer((json_int_t)okr_source_line_index(f->source, offset)));
    json_object_set_new(pos, "character", json_integer((json_int_t)okr_source_utf16_column(f->source, offset)));
    return pos;
}

json_t *lsp_range_json(const lsp_file *f, uint32_t start, uint32_t end)
{
    if (end < start)
        end = start;
    json_t *range = json_object();
    json_object_set_new(range, "start", lsp_position_json(f, start));
    json_object_set_new(range, "end", lsp_position_json(f, end));
    return range;
}

uint32_t lsp_offset_of(const lsp_file *f, long line, long character)
{
    if (line < 0)
        return 0;
    return okr_source_utf16_offset(f->source, (size_t)line, character < 0 ? 0 : (size_t)character);
}

json_t *lsp_jstrn(const char *text, size_t len)
{
    json_t *v = json_stringn(text, len);
    if (v)
        return v;
    /* Room for every byte becoming the 3-byte U+FFFD. */
    char *buf = malloc(3 * len + 1), *o = buf;
    if (!buf)
        abort();
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)text;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
        if (step <= 0 || cp == 0) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            step = 1;
        } else {
            memcpy(o, p + i, (size_t)step);
            o += step;
        }
        i += (size_t)step;
    }
    v = json_stringn(buf, (size_t)(o - buf));
    free(buf);
    return v ? v : json_string("");
}

json_t *lsp_jstr(const char *text)
{
    return lsp_jstrn(text ? text : "", text ? strlen(text) : 0);
}

int lsp_params_document(json_t *params, const char **uri)
{
    json_t *doc = json_object_get(params, "textDocument");
    json_t *u = json_object_get(doc, "uri");
    if (!json_is_string(u))
        return -1;
    *uri = json_string_value(u);
    return 0;
}

int lsp_params_position(json_t *params, long *line, long *character)
{
    json_t *pos = json_object_get(params, "position");
    json_t *l = json_object_get(pos, "line"), *c = json_object_get(pos, "character");
    if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 ||
        json_integer_value(c) < 0)
        return -1;
    *line = json_integer_value(l) > 0x7fffffff ? 0x7fffffff : (long)json_integer_value(l);
    *character = json_integer_value(c) > 0x7fffffff ? 0x7fffffff : (long)json_integer_value(c);
    return 0;
}

void lsp_buf_printf(lsp_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = (b->len + (size_t)n + 1) * 2;
        b->text = realloc(b->text, b->cap);
        if (!b->text)
            abort();
    }
    va_start(ap, fmt);
    vsnprintf(b->text + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

json_t *lsp_buf_take(lsp_buf *b)
{
    json_t *v = lsp_jstrn(b->text ? b->text : "", b->len);
    free(b->text);
    memset(b, 0, sizeof *b);
    return v;
}

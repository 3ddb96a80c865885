/* lsp_text.c: the two translations between okrc and an LSP client: file
 * paths and `file:` URIs, and byte offsets and LSP positions.
 *
 * okrc's spans are byte offsets and its columns count code points; LSP
 * positions are a 0-based line and a column in UTF-16 code units (the one
 * encoding every client supports, and the one this server announces).
 * They differ on any line with non-ASCII text before the position: "é" is
 * two bytes, one code point and one UTF-16 unit; "😀" is four bytes, one
 * code point and two units. Lines are split the way clients split them
 * (LF, CRLF and a lone CR), which may differ from okrc's own line numbers
 * only for a file with lone CRs. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

void lsp_file_index(lsp_file *f, okr_arena *arena)
{
    size_t count = 1;
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n' || (f->text[i] == '\r' && (i + 1 == f->len || f->text[i + 1] != '\n')))
            count++;
    f->lines = okr_arena_alloc(arena, count * sizeof *f->lines);
    size_t n = 0;
    f->lines[n++] = 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n' || (f->text[i] == '\r' && (i + 1 == f->len || f->text[i + 1] != '\n')))
            f->lines[n++] = (uint32_t)(i + 1);
    f->line_count = count;
}

/* The length of the UTF-8 sequence at p (at most `avail` bytes) and its
 * UTF-16 length; an invalid byte counts as one byte and one unit, as a
 * client shows it as one U+FFFD. */
static size_t utf8_step(const unsigned char *p, size_t avail, int *units)
{
    size_t need;
    *units = 1;
    if (p[0] < 0x80)
        return 1;
    else if (p[0] >= 0xC2 && p[0] <= 0xDF)
        need = 2;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        need = 3;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        need = 4;
    else
        return 1;
    if (need > avail)
        return 1;
    for (size_t i = 1; i < need; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 1;
    if (need == 4)
        *units = 2;
    return need;
}

/* The end of line `line`'s content: before its line break. */
static size_t line_end(const lsp_file *f, size_t line)
{
    size_t end = line + 1 < f->line_count ? f->lines[line + 1] : f->len;
    if (end > f->lines[line] && line + 1 < f->line_count) {
        end--; /* the '\n' or lone '\r' */
        if (f->text[end] == '\n' && end > f->lines[line] && f->text[end - 1] == '\r')
            end--;
    }
    return end;
}

json_t *lsp_position_json(const lsp_file *f, uint32_t offset)
{
    if (offset > f->len)
        offset = (uint32_t)f->len;
    size_t lo = 0, hi = f->line_count;
    while (hi - lo > 1) { /* the last line starting at or before offset */
        size_t mid = lo + (hi - lo) / 2;
        if (f->lines[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    size_t end = line_end(f, lo), col = 0;
    if (offset < end)
        end = offset;
    const unsigned char *t = (const unsigned char *)f->text;
    for (size_t i = f->lines[lo]; i < end;) {
        int units;
        size_t step = utf8_step(t + i, end - i, &units);
        i += step;
        col += (size_t)units;
    }
    json_t *pos = json_object();
    json_object_set_new(pos, "line", json_integer((json_int_t)lo));
    json_object_set_new(pos, "character", json_integer((json_int_t)col));
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
    if ((size_t)line >= f->line_count)
        return (uint32_t)f->len;
    size_t i = f->lines[line], end = line_end(f, (size_t)line);
    const unsigned char *t = (const unsigned char *)f->text;
    long col = 0;
    while (i < end && col < character) {
        int units;
        size_t step = utf8_step(t + i, end - i, &units);
        if (col + units > character)
            break; /* inside a surrogate pair: stay before the character */
        i += step;
        col += units;
    }
    return (uint32_t)i;
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
    const unsigned char *p = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        int units;
        size_t step = utf8_step(p + i, len - i, &units);
        if (step == 1 && (p[i] >= 0x80 || p[i] == 0)) {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
        } else {
            memcpy(o, p + i, step);
            o += step;
        }
        i += step;
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

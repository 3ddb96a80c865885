/* source.c: the source table and the line table; see source.h. */
#include "source.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <utf8proc.h>

#include "workspace.h"

struct okr_source_reload {
    pthread_mutex_t lock;
};

void okr_source_init(okr_source_table *table, okr_arena *arena)
{
    memset(table, 0, sizeof *table);
    table->arena = arena;
    okr_textset_init(&table->words, arena);
    okr_textcache_init(&table->texts, arena);
}

void okr_source_free(okr_source_table *table)
{
    for (size_t i = 0; i < table->len; i++) {
        free(table->files[i]->line_starts);
        free(table->files[i]->owned);
    }
    free(table->files);
    table->files = NULL;
    table->len = table->cap = 0;
    if (table->reload) {
        pthread_mutex_destroy(&table->reload->lock);
        free(table->reload);
        table->reload = NULL;
    }
}

void okr_source_reserve(okr_source_table *table, size_t more)
{
    if (table->cap - table->len >= more)
        return;
    size_t cap = table->cap ? table->cap : 16;
    while (cap - table->len < more)
        cap *= 2;
    okr_source_file **files = realloc(table->files, cap * sizeof *files);
    if (!files)
        abort();
    table->files = files;
    table->cap = cap;
}

static okr_source_file *new_file(okr_source_table *table, const char *path)
{
    if (table->len == table->cap) {
        size_t cap = table->cap ? table->cap * 2 : 16;
        okr_source_file **files = realloc(table->files, cap * sizeof *files);
        if (!files)
            abort();
        table->files = files;
        table->cap = cap;
    }
    okr_source_file *f = okr_arena_alloc(table->arena, sizeof *f);
    f->path = okr_arena_strdup(table->arena, path);
    table->files[table->len++] = f;
    return f;
}

uint32_t okr_source_add(okr_source_table *table, const char *path, const char *bytes,
                        size_t len, int is_stdlib)
{
    okr_source_file *f = new_file(table, path);
    char *text = okr_arena_alloc_bytes(table->arena, len + 2);
    if (len)
        memcpy(text, bytes, len);
    text[len] = text[len + 1] = '\0';
    f->text = text;
    f->len = len;
    f->is_stdlib = is_stdlib;
    return (uint32_t)(table->len - 1);
}

uint32_t okr_source_adopt(okr_source_table *table, const char *path, char *text, size_t len,
                          int is_stdlib)
{
    okr_source_file *f = new_file(table, path);
    text[len] = text[len + 1] = '\0';
    f->text = f->owned = text;
    f->len = len;
    f->is_stdlib = is_stdlib;
    return (uint32_t)(table->len - 1);
}

uint32_t okr_source_add_external(okr_source_table *table, const char *path)
{
    uint32_t id = okr_source_add(table, path, "", 0, 0);
    table->files[id]->is_external = 1;
    return id;
}

okr_source_file *okr_source_get(const okr_source_table *table, uint32_t file)
{
    return file < table->len ? table->files[file] : NULL;
}

/* --- dropped files, read again ----------------------------------------- */

void okr_source_allow_drop(okr_source_table *table)
{
    if (table->reload)
        return;
    table->reload = malloc(sizeof *table->reload);
    if (!table->reload || pthread_mutex_init(&table->reload->lock, NULL) != 0)
        abort();
}

void okr_source_stamp_of(okr_source_stamp *stamp, const void *stp)
{
    const struct stat *st = stp;
    stamp->dev = (uint64_t)st->st_dev;
    stamp->ino = (uint64_t)st->st_ino;
    stamp->size = (int64_t)st->st_size;
    stamp->mtime_s = (int64_t)st->st_mtim.tv_sec;
    stamp->mtime_ns = (int64_t)st->st_mtim.tv_nsec;
    stamp->ctime_s = (int64_t)st->st_ctim.tv_sec;
    stamp->ctime_ns = (int64_t)st->st_ctim.tv_nsec;
}

/* Whether time s.ns lies at least OKR_SOURCE_RACY_SECONDS before since. */
static int settled(int64_t s, int64_t ns, int64_t since_s, int64_t since_ns)
{
    s += OKR_SOURCE_RACY_SECONDS;
    return s < since_s || (s == since_s && ns < since_ns);
}

int okr_source_stamp_settled(const okr_source_stamp *stamp, int64_t since_s, int64_t since_ns)
{
    return settled(stamp->mtime_s, stamp->mtime_ns, since_s, since_ns) &&
           settled(stamp->ctime_s, stamp->ctime_ns, since_s, since_ns);
}

void okr_source_drop(okr_source_file *f, okr_source_reload *reload)
{
    free(f->owned);
    f->owned = NULL;
    f->text = NULL;
    f->reload = reload;
}

static int same_stamp(const okr_source_stamp *a, const okr_source_stamp *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size && a->mtime_s == b->mtime_s &&
           a->mtime_ns == b->mtime_ns && a->ctime_s == b->ctime_s && a->ctime_ns == b->ctime_ns;
}

/* Reads f again; under the lock. It must be the file of f->stamp before
 * and after the read (a write during the read changes its ctime, which the
 * racy rule made safe to compare), with the bytes it had: else f is
 * `changed` and empty from then on. */
static void reload(okr_source_file *f)
{
    size_t len = 0;
    int too_big = 0;
    struct stat before, after;
    okr_source_stamp now, then;
    char *text = okr_workspace_read_stat(f->path, f->len, &len, &too_big, &before);
    int same = text && !too_big && len == f->len && stat(f->path, &after) == 0;
    if (same) {
        okr_source_stamp_of(&now, &before);
        okr_source_stamp_of(&then, &after);
        same = same_stamp(&now, &f->stamp) && same_stamp(&then, &f->stamp);
    }
    if (!same) {
        free(text);
        f->changed = 1;
        f->text = "\0";
        f->len = 0;
        return;
    }
    char *room = realloc(text, len + 2);
    if (!room)
        abort();
    room[len] = room[len + 1] = '\0';
    f->text = f->owned = room;
}

static void build_line_index(okr_source_file *f);

/* Makes f's text and line table ready: a dropped file is read again and
 * its line table built under the lock, so that threads asking at once
 * see one read. Returns 0 when the file changed (it is then empty). */
static int ready(okr_source_file *f)
{
    if (!f->reload)
        return 1;
    pthread_mutex_lock(&f->reload->lock);
    if (!f->text)
        reload(f);
    if (!f->line_starts)
        build_line_index(f);
    int ok = !f->changed;
    pthread_mutex_unlock(&f->reload->lock);
    return ok;
}

const char *okr_source_file_text(okr_source_file *f)
{
    return ready(f) ? f->text : NULL;
}

/* Whether the byte at i ends a line: LF, the LF of CRLF, or a lone CR. */
static int ends_line(const char *text, size_t len, size_t i)
{
    return text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
}

/* Finds the line breaks of text: returns how many, and when starts is not
 * NULL stores where each following line starts. A file without CR, the
 * usual case, is searched with memchr a line at a time; the index of a
 * large file is built when its first diagnostic is shown, so it counts. */
static size_t find_breaks(const char *text, size_t len, uint32_t *starts)
{
    size_t n = 0;
    if (!memchr(text, '\r', len)) {
        for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))) != NULL; p++) {
            if (starts)
                starts[n] = (uint32_t)(p - text + 1);
            n++;
        }
        return n;
    }
    for (size_t i = 0; i < len; i++) {
        if (ends_line(text, len, i)) {
            if (starts)
                starts[n] = (uint32_t)(i + 1);
            n++;
        }
    }
    return n;
}

static void build_line_index(okr_source_file *f)
{
    size_t count = 1 + find_breaks(f->text, f->len, NULL);
    f->line_starts = malloc(count * sizeof *f->line_starts);
    if (!f->line_starts)
        abort();
    f->line_starts[0] = 0;
    find_breaks(f->text, f->len, f->line_starts + 1);
    f->line_count = count;
}

/* The character at s, at most `avail` bytes: returns its length and sets
 * *cp to its code point, or returns 1 and sets *cp to -1 for a byte that
 * starts no valid UTF-8 sequence (the file failed validation). */
static size_t next_char(const char *s, size_t avail, int32_t *cp)
{
    unsigned char c = (unsigned char)s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_int32_t v;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)avail, &v);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return (size_t)n;
}

/* Code points in text[from, to). A byte of an invalid sequence counts one,
 * which keeps columns monotonic in files that fail validation, except a
 * stray continuation byte (10xxxxxx), which counts none: columns stay what
 * they have always been. */
static uint32_t count_code_points(const char *text, uint32_t from, uint32_t to)
{
    uint32_t n = 0;
    for (uint32_t i = from; i < to;) {
        int32_t cp;
        size_t step = next_char(text + i, to - i, &cp);
        if (cp >= 0 || ((unsigned char)text[i] & 0xC0) != 0x80)
            n++;
        i += (uint32_t)step;
    }
    return n;
}

size_t okr_source_line_count(okr_source_file *f)
{
    ready(f);
    if (!f->line_starts)
        build_line_index(f);
    return f->line_count;
}

size_t okr_source_line_index(okr_source_file *f, uint32_t offset)
{
    ready(f);
    if (!f->line_starts)
        build_line_index(f);
    size_t lo = 0, hi = f->line_count;
    while (hi - lo > 1) { /* the last line starting at or before offset */
        size_t mid = lo + (hi - lo) / 2;
        if (f->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

uint32_t okr_source_line_start(okr_source_file *f, size_t index)
{
    ready(f);
    if (!f->line_starts)
        build_line_index(f);
    return index < f->line_count ? f->line_starts[index] : (uint32_t)f->len;
}

uint32_t okr_source_line_end(okr_source_file *f, size_t index)
{
    ready(f);
    if (!f->line_starts)
        build_line_index(f);
    if (index + 1 >= f->line_count)
        return (uint32_t)f->len; /* the last line has no line break */
    uint32_t start = f->line_starts[index], end = f->line_starts[index + 1] - 1;
    if (f->text[end] == '\n' && end > start && f->text[end - 1] == '\r')
        end--; /* CRLF */
    return end;
}

okr_position okr_source_position(const okr_source_table *table, uint32_t file, uint32_t offset)
{
    okr_position pos = {1, 1};
    okr_source_file *f = okr_source_get(table, file);
    if (!f)
        return pos;
    if (f->is_external) {
        pos.line = offset ? offset : 1;
        return pos;
    }
    ready(f);
    if (offset > f->len)
        offset = (uint32_t)f->len;
    size_t line = okr_source_line_index(f, offset);
    pos.line = (uint32_t)line + 1;
    pos.column = count_code_points(f->text, f->line_starts[line], offset) + 1;
    return pos;
}

const char *okr_source_line(const okr_source_table *table, uint32_t file, uint32_t line,
                            size_t *len)
{
    okr_source_file *f = okr_source_get(table, file);
    *len = 0;
    if (!f || f->is_external)
        return NULL;
    if (line == 0 || line > okr_source_line_count(f))
        return NULL;
    uint32_t start = f->line_starts[line - 1];
    *len = okr_source_line_end(f, line - 1) - start;
    return f->text + start;
}

/* UTF-16 units of one character: two for one beyond the Basic
 * Multilingual Plane (a surrogate pair), else one; an invalid byte shows as
 * one U+FFFD. */
static uint32_t utf16_units(int32_t cp)
{
    return cp >= 0x10000 ? 2 : 1;
}

uint32_t okr_source_utf16_column(okr_source_file *f, uint32_t offset)
{
    ready(f);
    if (offset > f->len)
        offset = (uint32_t)f->len;
    size_t line = okr_source_line_index(f, offset);
    uint32_t end = okr_source_line_end(f, line), column = 0;
    if (offset < end)
        end = offset;
    for (uint32_t i = f->line_starts[line]; i < end;) {
        int32_t cp;
        i += (uint32_t)next_char(f->text + i, end - i, &cp);
        column += utf16_units(cp);
    }
    return column;
}

uint32_t okr_source_utf16_offset(okr_source_file *f, size_t index, size_t column)
{
    if (index >= okr_source_line_count(f))
        return (uint32_t)f->len;
    uint32_t i = f->line_starts[index], end = okr_source_line_end(f, index);
    size_t col = 0;
    while (i < end && col < column) {
        int32_t cp;
        size_t step = next_char(f->text + i, end - i, &cp);
        if (col + utf16_units(cp) > column)
            break; /* inside a surrogate pair: stay before the character */
        i += (uint32_t)step;
        col += utf16_units(cp);
    }
    return i;
}

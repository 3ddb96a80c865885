/* source.c: the source table; see source.h. */
#include "source.h"

#include <stdlib.h>
#include <string.h>


void okr_source_init(okr_source_table *table, okr_arena *arena)
{
    memset(table, 0, sizeof *table);
    table->arena = arena;
}

void okr_source_free(okr_source_table *table)
{
    for (size_t i = 0; i < table->len; i++)
        free(table->files[i]->line_starts);
    free(table->files);
    table->files = NULL;
    table->len = table->cap = 0;
}

uint32_t okr_source_add(okr_source_table *table, const char *path, const char *bytes,
                        size_t len, int is_stdlib)
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
    f->text = okr_arena_strndup(table->arena, bytes, len);
    f->len = len;
    f->is_stdlib = is_stdlib;
    table->files[table->len] = f;
    return (uint32_t)table->len++;
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

static void build_line_index(okr_source_file *f)
{
    size_t count = 1;
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n')
            count++;
    f->line_starts = malloc(count * sizeof *f->line_starts);
    if (!f->line_starts)
        abort();
    size_t n = 0;
    f->line_starts[n++] = 0;
    for (size_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n')
            f->line_starts[n++] = (uint32_t)(i + 1);
    f->line_count = count;
}

/* Code points in text[from, to): bytes that do not start a UTF-8 sequence
 * (continuation bytes 10xxxxxx) are not counted. Invalid sequences count one
 * per byte, which keeps columns monotonic in files that fail validation. */
static uint32_t count_code_points(const char *text, uint32_t from, uint32_t to)
{
    uint32_t n = 0;
    for (uint32_t i = from; i < to; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            n++;
    return n;
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
    if (!f->line_starts)
        build_line_index(f);
    if (offset > f->len)
        offset = (uint32_t)f->len;
    size_t lo = 0, hi = f->line_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    pos.line = (uint32_t)lo + 1;
    pos.column = count_code_points(f->text, f->line_starts[lo], offset) + 1;
    return pos;
}

const char *okr_source_line(const okr_source_table *table, uint32_t file, uint32_t line,
                            size_t *len)
{
    okr_source_file *f = okr_source_get(table, file);
    *len = 0;
    if (!f || f->is_external)
        return NULL;
    if (!f->line_starts)
        build_line_index(f);
    if (line == 0 || line > f->line_count)
        return NULL;
    uint32_t start = f->line_starts[line - 1];
    uint32_t end = line < f->line_count ? f->line_starts[line] - 1 : (uint32_t)f->len;
    if (end > start && f->text[end - 1] == '\r')
        end--;
    *len = end - start;
    return f->text + start;
}

okr_span okr_span_make(uint32_t file, uint32_t start, uint32_t end)
{
    okr_span s = {file, start, end};
    return s;
}

okr_span okr_span_join(okr_span a, okr_span b)
{
    if (a.file != b.file)
        return a;
    okr_span s = {a.file, a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
    return s;
}

/* source.h: the table of source files of one compilation, spans, and the
 * one line table.
 *
 * A span is a byte range [start, end) in one file of the table. Everything
 * downstream of the lexer carries spans; line and column are computed only
 * when a diagnostic is shown (okr_source_position), from a line index built
 * on first use. Columns are 1-based counts of Unicode code points, so that a
 * column means the same in text, JSON, SARIF and GitHub output.
 *
 * The line index is the only one in okrc: diagnostics and the language
 * server's positions both come from it. A line ends at LF, at CRLF and at a
 * lone CR (spec.md, "Positions": the way editors count lines), so an LSP
 * line and a diagnostic's line are the same line. UTF-8 is decoded by
 * utf8proc; a byte that starts no valid sequence counts as one character
 * (one UTF-16 unit; one column, except that a stray continuation byte adds
 * no code-point column, as always). */
#ifndef OKR_SOURCE_H
#define OKR_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "strmap.h"
#include "textset.h"

typedef struct okr_span {
    uint32_t file;  /* index in the source table; OKR_NO_FILE for none */
    uint32_t start; /* byte offsets, end exclusive */
    uint32_t end;
} okr_span;

#define OKR_NO_FILE UINT32_MAX

/* What fstat(2) said of a file when it was read: a file whose text the
 * table dropped is read again only if it is still that file, unchanged. */
typedef struct okr_source_stamp {
    uint64_t dev, ino;
    int64_t size, mtime_s, mtime_ns, ctime_s, ctime_ns;
} okr_source_stamp;

/* The lock under which a table's dropped files are read again; one per
 * table (okr_source_allow_drop), shared by the threads of the passes. */
typedef struct okr_source_reload okr_source_reload;

typedef struct okr_source_file {
    const char *path;      /* as given on the command line, or "<stdlib>/std/x.okr" */
    const char *text;      /* copy of the bytes, followed by two NULs: the scanner
                              reads them in place (flex's yy_scan_buffer), writing
                              a NUL past each token while it reads it */
    size_t len;
    int is_stdlib;
    int is_external;       /* a metric feed: its text is not kept, and a span's
                              offsets are line numbers (column 1), so feed rows
                              can be reported without holding the feed */
    char *owned;           /* text when the table frees it (okr_source_adopt) */
    uint32_t *line_starts; /* built lazily: the offset where each line starts */
    size_t line_count;
    /* A file `okrc check` parsed, then dropped the text of (its bytes are
     * needed again only to show a finding): text is NULL until something
     * asks for it (okr_source_file_text and the line table functions),
     * which reads the file again under reload's lock. If it is no longer
     * the file of `stamp`, it is `changed`: from then on its text is empty
     * (len 0) and okr_source_file_text returns NULL. */
    okr_source_reload *reload;
    okr_source_stamp stamp;
    int changed;
} okr_source_file;

typedef struct okr_source_table {
    okr_arena *arena;
    okr_source_file **files;
    size_t len, cap;
    /* What the scanner reads, shared (textset.h): the names and unit
     * suffixes interned in `words` (a large program spells the same few
     * thousand names millions of times); the strings without escapes
     * through a cache of recent ones, `texts` (it repeats its owners and
     * many titles). Apart, the names' set stays small enough to stay in
     * the CPU's cache. */
    okr_textset words;
    okr_textcache texts;
    okr_source_reload *reload; /* okr_source_allow_drop; freed by okr_source_free */
} okr_source_table;

typedef struct okr_position {
    uint32_t line;   /* 1-based */
    uint32_t column; /* 1-based, in code points */
} okr_position;

void okr_source_init(okr_source_table *table, okr_arena *arena);
void okr_source_free(okr_source_table *table);
/* Adds a file whose bytes are copied into the arena; returns its index. */
uint32_t okr_source_add(okr_source_table *table, const char *path,
                        const char *bytes, size_t len, int is_stdlib);
/* Adds a file whose bytes the table takes over: TEXT was malloc'd with room
 * for len + 2 bytes (the two NULs are written here) and is freed by
 * okr_source_free. A large program's files are then held once, not twice. */
uint32_t okr_source_adopt(okr_source_table *table, const char *path, char *text, size_t len,
                          int is_stdlib);
/* Makes room for `more` files past table->len, so that threads can each
 * fill slots of table->files (checker/program.c) without it moving. */
void okr_source_reserve(okr_source_table *table, size_t more);
/* Registers a feed file for diagnostics; spans into it are
 * okr_span_make(id, line, line). */
uint32_t okr_source_add_external(okr_source_table *table, const char *path);
okr_source_file *okr_source_get(const okr_source_table *table, uint32_t file);

/* --- files read, parsed, and read again when needed ---------------------
 *
 * Once a file is parsed, its bytes are needed only to show a finding
 * (snippets, positions), to read a suppression comment's lines, or for a
 * fix. `okrc check` drops them (checker/program.c): every access after the
 * parse goes through okr_source_file_text or the line table functions
 * below, which read a dropped file again, once, and keep it. */

/* Seconds a file's mtime and ctime must lie before the start of the load
 * for its text to be dropped (git's racy-timestamp rule): a file written
 * within the same tick of a file system's clock as the read could change
 * again with the same stamp. Two seconds covers FAT's coarsest mtime. */
enum { OKR_SOURCE_RACY_SECONDS = 2 };

/* Makes table->reload, which okr_source_drop needs. Not thread-safe. */
void okr_source_allow_drop(okr_source_table *table);
/* The stamp of a struct stat (sys/stat.h), as void * to keep it out of
 * this header. */
void okr_source_stamp_of(okr_source_stamp *stamp, const void *st);
/* Whether a file of this stamp may be dropped when its read began after
 * `since_s`.`since_ns` (CLOCK_REALTIME): its mtime and ctime lie at least
 * OKR_SOURCE_RACY_SECONDS before. */
int okr_source_stamp_settled(const okr_source_stamp *stamp, int64_t since_s, int64_t since_ns);
/* Frees f's text (f->owned), to be read again when needed: f->stamp is set
 * and the table's okr_source_allow_drop made `reload`. */
void okr_source_drop(okr_source_file *f, okr_source_reload *reload);
/* The one way to f's text after the parse: the text, read again first if
 * it was dropped (thread-safe), or NULL when the file changed since it was
 * read (f->changed; okr_program_check reports it as OKR012). */
const char *okr_source_file_text(okr_source_file *f);
okr_position okr_source_position(const okr_source_table *table, uint32_t file, uint32_t offset);
/* The bytes of the line holding `offset`, without its newline. */
const char *okr_source_line(const okr_source_table *table, uint32_t file, uint32_t line,
                            size_t *len);

/* The line table of one file, lines numbered from 0 (the form the language
 * server needs; okr_position numbers them from 1). Each builds the index on
 * first use. An offset past the end counts as the end. */
size_t okr_source_line_count(okr_source_file *f);
size_t okr_source_line_index(okr_source_file *f, uint32_t offset);
uint32_t okr_source_line_start(okr_source_file *f, size_t index);
/* Where line `index`'s content ends: before its line break. */
uint32_t okr_source_line_end(okr_source_file *f, size_t index);
/* UTF-16 code units from the start of offset's line to offset (or to the
 * end of the line's content, if offset is inside its line break). */
uint32_t okr_source_utf16_column(okr_source_file *f, uint32_t offset);
/* The byte offset of a 0-based line and UTF-16 column: a column past the
 * end of the line means its end, a line past the last means the end of the
 * file, and a column inside a surrogate pair stays before its character. */
uint32_t okr_source_utf16_offset(okr_source_file *f, size_t index, size_t column);

/* Inline: the scanner makes a span for every token. */
static inline okr_span okr_span_make(uint32_t file, uint32_t start, uint32_t end)
{
    okr_span s = {file, start, end};
    return s;
}

static inline okr_span okr_span_join(okr_span a, okr_span b)
{
    if (a.file != b.file)
        return a;
    okr_span s = {a.file, a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
    return s;
}

#endif

/* feed_import.h: `okrc feed import` (a CSV feed into an SQLite table), and
 * the row-level machinery the feed readers share to do it.
 *
 * The import must accept and reject exactly the rows that grading from the
 * same CSV would, so it does not parse CSV itself: the CSV reader is split
 * into a scanner that hands each validated row to a callback (the store for
 * grading, an INSERT for the import). The scanner, the row callback type and
 * the per-read diagnostics state are declared here for feed*.c only; the
 * CLI needs nothing but okr_feed_import_csv(). */
#ifndef OKR_FEED_IMPORT_H
#define OKR_FEED_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "feed.h"

/* Imports every valid row of the CSV feed at csv_path (header row with the
 * columns metric, timestamp, value) into `table` (NULL: "metrics") of the
 * SQLite database db_path, which is created if missing, as is the table
 * (metric TEXT NOT NULL, timestamp TEXT NOT NULL, value REAL NOT NULL).
 * Timestamps are written in UTC as YYYY-MM-DDTHH:MM:SSZ. Rows are appended
 * in one transaction; malformed rows are diagnostics and are skipped.
 * Returns 0, or -1 (with a diagnostic, and nothing imported) when the CSV
 * cannot be read or the database refuses the rows. */
int okr_feed_import_csv(const char *csv_path, const char *db_path, const char *table, okr_diags *diags,
                        okr_source_table *sources, size_t *rows_imported);

/* ---- shared by the feed readers (feed.c, feed_csv.c, feed_jsonl.c, feed_sqlite.c) ---- */

/* The size of the CSV reader's fread() chunks; rows may straddle them. */
enum { OKR_FEED_CSV_CHUNK = 1 << 20 };
/* A CSV row (or JSON line) longer than this ends the read: it is almost
 * always an unterminated quote swallowing the rest of the file, and holding
 * it would make memory grow with the feed. */
enum { OKR_FEED_MAX_ROW = 64 << 20 };

/* Where a valid row goes. Returns 0 to go on, -1 to stop the read (the
 * callback has reported why). */
typedef int (*okr_feed_row_fn)(void *user, const char *metric, size_t metric_len, int64_t ts, double value,
                               uint32_t line);

/* The state of one read: where its diagnostics go and how many were shown.
 * Only the first OKR_DIAG_MAX_PER_FILE - 1 malformed rows of a feed become
 * diagnostics of their own and one more counts the rest, so that a feed of
 * a million bad rows costs neither a million records nor their memory. */
typedef struct okr_feed_reader {
    okr_feed_ctx *ctx;
    const okr_feed_spec *spec;
    uint32_t file;            /* source id of the feed, for spans */
    size_t reported;          /* row diagnostics recorded */
    size_t unreported;        /* malformed rows past the cap */
    uint32_t first_unreported;
    int rows_not_lines;       /* SQL results: messages say "row N" */
    struct okr_feed_name_slot *names; /* recent metric names -> series, see feed.c */
    okr_feed_row_fn row;      /* into the store (feed.c) unless importing */
    void *user;
} okr_feed_reader;

/* Registers spec->location as an external source; rows go to the store. */
void okr_feed_reader_init(okr_feed_reader *r, okr_feed_ctx *ctx, const okr_feed_spec *spec);
/* Counts a malformed row and reports it (under the cap) at `line`, with
 * `help` as the help line. Returns -1 when ctx->strict (stop), else 0. */
int okr_feed_malformed(okr_feed_reader *r, okr_code code, uint32_t line, const char *help, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The two most common cases, with the standard wording and help. */
int okr_feed_bad_timestamp(okr_feed_reader *r, uint32_t line, const char *text, size_t len, const char *why);
int okr_feed_bad_number(okr_feed_reader *r, uint32_t line, const char *what, const char *text, size_t len);
/* A problem that stops the whole read (unreadable file, SQL error), at the
 * feed as a whole. Returns -1. */
int okr_feed_fail(okr_feed_reader *r, okr_code code, const char *help, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Reports the rows past the cap, if any. Call once at the end of a read. */
void okr_feed_reader_finish(okr_feed_reader *r);
/* A field as it may appear in a message: at most 60 bytes, control
 * characters replaced, "..." when cut. Allocated in the diagnostics arena. */
const char *okr_feed_excerpt(okr_feed_reader *r, const char *text, size_t len);

/* The CSV reader proper: scans spec->location and calls r->row for every
 * valid row. Returns as okr_feed_read. */
int okr_feed_scan_csv(okr_feed_reader *r);

/* One field of a CSV row, unescaped, inside the scanned text. */
typedef struct okr_csv_cell {
    const char *text;
    size_t len;
} okr_csv_cell;
/* Gets each well-formed row; returns 0 to go on, -1 to stop. */
typedef int (*okr_csv_cells_fn)(void *user, const okr_csv_cell *cells, size_t count, uint32_t line);
/* The CSV tokeniser over a whole text in memory (a UTF-8 BOM skipped,
 * blank lines skipped, quoted fields unescaped in place): for small CSV
 * files that are not metric feeds (check-ins). A row that cannot be split
 * is reported through r (okr_feed_malformed). Returns 0, or -1 when fn or
 * a strict read stopped. */
int okr_csv_scan_text(okr_feed_reader *r, char *text, size_t len, okr_csv_cells_fn fn, void *user);

#endif

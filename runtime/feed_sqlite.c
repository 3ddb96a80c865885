/* feed_sqlite.c: SQLite feeds (sqlite:PATH#table=NAME or #query=SQL), and
 * `okrc feed import`, which loads a CSV feed into such a table.
 *
 * Grading must never change the data it grades, so the database is opened
 * read-only: a query= that tries to write fails instead of writing, and a
 * missing file is an error rather than a new empty database. Identifiers
 * from the command line are quoted ("%w" doubles embedded quotes), so a
 * table or column name can hold any character and cannot inject SQL; a
 * query= is the user's own SQL and is run as given.
 *
 * SQLite columns are dynamically typed, so each row's cells are checked:
 * the metric is TEXT, the timestamp TEXT (ISO 8601, parsed strictly as in
 * every feed) or a number of seconds since the epoch, the value a number
 * or TEXT holding one. Rows are numbered from 1 in the result, and a bad
 * row is reported at "row N" of the database file. */
#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "dynlib.h"
#include "feed.h"
#include "feed_import.h"
#include "../common/calendar.h"
#include "../common/workspace.h"

/* SQLite is opened when a sqlite: feed is read or a feed imported, not
 * linked: loading it cost every start of okrc a tenth of an `okrc check`
 * of a small file (dynlib.h). Each read opens it for itself, as a read
 * costs far more than the loading. */
#define OKR_SQLITE_SONAME "libsqlite3.so.0"
#define OKR_SQLITE_FUNCTIONS(X)                                                                                    \
    X(sqlite3_bind_double)                                                                                         \
    X(sqlite3_bind_text)                                                                                           \
    X(sqlite3_busy_timeout)                                                                                        \
    X(sqlite3_close)                                                                                               \
    X(sqlite3_column_bytes)                                                                                        \
    X(sqlite3_column_count)                                                                                        \
    X(sqlite3_column_double)                                                                                       \
    X(sqlite3_column_int64)                                                                                        \
    X(sqlite3_column_name)                                                                                         \
    X(sqlite3_column_text)                                                                                         \
    X(sqlite3_column_type)                                                                                         \
    X(sqlite3_db_config)                                                                                           \
    X(sqlite3_errmsg)                                                                                              \
    X(sqlite3_exec)                                                                                                \
    X(sqlite3_extended_errcode)                                                                                    \
    X(sqlite3_finalize)                                                                                            \
    X(sqlite3_free)                                                                                                \
    X(sqlite3_mprintf)                                                                                             \
    X(sqlite3_open_v2)                                                                                             \
    X(sqlite3_prepare_v2)                                                                                          \
    X(sqlite3_reset)                                                                                               \
    X(sqlite3_step)

typedef struct sqlite_lib {
    okr_dynlib lib;
#define OKR_SQLITE_POINTER(name) __typeof__(&name) name;
    OKR_SQLITE_FUNCTIONS(OKR_SQLITE_POINTER)
#undef OKR_SQLITE_POINTER
} sqlite_lib;

/* Opens SQLite into *sq (zeroed). OKRC_LIBSQLITE3 names another file to
 * open instead, a test hook (spec.md). */
static int sqlite_open_lib(sqlite_lib *sq)
{
#define OKR_SQLITE_SYMBOL(name) {#name, &sq->name},
    const okr_dynlib_symbol symbols[] = {OKR_SQLITE_FUNCTIONS(OKR_SQLITE_SYMBOL)};
#undef OKR_SQLITE_SYMBOL
    return okr_dynlib_open(&sq->lib, OKR_SQLITE_SONAME, "OKRC_LIBSQLITE3", symbols, sizeof symbols / sizeof symbols[0]);
}

/* SQLite cannot be loaded: the feed (or import) fails like a missing file. */
static int sqlite_missing(okr_feed_reader *r, const sqlite_lib *sq, const char *what)
{
    return okr_feed_fail(r, OKR901,
                         "SQLite feeds and `okrc feed import` need the SQLite library (" OKR_SQLITE_SONAME "): install "
                         "it with `apt-get install libsqlite3-0` (Debian, Ubuntu) or `dnf install sqlite-libs` "
                         "(Fedora)",
                         "%s: cannot load the SQLite library: %s", what, sq->lib.error);
}

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range of text
 * timestamps, so that numeric ones cannot overflow the day arithmetic. */
#define MIN_EPOCH_SECONDS (-62135596800.0)
#define MAX_EPOCH_SECONDS 253402300799.0

static const char *sql_type_name(int type)
{
    switch (type) {
    case SQLITE_INTEGER: return "INTEGER";
    case SQLITE_FLOAT: return "REAL";
    case SQLITE_TEXT: return "TEXT";
    case SQLITE_BLOB: return "BLOB";
    case SQLITE_NULL: return "NULL";
    }
    return "?";
}

static int is_blank_sql(const char *s)
{
    /* What is left after the first statement may be blank or a comment. */
    while (*s) {
        if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ';') {
            s++;
        } else if (s[0] == '-' && s[1] == '-') {
            while (*s && *s != '\n')
                s++;
        } else if (s[0] == '/' && s[1] == '*') {
            const char *e = strstr(s + 2, "*/");
            if (!e)
                return 1;
            s = e + 2;
        } else {
            return 0;
        }
    }
    return 1;
}

/* One result row: 0 to go on, -1 to stop. */
static int read_result_row(okr_feed_reader *r, const sqlite_lib *sq, sqlite3_stmt *stmt, uint32_t row)
{
    r->ctx->stats.rows++;
    int mt = sq->sqlite3_column_type(stmt, 0);
    int tt = sq->sqlite3_column_type(stmt, 1);
    int vt = sq->sqlite3_column_type(stmt, 2);
    if (mt != SQLITE_TEXT)
        return okr_feed_malformed(r, OKR903, row, "store metric names as TEXT", "the metric is %s, not TEXT",
                                  sql_type_name(mt));
    const char *metric = (const char *)sq->sqlite3_column_text(stmt, 0);
    size_t metric_len = (size_t)sq->sqlite3_column_bytes(stmt, 0);
    if (metric_len == 0)
        return okr_feed_malformed(r, OKR903, row, "give the metric's name (or its `source` name) in every row",
                                  "empty metric name");

    int64_t ts;
    if (tt == SQLITE_TEXT) {
        const char *text = (const char *)sq->sqlite3_column_text(stmt, 1);
        size_t len = (size_t)sq->sqlite3_column_bytes(stmt, 1);
        const char *why;
        if (!okr_parse_timestamp(text, len, &ts, &why))
            return okr_feed_bad_timestamp(r, row, text, len, why);
    } else if (tt == SQLITE_INTEGER || tt == SQLITE_FLOAT) {
        double secs = sq->sqlite3_column_double(stmt, 1);
        if (!(secs >= MIN_EPOCH_SECONDS && secs <= MAX_EPOCH_SECONDS))
            return okr_feed_malformed(r, OKR904, row,
                                      "numeric timestamps are seconds since 1970-01-01T00:00:00Z, in years 1 to 9999",
                                      "timestamp %g is out of range", secs);
        ts = tt == SQLITE_INTEGER ? (int64_t)sq->sqlite3_column_int64(stmt, 1) : (int64_t)floor(secs);
    } else {
        return okr_feed_malformed(r, OKR904, row,
                                  "store timestamps as ISO 8601 TEXT (2026-07-01T09:30:00Z) or as seconds since the "
                                  "epoch",
                                  "the timestamp is %s", sql_type_name(tt));
    }

    double value;
    if (vt == SQLITE_INTEGER || vt == SQLITE_FLOAT) {
        value = sq->sqlite3_column_double(stmt, 2);
        if (!isfinite(value))
            return okr_feed_malformed(r, OKR905, row, "values are finite numbers", "the value is not finite");
    } else if (vt == SQLITE_TEXT) {
        const char *text = (const char *)sq->sqlite3_column_text(stmt, 2);
        size_t len = (size_t)sq->sqlite3_column_bytes(stmt, 2);
        if (!okr_parse_value(text, len, &value))
            return okr_feed_bad_number(r, row, "value", text, len);
    } else {
        return okr_feed_malformed(r, OKR905, row, "store values as REAL or INTEGER; leave out rows without a value",
                                  "the value is %s", sql_type_name(vt));
    }
    return r->row(r->user, metric, metric_len, ts, value, row);
}

/* After a failed table read: the columns the table has, as a help line on
 * the diagnostic just reported, when the table exists. */
static void help_columns(okr_feed_reader *r, const sqlite_lib *sq, sqlite3 *db, const char *table)
{
    okr_diags *diags = r->ctx->diags;
    char *sql = sq->sqlite3_mprintf("SELECT * FROM \"%w\" LIMIT 0", table);
    sqlite3_stmt *stmt = NULL;
    if (sql && sq->sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK && stmt && diags->list.len) {
        /* At most 12 names, as for a CSV header: a table may have 32767
         * columns, and re-printing the list per column would be quadratic. */
        const char *cols = "";
        int n = sq->sqlite3_column_count(stmt);
        for (int i = 0; i < n && i < 12; i++) {
            const char *name = sq->sqlite3_column_name(stmt, i);
            cols = okr_arena_printf(diags->arena, "%s%s'%s'", cols, i ? ", " : "",
                                    name ? okr_feed_excerpt(r, name, strlen(name)) : "?");
        }
        if (n > 12)
            cols = okr_arena_printf(diags->arena, "%s and %d more", cols, n - 12);
        okr_diag_help(diags, diags->list.items[diags->list.len - 1], "table '%s' has the columns %s", table, cols);
    }
    sq->sqlite3_finalize(stmt);
    sq->sqlite3_free(sql);
}

/* The help for an SQLite failure, from what SQLite says went wrong, or
 * `fallback` when that is the query or the table named: a locked database
 * or an unfinished transaction is no matter of #table=, and a refused
 * load_extension() no matter of integrity. */
static const char *failure_help(const sqlite_lib *sq, sqlite3 *db, const char *fallback)
{
    int code = sq->sqlite3_extended_errcode(db);
    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "another process is writing to the database (okrc waited 5 seconds for it): grade again when it "
               "is done, or grade from a copy (sqlite3 DB \".backup COPY\")";
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
        if (code == SQLITE_READONLY_ROLLBACK || code == SQLITE_READONLY_RECOVERY || code == SQLITE_READONLY ||
            code == SQLITE_CANTOPEN_ISDIR || code == SQLITE_READONLY_CANTINIT)
            return "the database has an unfinished transaction (a hot DB-journal, or DB-wal, left by a writer "
                   "that stopped), which okrc, reading only, cannot roll back: open the database once with the "
                   "sqlite3 shell, which recovers it, then grade again";
        return fallback;
    case SQLITE_AUTH:
        return "okrc loads no SQLite extensions: compute the value with SQLite's built-in functions in "
               "#query=, or store it in a table first";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return "check the database with the sqlite3 shell (PRAGMA integrity_check), or grade from a backup";
    case SQLITE_IOERR:
        return "the disk failed a read: check the file system, or grade from a copy of the database";
    default:
        break;
    }
    /* A disabled load_extension() is SQLITE_ERROR "not authorized". */
    if (strcmp(sq->sqlite3_errmsg(db), "not authorized") == 0)
        return "okrc loads no SQLite extensions: compute the value with SQLite's built-in functions in "
               "#query=, or store it in a table first";
    return fallback;
}

static int read_db(okr_feed_reader *r, const sqlite_lib *sq, sqlite3 *db)
{
    const okr_feed_spec *spec = r->spec;
    const char *table = spec->table ? spec->table : "metrics";
    char *built = NULL;
    const char *sql = spec->query;
    if (!sql) {
        built = sq->sqlite3_mprintf("SELECT \"%w\", \"%w\", \"%w\" FROM \"%w\"", spec->col_metric, spec->col_time,
                                spec->col_value, table);
        if (!built)
            return okr_feed_fail(r, OKR901, "free some memory and try again", "out of memory");
        sql = built;
    }
    sqlite3_stmt *stmt = NULL;
    const char *tail = NULL;
    int rc = 0;
    if (sq->sqlite3_prepare_v2(db, sql, -1, &stmt, &tail) != SQLITE_OK) {
        const char *naming = spec->query ? "check the query; run it in the sqlite3 shell to see what it returns "
                                           "(string literals take single quotes)"
                                         : "name the table with #table=NAME and the columns with #metric=, "
                                           "#time= and #value=, or give a #query=";
        const char *help = failure_help(sq, db, naming);
        rc = okr_feed_fail(r, OKR901, help, "cannot read SQLite feed '%s': %s", spec->text, sq->sqlite3_errmsg(db));
        if (!spec->query && help == naming)
            help_columns(r, sq, db, table);
    } else if (!stmt) {
        rc = okr_feed_fail(r, OKR901, "write a SELECT returning metric, timestamp and value",
                           "SQLite feed '%s': the query is empty", spec->text);
    } else if (!is_blank_sql(tail)) {
        rc = okr_feed_fail(r, OKR901, "write one SELECT returning metric, timestamp and value",
                           "SQLite feed '%s': query= takes one SQL statement", spec->text);
    } else if (sq->sqlite3_column_count(stmt) != 3) {
        rc = okr_feed_fail(r, OKR901, "select exactly three columns: metric, timestamp, value (in that order)",
                           "SQLite feed '%s': the query returns %d column%s, not 3", spec->text,
                           sq->sqlite3_column_count(stmt), sq->sqlite3_column_count(stmt) == 1 ? "" : "s");
    } else {
        uint32_t row = 0;
        int st;
        while ((st = sq->sqlite3_step(stmt)) == SQLITE_ROW) {
            if (read_result_row(r, sq, stmt, ++row) < 0) {
                rc = -1;
                break;
            }
        }
        if (rc == 0 && st != SQLITE_DONE)
            rc = okr_feed_fail(r, OKR901,
                               failure_help(sq, db, spec->query ? "run the query in the sqlite3 shell to see where it "
                                                              "fails"
                                                            : "check the database with the sqlite3 shell "
                                                              "(PRAGMA integrity_check)"),
                               "error reading SQLite feed '%s' after row %u: %s", spec->text, (unsigned)row,
                               sq->sqlite3_errmsg(db));
    }
    sq->sqlite3_finalize(stmt);
    sq->sqlite3_free(built);
    return rc;
}

static int read_file(okr_feed_reader *r, const sqlite_lib *sq, const okr_feed_spec *spec)
{
    sqlite3 *db = NULL;
    if (sq->sqlite3_open_v2(spec->location, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        int rc = okr_feed_fail(r, OKR901,
                               db ? failure_help(sq, db, "check that the file is an SQLite database you may read")
                                  : "free some memory and try again",
                               "cannot open SQLite feed '%s': %s", spec->text,
                               db ? sq->sqlite3_errmsg(db) : "out of memory");
        sq->sqlite3_close(db);
        return rc;
    }
    sq->sqlite3_busy_timeout(db, 5000);
    /* SQLite takes a double-quoted name that is no column for a string
     * literal: `"up"` on a table without `up` would be the text 'up' in
     * every row, filing them all under one metric. Off, a missing column is
     * the error it is, in a table read and a query= alike. */
    sq->sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
    sq->sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
    int rc = read_db(r, sq, db);
    sq->sqlite3_close(db);
    return rc;
}

int okr_feed_read_sqlite(okr_feed_ctx *ctx, const okr_feed_spec *spec)
{
    okr_feed_reader r;
    okr_feed_reader_init(&r, ctx, spec);
    r.rows_not_lines = 1;
    /* SQLite's own message for a missing file is "unable to open database
     * file"; the system's says why. */
    struct stat st;
    if (stat(spec->location, &st) != 0)
        return okr_feed_fail(&r, OKR901, "check the path of the database file",
                             "cannot open SQLite feed '%s': %s", spec->text, strerror(errno));
    sqlite_lib sq = {0};
    int rc = sqlite_open_lib(&sq) == 0
                 ? read_file(&r, &sq, spec)
                 : sqlite_missing(&r, &sq,
                                  okr_arena_printf(ctx->diags->arena, "cannot read SQLite feed '%s'", spec->text));
    okr_dynlib_close(&sq.lib);
    okr_feed_reader_finish(&r);
    return rc;
}

/* ---- okrc feed import ---- */

typedef struct import_state {
    okr_feed_reader *r;
    const sqlite_lib *sq;
    sqlite3 *db;
    sqlite3_stmt *insert;
    const char *db_path;
    size_t rows;
} import_state;

static int insert_row(void *user, const char *metric, size_t metric_len, int64_t ts, double value, uint32_t line)
{
    (void)line;
    import_state *im = user;
    const sqlite_lib *sq = im->sq;
    long day = okr_calendar_day_of(ts);
    int64_t secs = ts - (int64_t)day * OKR_SECONDS_PER_DAY;
    int y, mo, d;
    okr_calendar_date_from_days(day, &y, &mo, &d);
    char text[32];
    snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
    /* The CSV buffer holds metric until the next row is scanned, which is
     * after this step: SQLITE_STATIC spares a copy per row. */
    sq->sqlite3_bind_text(im->insert, 1, metric, (int)metric_len, SQLITE_STATIC);
    sq->sqlite3_bind_text(im->insert, 2, text, -1, SQLITE_STATIC);
    sq->sqlite3_bind_double(im->insert, 3, value);
    int st = sq->sqlite3_step(im->insert);
    sq->sqlite3_reset(im->insert);
    if (st != SQLITE_DONE)
        return okr_feed_fail(im->r, OKR901, "check that the database is writable and the table has the columns "
                                            "metric, timestamp and value",
                             "cannot insert into '%s': %s", im->db_path, sq->sqlite3_errmsg(im->db));
    im->rows++;
    return 0;
}

static int exec_sql(okr_feed_reader *r, const sqlite_lib *sq, sqlite3 *db, const char *db_path, const char *sql)
{
    if (sq->sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    return okr_feed_fail(r, OKR901, "check that the database is writable and not locked by another program",
                         "database '%s': %s", db_path, sq->sqlite3_errmsg(db));
}

/* The import proper, once SQLite is loaded: the rows of the CSV into the
 * table, in one transaction. */
static int import_rows(okr_feed_reader *r, const sqlite_lib *sq, const char *db_path, const char *table,
                       size_t *rows_imported)
{
    sqlite3 *db = NULL;
    if (sq->sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        int rc = okr_feed_fail(r, OKR901, "check the path of the database and that its directory is writable",
                               "cannot open database '%s': %s", db_path, db ? sq->sqlite3_errmsg(db) : "out of memory");
        sq->sqlite3_close(db);
        return rc;
    }
    sq->sqlite3_busy_timeout(db, 5000);
    import_state im = {.r = r, .sq = sq, .db = db, .db_path = db_path};
    char *create = sq->sqlite3_mprintf(
        "CREATE TABLE IF NOT EXISTS \"%w\" (metric TEXT NOT NULL, timestamp TEXT NOT NULL, value REAL NOT NULL)",
        table);
    char *insert = sq->sqlite3_mprintf("INSERT INTO \"%w\" (metric, timestamp, value) VALUES (?, ?, ?)", table);
    int rc = exec_sql(r, sq, db, db_path, "BEGIN");
    int in_transaction = rc == 0;
    if (rc == 0)
        rc = exec_sql(r, sq, db, db_path, create);
    if (rc == 0 && sq->sqlite3_prepare_v2(db, insert, -1, &im.insert, NULL) != SQLITE_OK)
        rc = okr_feed_fail(r, OKR901, "the table needs the columns metric, timestamp and value",
                           "cannot insert into table '%s' of '%s': %s", table, db_path, sq->sqlite3_errmsg(db));
    if (rc == 0) {
        r->row = insert_row;
        r->user = &im;
        rc = okr_feed_scan_csv(r);
        okr_feed_reader_finish(r);
    }
    sq->sqlite3_finalize(im.insert);
    if (rc == 0)
        rc = exec_sql(r, sq, db, db_path, "COMMIT");
    if (rc != 0 && in_transaction)
        sq->sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sq->sqlite3_free(create);
    sq->sqlite3_free(insert);
    sq->sqlite3_close(db);
    if (rc == 0 && rows_imported)
        *rows_imported = im.rows;
    return rc;
}

int okr_feed_import_csv(const char *csv_path, const char *db_path, const char *table, okr_diags *diags,
                        okr_source_table *sources, size_t *rows_imported)
{
    if (rows_imported)
        *rows_imported = 0;
    if (!table)
        table = "metrics";
    okr_feed_ctx ctx = {.diags = diags, .sources = sources, .arena = diags->arena};
    okr_feed_spec spec = {.kind = OKR_FEED_CSV, .text = csv_path, .location = csv_path,
                          .col_metric = "metric", .col_time = "timestamp", .col_value = "value"};
    okr_feed_reader r;
    okr_feed_reader_init(&r, &ctx, &spec);

    /* Do not leave an empty database behind for a CSV that is not there;
     * neither file may be one whose opening or reading could wait forever
     * (a FIFO, a device). */
    int err = okr_workspace_probe(csv_path, 1);
    if (err)
        return okr_feed_fail(&r, OKR901,
                             err == ENXIO ? "name a file, or hand a command's output over as <(command)"
                                          : "check the path of the CSV file",
                             "cannot open feed '%s': %s", csv_path, okr_workspace_strerror(err));
    err = okr_workspace_probe(db_path, 0);
    if (err == ENXIO || err == EISDIR)
        return okr_feed_fail(&r, OKR901, "name a database file", "cannot open database '%s': %s", db_path,
                             okr_workspace_strerror(err));

    sqlite_lib sq = {0};
    int rc = sqlite_open_lib(&sq) == 0
                 ? import_rows(&r, &sq, db_path, table, rows_imported)
                 : sqlite_missing(&r, &sq, okr_arena_printf(diags->arena, "cannot import into '%s'", db_path));
    okr_dynlib_close(&sq.lib);
    return rc;
}

/* fuzz_sqlite.c: arbitrary bytes -> an SQLite database -> the SQLite feed
 * reader (runtime/feed_sqlite.c), without and with --strict-feeds.
 *
 * SQLite fuzzes its own engine; this target fuzzes our side: the feed
 * argument's options, the SELECT built from table and column names (any
 * characters, quoted), the checks of #query=, and the conversion of every
 * cell type into a metric, a timestamp and a value. The input is text:
 *
 *   line 1    the feed argument after "sqlite:PATH", e.g. "#table=t&time=ts"
 *             (parsed as the CLI parses it). The table is created under
 *             the names it gives, or, when the line starts with '!', as
 *             metrics(metric, timestamp, value) whatever it asks for. A
 *             #query= is replaced by one of QUERIES (chosen by its length):
 *             arbitrary SQL could run for ever, which is the user's own
 *             business and not a finding.
 *   each further line (at most MAX_ROWS)  one row of three cells separated
 *             by tabs; a cell's first byte gives its type: 'i' INTEGER
 *             (strtoll of the rest), 'r' REAL (strtod: inf and nan too),
 *             'b' BLOB, 'n' NULL, 't' TEXT of the rest; any other cell is
 *             TEXT as written. Missing cells are NULL.
 *
 * The database is a file under /dev/shm (a memory file system; the reader
 * opens a path, read-only), written anew for each input without a journal
 * and removed when the process exits. */
#include "fuzz_feed.h"

#include <sqlite3.h>

enum { MAX_ROWS = 400, MAX_CELLS = 3 };

static const char *const QUERIES[] = {
    "SELECT metric, timestamp, value FROM metrics ORDER BY timestamp",
    "SELECT metric, timestamp FROM metrics",
    "SELECT metric, timestamp, value FROM metrics; SELECT 1",
    "  -- nothing\n",
    "SELECT metric, timestamp, value * 100 FROM metrics; -- percent",
    "SELECT metric, CAST(timestamp AS INTEGER), CAST(value AS TEXT) FROM metrics",
    "SELECT metric, timestamp, value FROM no_such_table",
    "INSERT INTO metrics VALUES ('x', '2026-01-01', 1)",
    "SELECT \"up\", timestamp, value FROM metrics",
    "SELECT metric, timestamp, value FROM metrics /* unterminated",
    "SELECT metric || '', timestamp, value FROM metrics WHERE value > 0",
};
enum { NQUERIES = sizeof QUERIES / sizeof QUERIES[0] };

static void exec_or_die(sqlite3 *db, const char *sql)
{
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
        fuzz_die(sqlite3_errmsg(db));
}

static void bind_cell(sqlite3_stmt *stmt, int i, const char *p, size_t n)
{
    char buf[64];
    size_t k = n > 1 ? n - 1 : 0;
    if (k > sizeof buf - 1)
        k = sizeof buf - 1;
    if (k)
        memcpy(buf, p + 1, k);
    buf[k] = '\0';
    int rc;
    switch (n ? p[0] : 'n') {
    case 'i': rc = sqlite3_bind_int64(stmt, i, strtoll(buf, NULL, 10)); break;
    case 'r': rc = sqlite3_bind_double(stmt, i, strtod(buf, NULL)); break;
    case 'b': rc = sqlite3_bind_blob(stmt, i, p + 1, (int)n - 1, SQLITE_TRANSIENT); break;
    case 'n': rc = sqlite3_bind_null(stmt, i); break;
    case 't': rc = sqlite3_bind_text(stmt, i, p + 1, (int)n - 1, SQLITE_TRANSIENT); break;
    default: rc = sqlite3_bind_text(stmt, i, p, (int)n, SQLITE_TRANSIENT); break;
    }
    if (rc != SQLITE_OK)
        fuzz_die("sqlite3_bind failed");
}

/* Creates the table and inserts the rows of [p, end). */
static void write_db(const char *path, const okr_feed_spec *spec, int default_names, const char *p, const char *end)
{
    unlink(path);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        fuzz_die("cannot create the database");
    exec_or_die(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN");
    const char *table = default_names || !spec->table ? "metrics" : spec->table;
    char *sql = default_names ? sqlite3_mprintf("CREATE TABLE metrics(metric, timestamp, value)")
                              : sqlite3_mprintf("CREATE TABLE \"%w\"(\"%w\", \"%w\", \"%w\")", table,
                                                spec->col_metric, spec->col_time, spec->col_value);
    /* Names that repeat a column are an error of the table, not a finding:
     * then the default table is made instead. */
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
        table = "metrics";
        exec_or_die(db, "CREATE TABLE metrics(metric, timestamp, value)");
    }
    sqlite3_free(sql);
    sql = sqlite3_mprintf("INSERT INTO \"%w\" VALUES (?, ?, ?)", table);
    sqlite3_stmt *ins = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &ins, NULL) != SQLITE_OK)
        fuzz_die(sqlite3_errmsg(db));
    sqlite3_free(sql);
    for (int rows = 0; p < end && rows < MAX_ROWS; rows++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *c = p;
        int i = 1;
        for (; i <= MAX_CELLS; i++) {
            const char *tab = memchr(c, '\t', (size_t)(eol - c));
            bind_cell(ins, i, c, (size_t)((tab ? tab : eol) - c));
            if (!tab) {
                i++;
                break;
            }
            c = tab + 1;
        }
        for (; i <= MAX_CELLS; i++)
            sqlite3_bind_null(ins, i);
        if (sqlite3_step(ins) != SQLITE_DONE)
            fuzz_die(sqlite3_errmsg(db));
        sqlite3_reset(ins);
        p = eol + 1;
    }
    sqlite3_finalize(ins);
    exec_or_die(db, "COMMIT");
    if (sqlite3_close(db) != SQLITE_OK)
        fuzz_die("sqlite3_close failed");
}

static char db_path[64];

static void remove_db(void)
{
    unlink(db_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = db_path;
    if (!db_path[0]) {
        snprintf(db_path, sizeof db_path, "/dev/shm/okrc-fuzz-sqlite-%ld.db", (long)getpid());
        atexit(remove_db);
    }
    const char *text = (const char *)data, *end = text + size;
    const char *eol = memchr(text, '\n', size);
    const char *rows = eol ? eol + 1 : end;
    size_t n = (size_t)((eol ? eol : end) - text);
    int default_names = n > 0 && text[0] == '!';
    if (default_names) {
        text++;
        n--;
    }
    if (memchr(text, '\0', n))
        return 0; /* a command-line argument holds no NUL */

    okr_arena arena;
    okr_arena_init(&arena);
    char *arg = okr_arena_printf(&arena, "sqlite:%s%.*s", path, (int)n, text);
    okr_feed_spec spec;
    char error[256];
    if (okr_feed_spec_parse(&arena, arg, &spec, error, sizeof error) && spec.kind == OKR_FEED_SQLITE) {
        if (spec.query)
            spec.query = QUERIES[strlen(spec.query) % NQUERIES];
        write_db(path, &spec, default_names, rows, end);
        fuzz_feed_read_spec(&spec, 0);
        fuzz_feed_read_spec(&spec, 1);
    }
    okr_arena_free(&arena);
    return 0;
}

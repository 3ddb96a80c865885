/* test_source_reload.c: a file whose text the source table dropped after
 * its parse (common/source.h, okr_source_drop) is read again on demand by
 * okr_source_file_text and the line table functions: the same bytes when
 * it is still the file of its stamp; when it changed (size, times, inode),
 * NULL, `changed`, and an empty file's positions from then on, never the
 * new bytes. Threads asking at once see one read. Also the racy-timestamp
 * rule of okr_source_stamp_settled. */
#include "unit.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "source.h"

static const char TEXT[] = "team a \"A\"\ncycle 2026-Q3\n// 3rd line\n";

typedef struct fixture {
    char path[64];
    okr_arena arena;
    okr_source_table sources;
    okr_source_file *f;
} fixture;

static void write_file(const char *path, const char *text)
{
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    assert_int_equal(fclose(out), 0);
}

/* Sets the file's mtime to 2001, so that a later write changes it even
 * within one tick of the file system's clock. */
static void age(const char *path)
{
    struct timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

/* A table holding the file at x->path, read, stamped and dropped. */
static void load_dropped(fixture *x, const char *text)
{
    strcpy(x->path, "/tmp/okrc-reload-XXXXXX");
    int fd = mkstemp(x->path);
    assert_true(fd >= 0);
    close(fd);
    write_file(x->path, text);
    age(x->path);
    okr_arena_init(&x->arena);
    okr_source_init(&x->sources, &x->arena);
    okr_source_allow_drop(&x->sources);
    size_t len = strlen(text);
    char *copy = malloc(len + 2);
    assert_non_null(copy);
    memcpy(copy, text, len);
    uint32_t id = okr_source_adopt(&x->sources, x->path, copy, len, 0);
    x->f = okr_source_get(&x->sources, id);
    struct stat st;
    assert_int_equal(stat(x->path, &st), 0);
    okr_source_stamp_of(&x->f->stamp, &st);
    okr_source_drop(x->f, x->sources.reload);
    assert_null(x->f->text);
}

static void unload(fixture *x)
{
    unlink(x->path);
    okr_source_free(&x->sources);
    okr_arena_free(&x->arena);
}

static void test_read_again(void **state)
{
    (void)state;
    fixture x;
    load_dropped(&x, TEXT);
    okr_position pos = okr_source_position(&x.sources, 0, (uint32_t)(strstr(TEXT, "2026") - TEXT));
    assert_int_equal(pos.line, 2);
    assert_int_equal(pos.column, 7);
    const char *text = okr_source_file_text(x.f);
    assert_non_null(text);
    assert_string_equal(text, TEXT);
    assert_int_equal(text[x.f->len + 1], '\0'); /* the second NUL, as at the first read */
    size_t len;
    const char *line = okr_source_line(&x.sources, 0, 3, &len);
    assert_int_equal(len, 11);
    assert_memory_equal(line, "// 3rd line", 11);
    assert_int_equal(okr_source_line_count(x.f), 4);
    assert_false(x.f->changed);
    /* Read once, then kept: a change after it changes nothing shown. */
    write_file(x.path, "team b\n");
    assert_ptr_equal(okr_source_file_text(x.f), text);
    unload(&x);
}

/* change_file: what a writer did to the file after the read. */
static void expect_changed(void (*change_file)(const char *path))
{
    fixture x;
    load_dropped(&x, TEXT);
    change_file(x.path);
    assert_null(okr_source_file_text(x.f));
    assert_true(x.f->changed);
    assert_int_equal(x.f->len, 0);
    okr_position pos = okr_source_position(&x.sources, 0, 20);
    assert_int_equal(pos.line, 1);
    assert_int_equal(pos.column, 1);
    size_t len = 99;
    const char *line = okr_source_line(&x.sources, 0, 2, &len);
    assert_null(line);
    assert_int_equal(len, 0);
    assert_int_equal(okr_source_line_count(x.f), 1);
    assert_null(okr_source_file_text(x.f)); /* and it stays so */
    unload(&x);
}

static void grown(const char *path)
{
    write_file(path, "team a \"A\"\ncycle 2026-Q3\n// 3rd line, longer\n");
}

static void same_size(const char *path)
{
    write_file(path, "team b \"B\"\ncycle 2026-Q4\n// 3rd line\n"); /* new mtime, same size */
}

static void touched(const char *path)
{
    write_file(path, TEXT); /* the same bytes, written again: a new mtime */
}

static void replaced(const char *path)
{
    char other[80];
    snprintf(other, sizeof other, "%s.new", path);
    write_file(other, TEXT);
    age(other); /* the same bytes and mtime: another inode */
    assert_int_equal(rename(other, path), 0);
}

static void removed(const char *path)
{
    assert_int_equal(unlink(path), 0);
}

static void test_changed(void **state)
{
    (void)state;
    expect_changed(grown);
    expect_changed(same_size);
    expect_changed(touched);
    expect_changed(replaced);
    expect_changed(removed);
}

typedef struct asker {
    fixture *x;
    okr_position pos;
    const char *text;
} asker;

static void *ask(void *arg)
{
    asker *a = arg;
    a->pos = okr_source_position(&a->x->sources, 0, 30);
    a->text = okr_source_file_text(a->x->f);
    return NULL;
}

/* Threads asking at once: one read, the same answers (ASan and TSan see
 * a race or a double read's leak). */
static void test_threads(void **state)
{
    (void)state;
    fixture x;
    load_dropped(&x, TEXT);
    enum { N = 4 };
    pthread_t threads[N];
    asker askers[N];
    for (int i = 0; i < N; i++) {
        askers[i] = (asker){.x = &x};
        assert_int_equal(pthread_create(&threads[i], NULL, ask, &askers[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(threads[i], NULL);
        assert_int_equal(askers[i].pos.line, 3);
        assert_int_equal(askers[i].pos.column, 6);
        assert_ptr_equal(askers[i].text, askers[0].text);
    }
    assert_string_equal(askers[0].text, TEXT);
    unload(&x);
}

static void test_settled(void **state)
{
    (void)state;
    okr_source_stamp st = {.mtime_s = 100, .mtime_ns = 5, .ctime_s = 100, .ctime_ns = 5};
    assert_true(okr_source_stamp_settled(&st, 100 + OKR_SOURCE_RACY_SECONDS, 6));
    assert_false(okr_source_stamp_settled(&st, 100 + OKR_SOURCE_RACY_SECONDS, 5));
    assert_false(okr_source_stamp_settled(&st, 101, 0));
    st.ctime_s = 200; /* a chmod or a write that set the mtime back */
    assert_false(okr_source_stamp_settled(&st, 150, 0));
    st.mtime_s = 300; /* in the future */
    st.ctime_s = 100;
    assert_false(okr_source_stamp_settled(&st, 150, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_again),
        cmocka_unit_test(test_changed),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_settled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

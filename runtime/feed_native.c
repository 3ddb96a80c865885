/* feed_native.c: native feeds, metric values computed by C functions.
 *
 * A `native` declaration names a function in a shared library and its C
 * signature in the language's own terms (spec.md, "Native feeds"); a metric
 * bound `via` it gets one observation per day of the grading range, at that
 * day's midnight UTC, from calling the function. Loading a library runs its
 * code, so this reader runs only when the user passed --allow-native, and
 * nothing else in okrc (`okrc check` included) ever calls it.
 *
 * Calls go through libffi rather than casts to fixed function-pointer types,
 * because the signature is data: one call descriptor per declared signature,
 * prepared once and cached for every metric and day that uses it; the
 * parameter kinds are mapped to C types in one switch (param_slot), so a new
 * kind is a change in one place. Every library and symbol is resolved before
 * the first call, so a broken declaration fails the read before any value
 * reaches the store.
 *
 * libffi itself is opened here, with dlopen, not linked: only native feeds
 * use it, and every library linked costs every start of okrc (dynlib.h). */
#include "feed.h"

#include <dlfcn.h>
#include <ffi.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../common/calendar.h"
#include "bind.h"
#include "dynlib.h"

/* libffi's soname for the ABI of the header okrc is built with (libffi 3.4:
 * the libffi8 package); OKRC_LIBFFI names another file, a test hook. */
#define OKR_LIBFFI_SONAME "libffi.so." OKR_LIBFFI_ABI
#define OKR_LIBFFI_ABI "8"

/* The functions and type descriptors of libffi okrc uses. The types are
 * objects in libffi, so their addresses come from dlsym too. */
typedef struct ffi_lib {
    okr_dynlib lib;
    __typeof__(&ffi_prep_cif) prep_cif;
    __typeof__(&ffi_call) call;
    ffi_type *type_pointer, *type_sint32, *type_sint64, *type_double;
} ffi_lib;

static int ffi_open_lib(ffi_lib *ffi)
{
    const okr_dynlib_symbol symbols[] = {
        {"ffi_prep_cif", &ffi->prep_cif},          {"ffi_call", &ffi->call},
        {"ffi_type_pointer", &ffi->type_pointer},  {"ffi_type_sint32", &ffi->type_sint32},
        {"ffi_type_sint64", &ffi->type_sint64},    {"ffi_type_double", &ffi->type_double},
    };
    return okr_dynlib_open(&ffi->lib, OKR_LIBFFI_SONAME, "OKRC_LIBFFI", symbols, sizeof symbols / sizeof symbols[0]);
}

typedef enum native_param {
    NATIVE_PARAM_METRIC, /* const char *: the metric's feed name */
    NATIVE_PARAM_DATE,   /* const char *: "YYYY-MM-DD" */
    NATIVE_PARAM_DAY,    /* int32_t: days since 1970-01-01 */
} native_param;

/* The values of one call. The argument vector points into this struct once
 * per metric; only the contents change from day to day. */
typedef struct native_args {
    const char *metric;
    const char *date;
    int32_t day;
    char date_text[16];
} native_args;

typedef struct native_fn {
    const okr_native_decl *decl;
    const ffi_lib *ffi;
    int state;              /* 0 not needed, 1 needed, 2 ready, -1 failed */
    void *handle;
    void (*fn)(void);
    ffi_cif cif;
    ffi_type **arg_types;
    native_param *kinds;
    unsigned nargs;
    int returns_int;        /* int64_t rather than double */
} native_fn;

/* The one place that knows how a parameter kind crosses into C: its libffi
 * type and where its value lives. */
static ffi_type *param_slot(const ffi_lib *ffi, native_param kind, native_args *args, void **value)
{
    switch (kind) {
    case NATIVE_PARAM_METRIC:
        *value = &args->metric;
        return ffi->type_pointer;
    case NATIVE_PARAM_DATE:
        *value = &args->date;
        return ffi->type_pointer;
    case NATIVE_PARAM_DAY:
        *value = &args->day;
        return ffi->type_sint32;
    }
    return NULL;
}

static int param_kind_of(const char *text, native_param *kind)
{
    static const struct { const char *name; native_param kind; } kinds[] = {
        {"metric", NATIVE_PARAM_METRIC},
        {"date", NATIVE_PARAM_DATE},
        {"day", NATIVE_PARAM_DAY},
    };
    for (size_t i = 0; text && i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(text, kinds[i].name) == 0) {
            *kind = kinds[i].kind;
            return 1;
        }
    }
    return 0;
}

/* The library path as the user means it: relative to the .okr file that
 * declares it, so a checked-in library next to the OKRs works from any
 * working directory and the dynamic linker's search path is never consulted. */
static const char *library_path(okr_arena *arena, const okr_source_table *sources, const okr_native_decl *decl)
{
    const char *lib = decl->library.text ? decl->library.text : "";
    if (lib[0] == '/')
        return lib;
    const okr_source_file *f = okr_source_get(sources, decl->file);
    const char *path = f && f->path ? f->path : "";
    const char *slash = strrchr(path, '/');
    if (!slash)
        return okr_arena_printf(arena, "./%s", lib);
    return okr_arena_printf(arena, "%.*s/%s", (int)(slash - path), path, lib);
}

/* Loads the library and symbol and prepares the call descriptor; every
 * failure is a diagnostic at the part of the declaration that is wrong. */
static int prepare(okr_feed_ctx *ctx, const okr_source_table *sources, native_fn *n)
{
    const okr_native_decl *decl = n->decl;
    okr_diags *diags = ctx->diags;
    int ok = 1;

    n->nargs = (unsigned)decl->params.len;
    n->kinds = okr_arena_alloc(ctx->arena, (decl->params.len + 1) * sizeof *n->kinds);
    n->arg_types = okr_arena_alloc(ctx->arena, (decl->params.len + 1) * sizeof *n->arg_types);
    native_args scratch;
    for (size_t i = 0; i < decl->params.len; i++) {
        const okr_name *p = decl->params.items[i];
        void *unused;
        if (!param_kind_of(p->text, &n->kinds[i])) {
            okr_diag *d = okr_diag_report(diags, OKR911, p->span,
                                          "native function '%s' has a parameter of unknown kind '%s'",
                                          decl->name.text, p->text ? p->text : "");
            okr_diag_help(diags, d, "parameters are `metric` (const char *), `date` (const char *, "
                                    "YYYY-MM-DD) or `day` (int32_t, days since 1970-01-01)");
            ok = 0;
            continue;
        }
        n->arg_types[i] = param_slot(n->ffi, n->kinds[i], &scratch, &unused);
    }
    ffi_type *rtype = NULL;
    if (decl->result.text && strcmp(decl->result.text, "number") == 0) {
        rtype = n->ffi->type_double;
    } else if (decl->result.text && strcmp(decl->result.text, "int") == 0) {
        rtype = n->ffi->type_sint64;
        n->returns_int = 1;
    } else {
        okr_diag *d = okr_diag_report(diags, OKR911, decl->result.span,
                                      "native function '%s' has a result of unknown kind '%s'",
                                      decl->name.text, decl->result.text ? decl->result.text : "");
        okr_diag_help(diags, d, "the result is `number` (double) or `int` (int64_t)");
        ok = 0;
    }
    if (!ok)
        return 0;

    const char *path = library_path(ctx->arena, sources, decl);
    dlerror();
    n->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!n->handle) {
        const char *why = dlerror();
        okr_diag *d = okr_diag_report(diags, OKR910, decl->library.span,
                                      "cannot load the library of native function '%s': %s",
                                      decl->name.text, why ? why : "unknown error");
        okr_diag_help(diags, d, "a relative library path is resolved against the directory of the "
                                "declaring .okr file; here: %s", path);
        return 0;
    }
    dlerror();
    void *sym = dlsym(n->handle, decl->symbol.text ? decl->symbol.text : "");
    const char *why = dlerror();
    if (!sym || why) {
        okr_diag *d = okr_diag_report(diags, OKR910, decl->symbol.span,
                                      "library '%s' has no symbol '%s' for native function '%s'",
                                      path, decl->symbol.text ? decl->symbol.text : "", decl->name.text);
        if (why)
            okr_diag_help(diags, d, "the dynamic linker says: %s", why);
        okr_diag_help(diags, d, "the function must be exported with C linkage (extern \"C\" in C++)");
        return 0;
    }
    /* ISO C has no conversion from an object pointer to a function pointer;
     * POSIX guarantees dlsym's result has the representation of one. */
    memcpy(&n->fn, &sym, sizeof n->fn);

    if (n->ffi->prep_cif(&n->cif, FFI_DEFAULT_ABI, n->nargs, rtype, n->arg_types) != FFI_OK) {
        okr_diag *d = okr_diag_report(diags, OKR911, decl->span,
                                      "cannot prepare a call to native function '%s' on this platform",
                                      decl->name.text);
        okr_diag_help(diags, d, "libffi rejected the signature");
        return 0;
    }
    return 1;
}

/* Calls the function once per day for one metric. Returns 0, or -1 when
 * --strict-feeds stopped the read at a non-finite value. */
static int sample_metric(okr_feed_ctx *ctx, native_fn *n, okr_series *series, long first_day, long last_day)
{
    const okr_metric_decl *metric = series->metric;
    native_args args;
    memset(&args, 0, sizeof args);
    args.metric = okr_bind_feed_name(metric);
    args.date = args.date_text;
    void **values = okr_arena_alloc(ctx->arena, (n->nargs + 1) * sizeof *values);
    for (unsigned i = 0; i < n->nargs; i++)
        param_slot(n->ffi, n->kinds[i], &args, &values[i]);

    size_t bad = 0, below = 0;
    long first_bad = 0, first_below = 0;
    double min = 0;
    int bounded = okr_feed_lower_bound(metric, &min);
    for (long day = first_day; day <= last_day; day++) {
        args.day = (int32_t)day;
        okr_calendar_format_date(day, args.date_text, sizeof args.date_text);
        /* libffi widens integral results to ffi_arg, so the result needs at
         * least that much room whatever the declared type. */
        union { ffi_arg word; int64_t i; double d; } result;
        memset(&result, 0, sizeof result);
        n->ffi->call(&n->cif, n->fn, &result, values);
        double value = n->returns_int ? (double)result.i : result.d;
        ctx->stats.rows++;
        if (!isfinite(value)) {
            ctx->stats.malformed++;
            if (bad++ == 0)
                first_bad = day;
            if (ctx->strict)
                break;
            continue;
        }
        if (bounded && value < min) {
            ctx->stats.malformed++;
            if (below++ == 0)
                first_below = day;
            if (ctx->strict)
                break;
            continue;
        }
        switch (okr_store_add(ctx->store, series, (int64_t)day * OKR_SECONDS_PER_DAY, value)) {
        case OKR_STORE_ADDED: ctx->stats.stored++; break;
        case OKR_STORE_DUPLICATE: ctx->stats.duplicates++; break;
        case OKR_STORE_OUT_OF_RANGE: ctx->stats.out_of_range++; break;
        }
    }
    if (bad) {
        char date[16];
        okr_calendar_format_date(first_bad, date, sizeof date);
        /* Once per metric, not per day: a function that fails for a quarter
         * would otherwise bury every other finding. */
        okr_diag *d = okr_diag_report(ctx->diags, OKR912, metric->more->via.span,
                                      "native function '%s' returned NaN or infinity for metric '%s' "
                                      "on %zu %s (first %s)%s",
                                      n->decl->name.text, args.metric, bad, bad == 1 ? "day" : "days", date,
                                      ctx->strict ? "; --strict-feeds stopped the read" : "");
        okr_diag_help(ctx->diags, d, "those days have no observation; return a finite value, "
                                     "or treat the gap as missing data");
        if (ctx->strict)
            return -1;
    }
    if (below) {
        char date[16];
        okr_calendar_format_date(first_below, date, sizeof date);
        okr_diag *d = okr_diag_report(ctx->diags, OKR905, metric->more->via.span,
                                      "native function '%s' returned a negative value for count metric '%s' "
                                      "on %zu %s (first %s)%s",
                                      n->decl->name.text, args.metric, below, below == 1 ? "day" : "days", date,
                                      ctx->strict ? "; --strict-feeds stopped the read" : "");
        okr_diag_help(ctx->diags, d, "counts cannot be negative: those days have no observation; fix the "
                                     "function, or declare a metric that can go below zero as `number`");
        if (ctx->strict)
            return -1;
    }
    return 0;
}

/* libffi cannot be loaded: reported once, at the first native declaration
 * a graded metric needs. */
static void ffi_missing(okr_feed_ctx *ctx, const ffi_lib *ffi, const okr_native_decl *decl)
{
    okr_diag *d = okr_diag_report(ctx->diags, OKR910, decl->span,
                                  "cannot call native function '%s': cannot load libffi: %s", decl->name.text,
                                  ffi->lib.error);
    okr_diag_help(ctx->diags, d, "native feeds need libffi (" OKR_LIBFFI_SONAME "): install it with `apt-get "
                                 "install libffi" OKR_LIBFFI_ABI "` (Debian, Ubuntu) or `dnf install libffi` (Fedora)");
}

int okr_feed_read_native(okr_feed_ctx *ctx, const okr_program *prog, long last_day)
{
    okr_store *store = ctx->store;
    okr_strmap natives;
    okr_strmap_init(&natives, ctx->arena);
    okr_vec order = {0};
    for (size_t u = 0; u < prog->units.len; u++) {
        const okr_file_unit *unit = prog->units.items[u];
        for (size_t i = 0; unit->ast && i < unit->ast->decls.len; i++) {
            const okr_decl *decl = unit->ast->decls.items[i];
            const okr_native_decl *nd = decl->node;
            /* Names are unique in a checked program (OKR804); the first wins. */
            if (decl->kind != OKR_DECL_NATIVE || !nd->name.text || okr_strmap_get(&natives, nd->name.text))
                continue;
            native_fn *n = okr_arena_alloc(ctx->arena, sizeof *n);
            n->decl = nd;
            okr_strmap_put(&natives, nd->name.text, n);
            okr_vec_push(ctx->arena, &order, n);
        }
    }

    /* Only the metrics the store grades need values; a declaration no graded
     * metric uses is never loaded. */
    okr_vec bound = {0}; /* okr_series*, paired with fns */
    okr_vec fns = {0};
    for (size_t i = 0; i < store->series.len; i++) {
        okr_series *s = store->series.items[i];
        const char *via = s->metric ? s->metric->more->via.text : NULL;
        native_fn *n = via ? okr_strmap_get(&natives, via) : NULL;
        if (!n)
            continue; /* no `via`, or one naming no declaration (OKR803) */
        n->state = 1;
        okr_vec_push(ctx->arena, &bound, s);
        okr_vec_push(ctx->arena, &fns, n);
    }

    int failed = 0;
    ffi_lib ffi = {0};
    for (size_t i = 0; i < order.len; i++) {
        native_fn *n = order.items[i];
        if (n->state != 1)
            continue;
        n->ffi = &ffi;
        if (!ffi.lib.failed && ffi_open_lib(&ffi) != 0)
            ffi_missing(ctx, &ffi, n->decl);
        if (!ffi.lib.failed && prepare(ctx, &prog->sources, n)) {
            n->state = 2;
        } else {
            n->state = -1;
            failed = 1;
        }
    }

    long first_day = store->first_day;
    long store_last = store->first_day + store->ndays - 1;
    if (last_day > store_last)
        last_day = store_last;
    for (size_t i = 0; !failed && i < bound.len; i++) {
        if (sample_metric(ctx, fns.items[i], bound.items[i], first_day, last_day) < 0)
            failed = 1;
    }

    for (size_t i = 0; i < order.len; i++) {
        native_fn *n = order.items[i];
        if (n->handle)
            dlclose(n->handle);
    }
    okr_dynlib_close(&ffi.lib);
    return failed ? -1 : 0;
}

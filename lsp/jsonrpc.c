/* jsonrpc.c: the wire of the language server: base-protocol framing
 * (`Content-Length: N\r\n\r\n` then N bytes of JSON) and JSON-RPC 2.0
 * responses and notifications.
 *
 * The reader must survive any input: a client bug (or a fuzzer) may send a
 * header without a usable length, a body larger than we will hold, or stop
 * mid-message. A bad length leaves the byte stream without a known message
 * boundary, so the reader resynchronises by scanning for the next
 * `Content-Length:`; a length that is merely too large still tells us where
 * the message ends, so that body is read and dropped. Header lines are
 * bounded, so nothing here grows without limit. Only framed messages are
 * ever written to the output. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lsp_internal.h"

enum { HEADER_LINE_MAX = 1024 };

/* Reads one header line without its "\r\n" (a bare "\n" is accepted too).
 * Returns the length, or -1 at end of input; *overflow is set when the line
 * was longer than the buffer (the rest is consumed). */
static long read_line(FILE *in, char *buf, size_t cap, int *overflow)
{
    size_t n = 0;
    int c;
    *overflow = 0;
    while ((c = getc(in)) != EOF && c != '\n') {
        if (n + 1 < cap)
            buf[n++] = (char)c;
        else
            *overflow = 1;
    }
    if (c == EOF)
        return -1;
    if (n > 0 && buf[n - 1] == '\r')
        n--;
    buf[n] = '\0';
    return (long)n;
}

/* Consumes input up to and including the next "Content-Length:" (any case).
 * Returns 0, or -1 at end of input. */
static int skip_to_content_length(FILE *in)
{
    static const char want[] = "content-length:";
    size_t matched = 0;
    int c;
    while ((c = getc(in)) != EOF) {
        c = tolower(c);
        if (c == want[matched]) {
            if (++matched == sizeof want - 1)
                return 0;
        } else {
            matched = c == want[0] ? 1 : 0;
        }
    }
    return -1;
}

/* A Content-Length value: digits with optional surrounding blanks. */
static int parse_length(const char *v, size_t *out)
{
    while (*v == ' ' || *v == '\t')
        v++;
    if (!isdigit((unsigned char)*v))
        return -1;
    size_t n = 0;
    for (; isdigit((unsigned char)*v); v++) {
        if (n > (SIZE_MAX - 9) / 10)
            return -1;
        n = n * 10 + (size_t)(*v - '0');
    }
    while (*v == ' ' || *v == '\t')
        v++;
    if (*v)
        return -1;
    *out = n;
    return 0;
}

static int discard(FILE *in, size_t n)
{
    char buf[8192];
    while (n > 0) {
        size_t want = n < sizeof buf ? n : sizeof buf;
        size_t got = fread(buf, 1, want, in);
        if (got == 0)
            return -1;
        n -= got;
    }
    return 0;
}

lsp_read_status lsp_read_message(lsp_server *s, char **body, size_t *len)
{
    char line[HEADER_LINE_MAX];
    int overflow, malformed = 0, have_length = 0, bad_length = 0, any_header = 0;
    size_t length = 0;
    *body = NULL;
    *len = 0;
    if (s->resync) {
        /* The next message starts at a Content-Length header; its value
         * follows on the same line. */
        if (skip_to_content_length(s->in) != 0)
            return LSP_READ_EOF;
        s->resync = 0;
        if (read_line(s->in, line, sizeof line, &overflow) < 0)
            return LSP_READ_EOF;
        any_header = 1;
        if (overflow || parse_length(line, &length) != 0)
            bad_length = 1;
        else
            have_length = 1;
    }
    for (;;) {
        long n = read_line(s->in, line, sizeof line, &overflow);
        if (n < 0)
            return LSP_READ_EOF;
        if (n == 0 && !overflow) {
            if (!any_header)
                continue; /* stray blank lines between messages are harmless */
            break;
        }
        any_header = 1;
        char *colon = strchr(line, ':');
        if (overflow || !colon) {
            malformed = 1;
            continue;
        }
        *colon = '\0';
        if (strcasecmp(line, "Content-Length") == 0) {
            if (parse_length(colon + 1, &length) != 0)
                bad_length = 1;
            else
                have_length = 1;
        }
        /* Content-Type and any other header: accepted and ignored (the body
         * is UTF-8 JSON whatever it says). */
    }
    if (bad_length || !have_length) {
        s->resync = 1;
        s->error_message = bad_length ? "invalid Content-Length header" : "missing Content-Length header";
        return LSP_READ_BAD_HEADER;
    }
    if (length > LSP_MAX_MESSAGE_BYTES) {
        if (discard(s->in, length) != 0)
            return LSP_READ_EOF;
        s->error_message = "message too large";
        return LSP_READ_TOO_BIG;
    }
    if (malformed) {
        /* The length is known, so the body can be skipped exactly. */
        if (discard(s->in, length) != 0)
            return LSP_READ_EOF;
        s->error_message = "malformed header line";
        return LSP_READ_BAD_HEADER;
    }
    char *buf = malloc(length + 1);
    if (!buf)
        abort();
    if (length > 0 && fread(buf, 1, length, s->in) != length) {
        free(buf);
        return LSP_READ_EOF;
    }
    buf[length] = '\0';
    *body = buf;
    *len = length;
    return LSP_READ_OK;
}

void lsp_send(lsp_server *s, json_t *msg)
{
    char *text = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (!text)
        abort();
    size_t n = strlen(text);
    fprintf(s->out, "Content-Length: %zu\r\n\r\n", n);
    fwrite(text, 1, n, s->out);
    fflush(s->out);
    free(text);
}

void lsp_reply(lsp_server *s, json_t *id, json_t *result)
{
    json_t *msg = json_object();
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    json_object_set(msg, "id", id ? id : json_null());
    json_object_set_new(msg, "result", result ? result : json_null());
    lsp_send(s, msg);
}

void lsp_reply_error(lsp_server *s, json_t *id, int code, const char *message)
{
    json_t *msg = json_object(), *err = json_object();
    json_object_set_new(err, "code", json_integer(code));
    json_object_set_new(err, "message", json_string(message));
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    json_object_set(msg, "id", id ? id : json_null());
    json_object_set_new(msg, "error", err);
    lsp_send(s, msg);
}

void lsp_notify(lsp_server *s, const char *method, json_t *params)
{
    json_t *msg = json_object();
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    json_object_set_new(msg, "method", json_string(method));
    json_object_set_new(msg, "params", params);
    lsp_send(s, msg);
}

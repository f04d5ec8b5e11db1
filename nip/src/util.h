/*
 * Small helpers shared by every part of nip: errors, memory, strings.
 * They use nothing else of nip's, so any file may use them.
 */
#ifndef NIP_UTIL_H
#define NIP_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes, documented in nip(8). */
enum nip_exit {
	NIP_EXIT_OK = 0,
	NIP_EXIT_FAIL = 1,	/* I/O or other runtime failure */
	NIP_EXIT_USAGE = 2,	/* bad command line */
	NIP_EXIT_TRUST = 3,	/* signature, hash or format check failed */
	NIP_EXIT_DEPS = 4,	/* unsatisfiable dependencies or conflicts */
	NIP_EXIT_CHECK = 5,	/* nip check found differences */
};

/*
 * Errors travel up as -1 with one message kept here; main() prints it.
 * That lets a failing transaction roll back before anything is printed.
 */
int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int fail_code(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int fail_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *fail_message(void);
int fail_exit_code(void);
void fail_clear(void);

#include <stdarg.h>

void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vwarnx_(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int nip_quiet;
/* --no-triggers: a transaction names its triggers but runs none. */
extern int nip_no_triggers;

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated. */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);

/* A growable list of owned strings. */
struct strlist {
	char **v;
	size_t n, cap;
};
void strlist_add(struct strlist *l, const char *s);
void strlist_add_owned(struct strlist *l, char *s);
int strlist_contains(const struct strlist *l, const char *s);
int strlist_equal(const struct strlist *a, const struct strlist *b);
void strlist_sort(struct strlist *l);
void strlist_free(struct strlist *l);

void hex_encode(char *out, const unsigned char *in, size_t n);
int hex_decode(unsigned char *out, size_t n, const char *hex);
/* Is S exactly N lower-case hex digits? */
int hex_valid(const char *s, size_t n);
/* Does S end with SUFFIX (and hold more than it)? */
int ends_with(const char *s, const char *suffix);

int parse_u64(const char *s, uint64_t *out);

#endif

/* UTF-8 both ways, and pasted text made safe for a terminal. */
#ifndef TERM_UTF8_H
#define TERM_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT 0xfffdu

/* CP as UTF-8 into OUT (4 bytes); returns the length (1-4). A surrogate
 * or a value past U+10FFFF is written as U+FFFD. */
size_t utf8_encode(uint32_t cp, char out[4]);

/*
 * The code point at S (LEN > 0 bytes) into *CP; returns the bytes used.
 * Invalid input (a stray continuation byte, a truncated or overlong
 * sequence, a surrogate, past U+10FFFF) gives U+FFFD and consumes one
 * byte, so decoding always moves on.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/*
 * Pasted bytes IN (LEN) as what is typed into the terminal, into OUT
 * (3*LEN bytes: an invalid byte grows to U+FFFD): valid UTF-8, line
 * ends (LF, CRLF) as one CR (what Enter sends), and no C0 or C1 control
 * but tab and CR, so a paste cannot end bracketed paste or start an
 * escape sequence. Returns the bytes written.
 */
size_t utf8_paste_filter(const char *in, size_t len, char *out);

#endif /* TERM_UTF8_H */

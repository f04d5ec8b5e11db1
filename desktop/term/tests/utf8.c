/* UTF-8 encoding, decoding with recovery, and the paste filter. */
#include "utf8.h"
#include "tap.h"

static int decodes_to(const char *s, size_t len, uint32_t want,
		      size_t want_used)
{
	uint32_t cp;
	size_t used = utf8_decode(s, len, &cp);

	if (cp != want || used != want_used)
		printf("#   '%s' gave U+%04X in %zu bytes\n", s, cp, used);
	return cp == want && used == want_used;
}

static void encode(void)
{
	char out[4];

	is_int(utf8_encode('A', out), 1, "ASCII is one byte");
	ok(utf8_encode(0xe9, out) == 2 && memcmp(out, "\xc3\xa9", 2) == 0,
	   "U+00E9 is two");
	ok(utf8_encode(0x20ac, out) == 3 && memcmp(out, "\xe2\x82\xac", 3) == 0,
	   "U+20AC is three");
	ok(utf8_encode(0x1f600, out) == 4 &&
		   memcmp(out, "\xf0\x9f\x98\x80", 4) == 0,
	   "U+1F600 is four");
	ok(utf8_encode(0xd800, out) == 3 && memcmp(out, "\xef\xbf\xbd", 3) == 0,
	   "a surrogate is written as U+FFFD");
	ok(utf8_encode(0x110000, out) == 3, "so is a value past U+10FFFF");
}

static void decode(void)
{
	ok(decodes_to("\xe2\x82\xac", 3, 0x20ac, 3), "a three-byte sequence");
	ok(decodes_to("\xf0\x9f\x98\x80", 4, 0x1f600, 4), "a four-byte one");
	ok(decodes_to("\x80z", 2, UTF8_REPLACEMENT, 1),
	   "a stray continuation byte is U+FFFD, one byte");
	ok(decodes_to("\xe2\x82", 2, UTF8_REPLACEMENT, 1),
	   "a sequence cut short is U+FFFD, one byte");
	ok(decodes_to("\xe2(x", 3, UTF8_REPLACEMENT, 1),
	   "a lead byte without continuation is U+FFFD");
	ok(decodes_to("\xc0\xaf", 2, UTF8_REPLACEMENT, 1),
	   "an overlong '/' is refused");
	ok(decodes_to("\xe0\x80\xaf", 3, UTF8_REPLACEMENT, 1),
	   "an overlong three-byte form too");
	ok(decodes_to("\xed\xa0\x80", 3, UTF8_REPLACEMENT, 1),
	   "an encoded surrogate is refused");
	ok(decodes_to("\xf4\x90\x80\x80", 4, UTF8_REPLACEMENT, 1),
	   "past U+10FFFF is refused");
}

static int filters_to(const char *in, const char *want)
{
	char out[64];
	size_t n = utf8_paste_filter(in, strlen(in), out);

	out[n] = '\0';
	if (strcmp(out, want) != 0)
		printf("#   got '%s'\n", out);
	return strcmp(out, want) == 0;
}

static void paste(void)
{
	ok(filters_to("ls\n", "ls\r"), "LF becomes CR");
	ok(filters_to("a\r\nb\r\n\nc", "a\rb\r\rc"),
	   "CRLF is one line end, an empty line stays");
	ok(filters_to("x\x1b[201~rm -rf ~\n", "x[201~rm -rf ~\r"),
	   "ESC is dropped, so a paste cannot end bracketed paste");
	ok(filters_to("a\xc2\x9b" "b", "ab"), "C1 CSI is dropped");
	ok(filters_to("a\tb\x7f\x03", "a\tb"), "tab stays; DEL and ^C go");
	ok(filters_to("caf\xc3\xa9 \xff", "caf\xc3\xa9 \xef\xbf\xbd"),
	   "UTF-8 stays, a bad byte becomes U+FFFD");
}

int main(void)
{
	encode();
	decode();
	paste();
	return done_testing();
}

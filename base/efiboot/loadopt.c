/*
 * EFI_LOAD_OPTION (UEFI 2.10, 3.1.3): attributes, the length of the
 * device path list, a UCS-2 description, then the device path: here a
 * hard drive node (GPT partition) and a file path node, then the end.
 * Text is ASCII only: what we write is ours, and a label that firmware
 * menus show wrongly is worse than an error.
 */
#include "loadopt.h"
#include "disk.h"

#include <stdio.h>
#include <string.h>

enum {
	DP_MEDIA = 0x04,
	DP_MEDIA_HD = 0x01,
	DP_MEDIA_FILE = 0x04,
	DP_END = 0x7f,
	DP_END_ENTIRE = 0xff,
	HD_NODE_LEN = 42,
	HD_MBR_GPT = 0x02,
	HD_SIG_GUID = 0x02,
};

/* ASCII to NUL-terminated UCS-2; returns the bytes written or -1. */
static long put_ucs2(uint8_t *p, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if ((n + 1) * 2 > cap)
		return -1;
	for (size_t i = 0; i <= n; i++) {
		if ((unsigned char)s[i] > 0x7e ||
		    (s[i] && (unsigned char)s[i] < 0x20))
			return -1;
		le16_put(p + 2 * i, (uint8_t)s[i]);
	}
	return (long)(n + 1) * 2;
}

/* NUL-terminated UCS-2 (at most len bytes) to ASCII, '?' for the rest. */
static long get_ucs2(const uint8_t *p, size_t len, char *out, size_t cap)
{
	size_t i;

	for (i = 0; 2 * i + 1 < len; i++) {
		uint16_t c = le16_get(p + 2 * i);

		if (c == 0) {
			out[i] = '\0';
			return (long)(i + 1) * 2;
		}
		if (i + 1 >= cap)
			return -1;
		out[i] = c >= 0x20 && c <= 0x7e ? (char)c : '?';
	}
	return -1;
}

long loadopt_encode(const struct loadopt *o, uint8_t *buf, size_t cap,
		    const char **why)
{
	size_t off = 6, dp, file_len;
	long n;

	if (!o->has_disk || !o->path[0] || o->path[0] != '\\') {
		*why = "the loader path must start with \\";
		return -1;
	}
	if (cap < off) {
		*why = "load option too long";
		return -1;
	}
	le32_put(buf, o->attributes);
	n = put_ucs2(buf + off, cap - off, o->label);
	if (n < 0) {
		*why = "the label must be printable ASCII";
		return -1;
	}
	off += (size_t)n;
	dp = off;
	file_len = 4 + (strlen(o->path) + 1) * 2;
	if (cap - off < HD_NODE_LEN + file_len + 4) {
		*why = "load option too long";
		return -1;
	}
	buf[off] = DP_MEDIA;
	buf[off + 1] = DP_MEDIA_HD;
	le16_put(buf + off + 2, HD_NODE_LEN);
	le32_put(buf + off + 4, o->partition);
	le64_put(buf + off + 8, o->start);
	le64_put(buf + off + 16, o->size);
	memcpy(buf + off + 24, o->guid, 16);
	buf[off + 40] = HD_MBR_GPT;
	buf[off + 41] = HD_SIG_GUID;
	off += HD_NODE_LEN;
	buf[off] = DP_MEDIA;
	buf[off + 1] = DP_MEDIA_FILE;
	le16_put(buf + off + 2, (uint16_t)file_len);
	if (put_ucs2(buf + off + 4, file_len - 4, o->path) < 0) {
		*why = "the loader path must be printable ASCII";
		return -1;
	}
	off += file_len;
	buf[off] = DP_END;
	buf[off + 1] = DP_END_ENTIRE;
	le16_put(buf + off + 2, 4);
	off += 4;
	le16_put(buf + 4, (uint16_t)(off - dp));
	return (long)off;
}

int loadopt_decode(const uint8_t *buf, size_t len, struct loadopt *o,
		   const char **why)
{
	size_t off = 6, end;
	long n;

	memset(o, 0, sizeof(*o));
	if (len < off) {
		*why = "shorter than a load option header";
		return -1;
	}
	o->attributes = le32_get(buf);
	n = get_ucs2(buf + off, len - off, o->label, sizeof(o->label));
	if (n < 0) {
		*why = "description not terminated";
		return -1;
	}
	off += (size_t)n;
	end = off + le16_get(buf + 4);
	if (end > len) {
		*why = "device path runs past the end";
		return -1;
	}
	while (off + 4 <= end) {
		uint8_t type = buf[off], sub = buf[off + 1];
		uint16_t nlen = le16_get(buf + off + 2);

		if (nlen < 4 || off + nlen > end) {
			*why = "bad device path node length";
			return -1;
		}
		if (type == DP_END && sub == DP_END_ENTIRE)
			return 0;
		if (type == DP_MEDIA && sub == DP_MEDIA_HD &&
		    nlen == HD_NODE_LEN && buf[off + 41] == HD_SIG_GUID) {
			o->has_disk = 1;
			o->partition = le32_get(buf + off + 4);
			o->start = le64_get(buf + off + 8);
			o->size = le64_get(buf + off + 16);
			memcpy(o->guid, buf + off + 24, 16);
		} else if (type == DP_MEDIA && sub == DP_MEDIA_FILE &&
			   !o->path[0]) {
			if (get_ucs2(buf + off + 4, nlen - 4u, o->path,
				     sizeof(o->path)) < 0)
				o->path[0] = '\0';
		}
		off += nlen;
	}
	*why = "device path has no end node";
	return -1;
}

// SPDX-License-Identifier: GPL-2.0-only
/* pledge: the promise words, parsed and printed. */
#include <linux/slab.h>
#include <linux/string.h>

#include "pledge.h"

static const char *const names[PLEDGE_NR] = {
	[PLEDGE_STDIO] = "stdio",	[PLEDGE_RPATH] = "rpath",
	[PLEDGE_WPATH] = "wpath",	[PLEDGE_CPATH] = "cpath",
	[PLEDGE_DPATH] = "dpath",	[PLEDGE_TMPPATH] = "tmppath",
	[PLEDGE_INET] = "inet",		[PLEDGE_MCAST] = "mcast",
	[PLEDGE_UNIX] = "unix",		[PLEDGE_DNS] = "dns",
	[PLEDGE_GETPW] = "getpw",	[PLEDGE_PROC] = "proc",
	[PLEDGE_EXEC] = "exec",		[PLEDGE_PROT_EXEC] = "prot_exec",
	[PLEDGE_FATTR] = "fattr",	[PLEDGE_CHOWN] = "chown",
	[PLEDGE_FLOCK] = "flock",	[PLEDGE_TTY] = "tty",
	[PLEDGE_SENDFD] = "sendfd",	[PLEDGE_RECVFD] = "recvfd",
	[PLEDGE_ID] = "id",		[PLEDGE_SETTIME] = "settime",
	[PLEDGE_UNVEIL] = "unveil",	[PLEDGE_DRM] = "drm",
	[PLEDGE_EVDEV] = "evdev",	[PLEDGE_ERROR] = "error",
};

/* WORDS, separated by spaces, into *SET; -EINVAL for an unknown word. */
int pledge_parse(const char *words, u64 *set)
{
	const char *p = words;
	u64 s = 0;

	while (*p) {
		size_t len;
		int i;

		if (*p == ' ') {
			p++;
			continue;
		}
		len = strchrnul(p, ' ') - p;
		for (i = 0; i < PLEDGE_NR; i++)
			if (strlen(names[i]) == len && !strncmp(p, names[i], len))
				break;
		if (i == PLEDGE_NR)
			return -EINVAL;
		s |= BIT_ULL(i);
		p += len;
	}
	*set = s;
	return 0;
}

/* SET as a line of words (kmalloc'ed into *OUT); returns its length. */
int pledge_format(u64 set, char **out)
{
	size_t len = 0;
	char *buf;
	int i;

	if (!(set & PLEDGE_ACTIVE)) {
		*out = kstrdup("unpledged\n", GFP_KERNEL);
		return *out ? strlen(*out) : -ENOMEM;
	}
	buf = kzalloc(PLEDGE_NR * 10 + 2, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < PLEDGE_NR; i++) {
		if (!(set & BIT_ULL(i)))
			continue;
		if (len)
			buf[len++] = ' ';
		len += strscpy(buf + len, names[i], 10);
	}
	buf[len++] = '\n';
	*out = buf;
	return len;
}

/* The name of the lowest promise in NEED. */
const char *pledge_promise_name(u64 need)
{
	need &= BIT_ULL(PLEDGE_NR) - 1;
	return need ? names[__ffs64(need)] : "";
}

/* The seat protocol's messages: built and checked in one place. */
#include "proto.h"

#include <errno.h>
#include <string.h>

static int known_op(unsigned op)
{
	return (op >= CAPD_SEAT_OPEN_SEAT && op <= CAPD_SEAT_DISABLED) ||
	       (op >= CAPD_SEAT_OK && op <= CAPD_SEAT_DEVICE_OPENED) ||
	       op == CAPD_SEAT_ENABLE || op == CAPD_SEAT_DISABLE;
}

int capd_seat_msg_check(struct capd_seat_msg *m, size_t n)
{
	if (n < CAPD_SEAT_MSG_HEAD || !known_op(m->op) ||
	    m->len >= CAPD_SEAT_PATH_MAX || n != CAPD_SEAT_MSG_HEAD + m->len ||
	    memchr(m->path, '\0', m->len)) {
		errno = EBADMSG;
		return -1;
	}
	m->path[m->len] = '\0';
	return 0;
}

long capd_seat_msg_make(struct capd_seat_msg *m, int op, int arg,
			const char *path)
{
	size_t len = path ? strlen(path) : 0;

	if (len >= CAPD_SEAT_PATH_MAX) {
		errno = EINVAL;
		return -1;
	}
	memset(m, 0, sizeof(*m));
	m->op = (uint16_t)op;
	m->len = (uint16_t)len;
	m->arg = arg;
	if (len)
		memcpy(m->path, path, len);
	return (long)(CAPD_SEAT_MSG_HEAD + len);
}

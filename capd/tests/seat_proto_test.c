/* The seat protocol's message checks (TAP). */
#include "../seat/proto.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int failed, n;

static void ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n, what);
	failed |= !cond;
}

int main(void)
{
	struct capd_seat_msg m;
	char longpath[CAPD_SEAT_PATH_MAX + 1];
	long len;

	len = capd_seat_msg_make(&m, CAPD_SEAT_OPEN_DEVICE, 0, "/dev/dri/card0");
	ok(len == (long)CAPD_SEAT_MSG_HEAD + 14, "a path's length counts");
	ok(capd_seat_msg_check(&m, (size_t)len) == 0 &&
	   strcmp(m.path, "/dev/dri/card0") == 0, "a good message passes");
	ok(capd_seat_msg_check(&m, (size_t)len - 1) < 0 && errno == EBADMSG,
	   "a short message is refused");
	len = capd_seat_msg_make(&m, CAPD_SEAT_OPEN_DEVICE, 0, "/dev/x");
	m.path[2] = '\0';
	ok(capd_seat_msg_check(&m, (size_t)len) < 0, "a NUL inside a path is refused");
	len = capd_seat_msg_make(&m, 99, 0, NULL);
	ok(capd_seat_msg_check(&m, (size_t)len) < 0, "an unknown op is refused");
	capd_seat_msg_make(&m, CAPD_SEAT_OK, 0, NULL);
	m.len = CAPD_SEAT_PATH_MAX;
	ok(capd_seat_msg_check(&m, sizeof(m)) < 0, "a length past the buffer is refused");
	ok(capd_seat_msg_check(&m, 2) < 0, "less than a header is refused");
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	ok(capd_seat_msg_make(&m, CAPD_SEAT_OPEN_DEVICE, 0, longpath) < 0 &&
	   errno == EINVAL, "a path too long is not sent");
	printf("1..%d\n", n);
	return failed;
}

/*
 * The seat protocol between capd and libseat: one SOCK_SEQPACKET
 * message per request, reply or event, so a message never needs
 * reassembly. A device's descriptor rides on its reply as SCM_RIGHTS.
 * Every request gets exactly one reply (CAPD_SEAT_OK, CAPD_SEAT_ERROR
 * or its own); CAPD_SEAT_ENABLE and CAPD_SEAT_DISABLE are events and
 * may arrive at any time, also between a request and its reply.
 */
#ifndef CAPD_SEAT_PROTO_H
#define CAPD_SEAT_PROTO_H

#include <stddef.h>
#include <stdint.h>

#define CAPD_SEAT_SOCKET "/run/capd/seat"
#define CAPD_SEAT_PATH_MAX 256

enum capd_seat_op {
	/* requests */
	CAPD_SEAT_OPEN_SEAT = 1,
	CAPD_SEAT_CLOSE_SEAT,
	CAPD_SEAT_OPEN_DEVICE,	/* path: reply DEVICE_OPENED + fd */
	CAPD_SEAT_CLOSE_DEVICE,	/* arg: the device id */
	CAPD_SEAT_SWITCH,	/* arg: the VT to switch to */
	CAPD_SEAT_DISABLED,	/* the client let go after a DISABLE */
	/* replies */
	CAPD_SEAT_OK = 64,
	CAPD_SEAT_ERROR,	/* arg: an errno value */
	CAPD_SEAT_OPENED,	/* path: the seat's name */
	CAPD_SEAT_DEVICE_OPENED,	/* arg: the device id */
	/* events */
	CAPD_SEAT_ENABLE = 128,
	CAPD_SEAT_DISABLE,
};

struct capd_seat_msg {
	uint16_t op;
	uint16_t len;		/* bytes of path used, without a NUL */
	int32_t arg;
	char path[CAPD_SEAT_PATH_MAX];
};

#define CAPD_SEAT_MSG_HEAD offsetof(struct capd_seat_msg, path)

/*
 * Check a message as read from the socket (N bytes): a known op, a
 * length that matches, no NUL inside the path; on success the path is
 * NUL-terminated in place. Returns 0 or -1 (errno EBADMSG).
 */
int capd_seat_msg_check(struct capd_seat_msg *m, size_t n);

/* Fill M; returns the number of bytes to send (-1, EINVAL: PATH too long). */
long capd_seat_msg_make(struct capd_seat_msg *m, int op, int arg,
			const char *path);

#endif

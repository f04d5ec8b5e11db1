/* Seat messages over a SOCK_SEQPACKET socket (see proto.h). */
#ifndef CAPD_SEAT_WIRE_H
#define CAPD_SEAT_WIRE_H

#include "proto.h"

/* Send one message, with descriptor FD unless FD < 0. 0 or -1. */
int capd_seat_send(int sock, int op, int arg, const char *path, int fd);

/*
 * Receive one message into M (checked; path NUL-terminated). A
 * descriptor that came with it lands in *FD (else -1); any other is
 * closed. FLAGS go to recvmsg (MSG_DONTWAIT). 0, or -1 with errno
 * (ECONNRESET when the peer closed, EBADMSG for a malformed message).
 */
int capd_seat_recv(int sock, struct capd_seat_msg *m, int *fd, int flags);

#endif

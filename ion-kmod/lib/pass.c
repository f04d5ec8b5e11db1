/*
 * Handing a ring's end to another process: its file over SCM_RIGHTS,
 * with two bytes beside it saying which backend and which role (the
 * module's files know their role; a memfd does not).
 */
#define _GNU_SOURCE
#include "ring.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A message of the two tag bytes with room for CONTROL's SIZE bytes. */
static void ring_message(struct msghdr *msg, struct iovec *iov, char tag[2],
			 char *control, size_t size)
{
	*iov = (struct iovec){tag, 2};
	*msg = (struct msghdr){
		.msg_iov = iov,
		.msg_iovlen = 1,
		.msg_control = control,
		.msg_controllen = size,
	};
}

int ion_send_ring(int sock, struct ion_ring *r)
{
	char tag[2] = {r->backend->tag, (char)r->role};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} c;
	struct iovec iov;
	struct msghdr msg;
	struct cmsghdr *cm;

	memset(&c, 0, sizeof(c));
	ring_message(&msg, &iov, tag, c.buf, sizeof(c.buf));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &r->fd, sizeof(int));
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
		return -errno;
	r->handed_over = 1;
	return 0;
}

/* The one file a message carried, or -1. */
static int received_fd(struct msghdr *msg)
{
	struct cmsghdr *cm = CMSG_FIRSTHDR(msg);
	int fd;

	if (!cm || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	if (cm->cmsg_len != CMSG_LEN(sizeof(int))) {
		/* More than one: close them all. */
		int *fds = (int *)CMSG_DATA(cm);
		size_t n = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);

		for (size_t i = 0; i < n; i++)
			close(fds[i]);
		return -1;
	}
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

int ion_recv_ring(int sock, struct ion_ring **ring)
{
	char tag[2];
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} c;
	struct iovec iov;
	struct msghdr msg;
	ssize_t n;
	int fd, err;

	ring_message(&msg, &iov, tag, c.buf, sizeof(c.buf));
	n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	if (n < 0)
		return -errno;
	fd = received_fd(&msg);
	if (n == 0 && fd < 0)
		return -EPIPE;
	if (fd < 0 || n != 2 || (msg.msg_flags & MSG_CTRUNC)) {
		if (fd >= 0)
			close(fd);
		return -EPROTO;
	}
	if (tag[0] == ion_dev_backend.tag)
		err = ion_dev_attach(fd, ring);
	else if (tag[0] == ion_memfd_backend.tag)
		err = ion_memfd_attach(fd, tag[1], ring);
	else
		err = -EPROTO;
	if (err)
		close(fd);
	return err;
}

/*
 * libseat(3) on capd's seat socket. Requests are synchronous; events
 * (enable, disable) that arrive while a reply is awaited are queued and
 * delivered by the next libseat_dispatch, so a listener never runs
 * inside another libseat call.
 */
#include "libseat.h"
#include "wire.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define QUEUE_MAX 8

struct libseat {
	int sock;
	const struct libseat_seat_listener *listener;
	void *userdata;
	char name[64];
	int queue[QUEUE_MAX];	/* events not yet delivered */
	int queued;
};

static enum libseat_log_level log_level = LIBSEAT_LOG_LEVEL_ERROR;
static libseat_log_func log_handler;

static void say(enum libseat_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(enum libseat_log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	if (log_handler) {
		log_handler(level, fmt, ap);
	} else {
		fputs("libseat: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}

void libseat_set_log_handler(libseat_log_func handler)
{
	log_handler = handler;
}

void libseat_set_log_level(enum libseat_log_level level)
{
	log_level = level;
}

static int queue_event(struct libseat *s, int op)
{
	/* capd waits for the ack of a disable, so few are ever in flight. */
	if (s->queued == QUEUE_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	s->queue[s->queued++] = op;
	return 0;
}

/* Read one message; queue it if it is an event. 1 event, 0 reply, -1. */
static int read_one(struct libseat *s, struct capd_seat_msg *m, int *fd,
		    int flags)
{
	if (capd_seat_recv(s->sock, m, fd, flags) < 0)
		return -1;
	if (m->op == CAPD_SEAT_ENABLE || m->op == CAPD_SEAT_DISABLE) {
		if (fd && *fd >= 0) {
			close(*fd);
			*fd = -1;
		}
		return queue_event(s, m->op) < 0 ? -1 : 1;
	}
	if (m->op < CAPD_SEAT_OK) {
		errno = EBADMSG;	/* capd never sends a request */
		return -1;
	}
	return 0;
}

/* Send a request and wait for its reply; the reply's fd goes to *FD. */
static int request(struct libseat *s, int op, int arg, const char *path,
		   struct capd_seat_msg *reply, int *fd)
{
	int rc;

	if (capd_seat_send(s->sock, op, arg, path, -1) < 0)
		return -1;
	while ((rc = read_one(s, reply, fd, 0)) == 1)
		;
	if (rc < 0)
		return -1;
	if (reply->op == CAPD_SEAT_ERROR) {
		errno = reply->arg > 0 ? reply->arg : EIO;
		return -1;
	}
	return 0;
}

static int connect_capd(void)
{
	const char *path = getenv("CAPD_SEAT_SOCKET");
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int sock;

	if (!path || !*path)
		path = CAPD_SEAT_SOCKET;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	sock = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (sock < 0)
		return -1;
	if (connect(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		int e = errno;

		say(LIBSEAT_LOG_LEVEL_ERROR, "cannot reach capd at %s: %s",
		    path, strerror(e));
		close(sock);
		errno = e;
		return -1;
	}
	return sock;
}

struct libseat *libseat_open_seat(const struct libseat_seat_listener *listener,
				  void *userdata)
{
	struct capd_seat_msg reply;
	struct libseat *s;
	int e;

	if (!listener || !listener->enable_seat || !listener->disable_seat) {
		errno = EINVAL;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->listener = listener;
	s->userdata = userdata;
	s->sock = connect_capd();
	if (s->sock < 0)
		goto fail;
	if (request(s, CAPD_SEAT_OPEN_SEAT, 0, NULL, &reply, NULL) < 0) {
		say(LIBSEAT_LOG_LEVEL_ERROR, "capd refused the seat: %s",
		    strerror(errno));
		goto fail;
	}
	if (reply.op != CAPD_SEAT_OPENED) {
		errno = EBADMSG;
		goto fail;
	}
	/* A seat name is short ("seat0"); a longer one is cut. */
	snprintf(s->name, sizeof(s->name), "%.63s", reply.path);
	say(LIBSEAT_LOG_LEVEL_INFO, "seat %s opened through capd", s->name);
	return s;
fail:
	e = errno;
	if (s->sock >= 0)
		close(s->sock);
	free(s);
	errno = e;
	return NULL;
}

int libseat_close_seat(struct libseat *s)
{
	struct capd_seat_msg reply;
	int rc;

	if (!s) {
		errno = EINVAL;
		return -1;
	}
	rc = request(s, CAPD_SEAT_CLOSE_SEAT, 0, NULL, &reply, NULL);
	close(s->sock);
	free(s);
	return rc;
}

int libseat_disable_seat(struct libseat *s)
{
	struct capd_seat_msg reply;

	return request(s, CAPD_SEAT_DISABLED, 0, NULL, &reply, NULL);
}

int libseat_open_device(struct libseat *s, const char *path, int *fd)
{
	struct capd_seat_msg reply;
	int got = -1;

	if (!path || !fd) {
		errno = EINVAL;
		return -1;
	}
	if (request(s, CAPD_SEAT_OPEN_DEVICE, 0, path, &reply, &got) < 0)
		return -1;
	if (reply.op != CAPD_SEAT_DEVICE_OPENED || got < 0) {
		if (got >= 0)
			close(got);
		errno = EBADMSG;
		return -1;
	}
	*fd = got;
	return reply.arg;
}

int libseat_close_device(struct libseat *s, int device_id)
{
	struct capd_seat_msg reply;

	return request(s, CAPD_SEAT_CLOSE_DEVICE, device_id, NULL, &reply, NULL);
}

const char *libseat_seat_name(struct libseat *s)
{
	return s->name;
}

int libseat_switch_session(struct libseat *s, int session)
{
	struct capd_seat_msg reply;

	if (session <= 0) {
		errno = EINVAL;
		return -1;
	}
	return request(s, CAPD_SEAT_SWITCH, session, NULL, &reply, NULL);
}

int libseat_get_fd(struct libseat *s)
{
	return s->sock;
}

/* Deliver queued events; listeners may call back into libseat. */
static int deliver(struct libseat *s)
{
	int n = 0;

	while (s->queued) {
		int op = s->queue[0];

		memmove(s->queue, s->queue + 1,
			(size_t)--s->queued * sizeof(s->queue[0]));
		if (op == CAPD_SEAT_ENABLE)
			s->listener->enable_seat(s, s->userdata);
		else
			s->listener->disable_seat(s, s->userdata);
		n++;
	}
	return n;
}

int libseat_dispatch(struct libseat *s, int timeout)
{
	struct pollfd p = {.fd = s->sock, .events = POLLIN};
	struct capd_seat_msg m;
	int rc;

	if (s->queued)
		return deliver(s);
	do
		rc = poll(&p, 1, timeout);
	while (rc < 0 && errno == EINTR);
	if (rc <= 0)
		return rc;
	while ((rc = read_one(s, &m, NULL, MSG_DONTWAIT)) == 1)
		;
	if (rc < 0 && errno != EAGAIN)
		return -1;
	if (rc == 0) {
		errno = EBADMSG;	/* a reply nobody asked for */
		return -1;
	}
	return deliver(s);
}

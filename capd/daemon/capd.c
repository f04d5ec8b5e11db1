/*
 * capd(8): the capability daemon. Today it brokers seat0: a session
 * (the compositor) asks for the seat over a Unix socket, and capd opens
 * the DRM and input devices for it, keeps a copy of each, and takes
 * them back when the session's VT goes to the background or the
 * session ends.
 */
#include "seat.h"
#include "../seat/wire.h"

#include <errno.h>
#include <poll.h>
#include <pledge.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define CLIENTS_MAX 16

static struct client clients[CLIENTS_MAX];
static struct seat seat;

static void usage(void)
{
	fputs("usage: capd [-T] [-s socket]\n", stderr);
	exit(2);
}

static int listen_on(const char *path)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char dir[sizeof(sa.sun_path)], *slash;
	int sock;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "capd: socket path too long: %s\n", path);
		return -1;
	}
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
			fprintf(stderr, "capd: mkdir %s: %s\n", dir, strerror(errno));
			return -1;
		}
	}
	sock = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	/* A socket left by a capd that died is stale: nobody listens on it. */
	unlink(path);
	if (sock < 0 || bind(sock, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    chmod(path, 0666) < 0 || listen(sock, 8) < 0) {
		fprintf(stderr, "capd: cannot listen on %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return sock;
}

static void accept_client(int lsock)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int sock = accept4(lsock, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (sock < 0)
		return;
	if (getsockopt(sock, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0) {
		close(sock);
		return;
	}
	for (int i = 0; i < CLIENTS_MAX; i++)
		if (clients[i].sock < 0) {
			clients[i] = (struct client){.sock = sock, .pid = cred.pid,
						     .uid = cred.uid};
			return;
		}
	fprintf(stderr, "capd: too many clients; refused pid %d\n",
		(int)cred.pid);
	close(sock);
}

static void drop_client(struct client *c)
{
	seat_client_gone(&seat, c);
	close(c->sock);
	c->sock = -1;
}

static void serve_client(struct client *c)
{
	struct capd_seat_msg m;
	int fd;

	for (;;) {
		if (capd_seat_recv(c->sock, &m, &fd, MSG_DONTWAIT) < 0) {
			if (errno == EBADMSG)
				fprintf(stderr, "capd: pid %d sent a malformed "
					"message: disconnected\n", (int)c->pid);
			if (errno != EAGAIN)
				drop_client(c);
			return;
		}
		if (fd >= 0)
			close(fd);	/* nothing a client sends carries one */
		if (seat_request(&seat, c, m.op, m.arg, m.path) < 0) {
			fprintf(stderr, "capd: pid %d broke the protocol "
				"(op %u): disconnected\n", (int)c->pid, m.op);
			drop_client(c);
			return;
		}
	}
}

static int signals_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	signal(SIGPIPE, SIG_IGN);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/*
 * capd may open seat devices and the VTs, read /proc for the peer
 * check, and remove its socket. (pledge waits for the cells of issue
 * 22: the DRM and VT ioctls are outside every promise's list.)
 */
static void confine(const char *path)
{
	char dir[256], *slash;

	static const char *const rw[] = {"/dev/dri", "/dev/input", "/dev/tty0",
					 "/dev/tty1", "/dev/tty2", "/dev/tty3",
					 "/dev/tty4", "/dev/tty5", "/dev/tty6",
					 "/dev/tty7", "/dev/tty8", "/dev/tty9",
					 "/dev/tty10", "/dev/tty11",
					 "/dev/tty12"};

	for (size_t i = 0; i < sizeof(rw) / sizeof(rw[0]); i++)
		if (unveil(rw[i], "rw") < 0 && errno != ENOENT &&
		    errno != ENOSYS)
			fprintf(stderr, "capd: unveil %s: %s\n", rw[i],
				strerror(errno));
	/* The socket's folder, so that capd can remove it when it stops. */
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	if (unveil(dir, "rwc") < 0 && errno != ENOSYS)
		fprintf(stderr, "capd: unveil %s: %s\n", dir, strerror(errno));
	if (unveil("/proc", "r") < 0 && errno != ENOSYS)
		fprintf(stderr, "capd: unveil /proc: %s\n", strerror(errno));
	if (unveil(NULL, NULL) < 0 && errno != ENOSYS)
		fprintf(stderr, "capd: unveil: %s\n", strerror(errno));
}

int main(int argc, char **argv)
{
	const char *path = CAPD_SEAT_SOCKET;
	struct pollfd p[CLIENTS_MAX + 3];
	bool use_vt = true;
	int opt, lsock, sfd;

	while ((opt = getopt(argc, argv, "Ts:")) != -1) {
		if (opt == 'T')
			use_vt = false;
		else if (opt == 's')
			path = optarg;
		else
			usage();
	}
	if (optind != argc)
		usage();
	seat_init(&seat, use_vt);
	for (int i = 0; i < CLIENTS_MAX; i++)
		clients[i].sock = -1;
	if ((sfd = signals_fd()) < 0 || (lsock = listen_on(path)) < 0)
		return 1;
	confine(path);
	fprintf(stderr, "capd: serving seat0 on %s\n", path);
	for (;;) {
		struct signalfd_siginfo si;
		int n = 2, rc;

		p[0] = (struct pollfd){.fd = sfd, .events = POLLIN};
		p[1] = (struct pollfd){.fd = lsock, .events = POLLIN};
		for (int i = 0; i < CLIENTS_MAX; i++)
			p[n++] = (struct pollfd){.fd = clients[i].sock,
						 .events = POLLIN};
		p[n++] = (struct pollfd){.fd = seat_watch_fd(&seat),
					 .events = POLLIN};
		rc = poll(p, (nfds_t)n, seat_poll_timeout(&seat));
		if (rc < 0 && errno != EINTR) {
			perror("capd: poll");
			return 1;
		}
		seat_release_overdue(&seat);
		while (read(sfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT) {
				for (int i = 0; i < CLIENTS_MAX; i++)
					if (clients[i].sock >= 0)
						drop_client(&clients[i]);
				unlink(path);
				return 0;
			}
			seat_vt_signal(&seat, (int)si.ssi_signo);
		}
		if (p[1].revents & POLLIN)
			accept_client(lsock);
		for (int i = 0; i < CLIENTS_MAX; i++)
			if (clients[i].sock >= 0 && p[i + 2].revents)
				serve_client(&clients[i]);
		if (p[CLIENTS_MAX + 2].revents & POLLIN) {
			struct client *gone = seat_vt_owner(&seat);

			if (gone && gone->sock >= 0)
				drop_client(gone);
		}
	}
}

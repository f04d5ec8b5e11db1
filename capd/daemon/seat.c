/*
 * seat0: one session at a time holds it, the one whose VT is in front.
 * Every device capd opens for the session is remembered, so that a VT
 * switch, a closed device or the session's end takes it back from
 * every process the session passed it to.
 */
#include "seat.h"
#include "../seat/wire.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#define TTY_MAJOR 4

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void seat_init(struct seat *s, bool use_vt)
{
	memset(s, 0, sizeof(*s));
	s->use_vt = use_vt;
	s->vt.fd = -1;
	s->vt_watch = -1;
	s->next_id = 1;
}

static int reply(struct client *c, int op, int arg, const char *path, int fd)
{
	if (capd_seat_send(c->sock, op, arg, path, fd) < 0) {
		fprintf(stderr, "capd: cannot answer pid %d: %s\n", (int)c->pid,
			strerror(errno));
		return -1;
	}
	return 0;
}

static int refuse(struct client *c, int err)
{
	return reply(c, CAPD_SEAT_ERROR, err, NULL, -1);
}

/*
 * The peer's controlling terminal, from /proc/PID/stat (field 7). The
 * process name before it is the peer's to choose, newlines and ')'
 * included: the fields start after the last ')' of the whole file.
 */
static long peer_tty(pid_t pid)
{
	char path[64], buf[2048], *p;
	long tty = -1;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %ld", &tty) != 1)
		return -1;
	return tty;
}

/* Does UID own /dev/ttyVTNUM? login gives the VT to whoever logged in. */
static int owns_vt(uid_t uid, int vtnum)
{
	char path[32];
	struct stat st;

	snprintf(path, sizeof(path), "/dev/tty%d", vtnum);
	return stat(path, &st) == 0 && S_ISCHR(st.st_mode) &&
	       st.st_rdev == makedev(TTY_MAJOR, vtnum) && st.st_uid == uid;
}

/*
 * Who may hold the seat: root, or whoever logged in on the VT in front
 * (its owner), from a process whose controlling terminal it is: someone
 * at the machine's own keyboard. The owner check also stands when the
 * peer's pid was reused by a process of someone else.
 */
static int may_hold(const struct seat *s, const struct client *c, int vtnum)
{
	if (c->uid == 0)
		return 1;
	if (!s->use_vt)	/* capd -T, for tests: its own user */
		return c->uid == getuid();
	return owns_vt(c->uid, vtnum) &&
	       peer_tty(c->pid) == (long)makedev(TTY_MAJOR, vtnum);
}

static int revoke_all(struct seat *s, int evdev_too)
{
	int n = 0;

	/* DRM first: once an input node reports ENODEV, no master is left. */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < SEAT_DEVICES_MAX; i++) {
			struct grant *g = &s->grants[i];

			if (!g->id || (g->kind == DEVICE_DRM) != (pass == 0))
				continue;
			if (g->kind == DEVICE_EVDEV && !evdev_too)
				continue;
			if (device_revoke(g->fd, g->kind) < 0)
				fprintf(stderr, "capd: cannot revoke device %d: %s\n",
					g->id, strerror(errno));
			n++;
			if (g->kind == DEVICE_EVDEV) {
				/* Revoked for good: the session reopens it. */
				close(g->fd);
				g->id = 0;
			}
		}
	return n;
}

static void end_session(struct seat *s, const char *why)
{
	int n = revoke_all(s, 1);

	for (int i = 0; i < SEAT_DEVICES_MAX; i++)
		if (s->grants[i].id) {
			close(s->grants[i].fd);
			s->grants[i].id = 0;
		}
	vt_restore(&s->vt);
	if (s->vt_watch >= 0)
		close(s->vt_watch);
	s->vt_watch = -1;
	fprintf(stderr, "capd: seat0 session of pid %d %s: %d device(s) revoked\n",
		(int)s->owner->pid, why, n);
	s->owner = NULL;
	s->state = SEAT_FREE;
}

/*
 * A user's session holds the seat while they own the VT: a login
 * there by someone else (login chowns the VT) ends it, even while the
 * user's compositor lives on after its shell logged out.
 */
static void watch_vt(struct seat *s, const struct client *c, int vtnum)
{
	char path[32];

	if (!s->use_vt || c->uid == 0)
		return;
	snprintf(path, sizeof(path), "/dev/tty%d", vtnum);
	s->vt_watch = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (s->vt_watch >= 0 &&
	    inotify_add_watch(s->vt_watch, path, IN_ATTRIB) >= 0)
		return;
	fprintf(stderr, "capd: cannot watch %s for logins: %s\n", path,
		strerror(errno));
	if (s->vt_watch >= 0)
		close(s->vt_watch);
	s->vt_watch = -1;
}

int seat_watch_fd(const struct seat *s)
{
	return s->vt_watch;
}

struct client *seat_vt_owner(struct seat *s)
{
	_Alignas(struct inotify_event) char buf[4096];
	struct client *c = s->owner;

	while (s->vt_watch >= 0 && read(s->vt_watch, buf, sizeof(buf)) > 0)
		;	/* drained: what matters is the owner now */
	if (!c || owns_vt(c->uid, s->vt.num))
		return NULL;
	fprintf(stderr, "capd: uid %d no longer owns /dev/tty%d (someone "
		"else logged in there): taking seat0 back\n", (int)c->uid,
		s->vt.num);
	/* No " login: " in what capd says: the tests take it for getty. */
	end_session(s, "lost its VT to someone else");
	return c;
}

static int open_seat(struct seat *s, struct client *c)
{
	int vtnum = 0;

	if (s->owner)
		return refuse(c, EBUSY);
	if (s->use_vt && (vtnum = vt_active()) < 0)
		return refuse(c, errno ? errno : ENOTTY);
	if (!may_hold(s, c, vtnum)) {
		fprintf(stderr, "capd: pid %d (uid %d) asked for seat0 "
			"from off the active VT %d: refused\n",
			(int)c->pid, (int)c->uid, vtnum);
		return refuse(c, EPERM);
	}
	if (s->use_vt && vt_take(&s->vt, vtnum) < 0)
		return refuse(c, errno);
	s->owner = c;
	s->state = SEAT_ENABLED;
	watch_vt(s, c, vtnum);
	fprintf(stderr, "capd: seat0 given to pid %d on VT %d\n", (int)c->pid,
		vtnum);
	if (reply(c, CAPD_SEAT_OPENED, 0, "seat0", -1) < 0)
		return -1;
	return reply(c, CAPD_SEAT_ENABLE, 0, NULL, -1);
}

static struct grant *grant_by_id(struct seat *s, int id)
{
	for (int i = 0; i < SEAT_DEVICES_MAX; i++)
		if (id > 0 && s->grants[i].id == id)
			return &s->grants[i];
	return NULL;
}

static int open_device(struct seat *s, struct client *c, const char *path)
{
	struct grant *g = NULL;
	enum device_kind kind;
	int fd;

	for (int i = 0; i < SEAT_DEVICES_MAX && !g; i++)
		if (!s->grants[i].id)
			g = &s->grants[i];
	if (s->state != SEAT_ENABLED)
		return refuse(c, EBUSY);
	if (!g)
		return refuse(c, EMFILE);
	fd = device_open(path, &kind);
	if (fd < 0 || device_activate(fd, kind) < 0) {
		int e = errno;

		fprintf(stderr, "capd: pid %d: cannot grant %s: %s\n",
			(int)c->pid, path, strerror(e));
		if (fd >= 0)
			close(fd);
		return refuse(c, e);
	}
	g->id = s->next_id++;
	g->fd = fd;
	g->kind = kind;
	return reply(c, CAPD_SEAT_DEVICE_OPENED, g->id, NULL, fd);
}

static int close_device(struct seat *s, struct client *c, int id)
{
	struct grant *g = grant_by_id(s, id);

	if (!g)
		return refuse(c, ENOENT);
	device_revoke(g->fd, g->kind);
	close(g->fd);
	g->id = 0;
	return reply(c, CAPD_SEAT_OK, 0, NULL, -1);
}

/* The session let go (or took too long): finish the switch away. */
static void released(struct seat *s)
{
	revoke_all(s, 1);
	if (vt_ack_release(&s->vt) < 0)
		fprintf(stderr, "capd: VT_RELDISP: %s\n", strerror(errno));
	s->state = SEAT_DISABLED;
}

int seat_request(struct seat *s, struct client *c, int op, int arg,
		 const char *path)
{
	if (op >= CAPD_SEAT_OK)
		return -1;	/* a reply or an event sent to capd */
	if (op == CAPD_SEAT_OPEN_SEAT)
		return open_seat(s, c);
	if (c != s->owner)
		return refuse(c, EPERM);
	switch (op) {
	case CAPD_SEAT_CLOSE_SEAT:
		end_session(s, "closed");
		return reply(c, CAPD_SEAT_OK, 0, NULL, -1);
	case CAPD_SEAT_OPEN_DEVICE:
		return open_device(s, c, path);
	case CAPD_SEAT_CLOSE_DEVICE:
		return close_device(s, c, arg);
	case CAPD_SEAT_SWITCH:
		if (!s->use_vt)
			return refuse(c, ENOTTY);
		if (s->state != SEAT_ENABLED || arg <= 0 || arg > 63)
			return refuse(c, arg <= 0 || arg > 63 ? EINVAL : EBUSY);
		if (vt_switch(&s->vt, arg) < 0)
			return refuse(c, errno);
		return reply(c, CAPD_SEAT_OK, 0, NULL, -1);
	case CAPD_SEAT_DISABLED:
		if (s->state != SEAT_DISABLING)
			return refuse(c, EINVAL);
		released(s);
		return reply(c, CAPD_SEAT_OK, 0, NULL, -1);
	default:
		return -1;
	}
}

void seat_client_gone(struct seat *s, struct client *c)
{
	if (s->owner == c)
		end_session(s, "ended");
}

void seat_vt_signal(struct seat *s, int signo)
{
	if (signo == SIGUSR1) {
		if (s->state != SEAT_ENABLED) {
			vt_ack_release(&s->vt);
			return;
		}
		s->state = SEAT_DISABLING;
		s->release_deadline = now_ms() + SEAT_RELEASE_MS;
		if (reply(s->owner, CAPD_SEAT_DISABLE, 0, NULL, -1) < 0)
			released(s);
		return;
	}
	if (s->state != SEAT_DISABLED)
		return;
	vt_ack_acquire(&s->vt);
	for (int i = 0; i < SEAT_DEVICES_MAX; i++)
		if (s->grants[i].id)
			device_activate(s->grants[i].fd, s->grants[i].kind);
	s->state = SEAT_ENABLED;
	reply(s->owner, CAPD_SEAT_ENABLE, 0, NULL, -1);
}

int seat_poll_timeout(const struct seat *s)
{
	long long left;

	if (s->state != SEAT_DISABLING)
		return -1;
	left = s->release_deadline - now_ms();
	return left < 0 ? 0 : (int)left;
}

void seat_release_overdue(struct seat *s)
{
	if (s->state != SEAT_DISABLING || now_ms() < s->release_deadline)
		return;
	fprintf(stderr, "capd: pid %d kept a VT switch waiting %d ms: "
		"taking its devices\n", (int)s->owner->pid, SEAT_RELEASE_MS);
	released(s);
}

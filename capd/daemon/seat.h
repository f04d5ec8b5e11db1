/* seat0 and the one session that holds it. */
#ifndef CAPD_SEAT_H
#define CAPD_SEAT_H

#include "devices.h"
#include "vt.h"

#include <stdbool.h>
#include <sys/types.h>

#define SEAT_DEVICES_MAX 64
#define SEAT_RELEASE_MS 3000	/* how long a session may keep a switch waiting */

struct grant {
	int id;		/* 0: free slot */
	int fd;		/* capd's copy: the session's shares its open file */
	enum device_kind kind;
};

struct client {
	int sock;
	pid_t pid;
	uid_t uid;
};

enum seat_state { SEAT_FREE, SEAT_ENABLED, SEAT_DISABLING, SEAT_DISABLED };

struct seat {
	bool use_vt;
	enum seat_state state;
	struct client *owner;
	struct vt vt;
	struct grant grants[SEAT_DEVICES_MAX];
	int next_id;
	long long release_deadline;	/* ms, CLOCK_MONOTONIC, when disabling */
	int vt_watch;	/* inotify on the VT's device node, or -1 */
};

void seat_init(struct seat *s, bool use_vt);
/* A request from C; -1 means drop the connection (a protocol error). */
int seat_request(struct seat *s, struct client *c, int op, int arg,
		 const char *path);
/* C's connection closed: if it held the seat, take everything back. */
void seat_client_gone(struct seat *s, struct client *c);
/* The kernel asks to switch away (SIGUSR1) or has switched back (SIGUSR2). */
void seat_vt_signal(struct seat *s, int signo);
/*
 * The descriptor to poll for the VT changing hands (a login chowns it
 * to whoever logged in), or -1. When it is readable, seat_vt_owner
 * ends a session whose user no longer owns the VT, and returns that
 * session's client for capd to hang up on, or NULL.
 */
int seat_watch_fd(const struct seat *s);
struct client *seat_vt_owner(struct seat *s);
/* How long poll may wait for the release deadline (ms), or -1. */
int seat_poll_timeout(const struct seat *s);
/* Called when poll's timeout ran out: finish an overdue release. */
void seat_release_overdue(struct seat *s);

#endif

/*
 * Commands from bindings and -s, run by a launcher: a process forked
 * before surface opens any device, so that what it starts never holds
 * the card or an input device, and surface itself can pledge without
 * "proc exec" (an exec would end its pledge with the devices in hand).
 * The launcher reads one command per message, "WAYLAND_DISPLAY\0COMMAND",
 * and runs it under /bin/sh -c in a session of its own; it exits when
 * surface closes its end.
 */
#define _GNU_SOURCE	/* SOCK_CLOEXEC */
#include "spawn.h"

#include <errno.h>
#include <pledge.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wlr/util/log.h>

#define MESSAGE_MAX 8192

static int launcher = -1;

static void run(const char *display, const char *command)
{
	pid_t pid = fork();
	sigset_t none;

	if (pid != 0)
		return;		/* the launcher, or fork failed: go on */
	/* wl_event_loop blocked the signals it handles: unblock them. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	if (display[0] != '\0')
		setenv("WAYLAND_DISPLAY", display, 1);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

static void launcher_loop(int sock)
{
	static char msg[MESSAGE_MAX + 1];
	ssize_t n;

	/* Its children exec, which ends this pledge for them. */
	if (pledge("stdio proc exec", NULL) < 0 && errno != ENOSYS)
		_exit(1);
	while ((n = recv(sock, msg, MESSAGE_MAX, 0)) != 0) {
		char *command;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		msg[n] = '\0';
		command = memchr(msg, '\0', (size_t)n);
		if (command != NULL && command + 1 < msg + n)
			run(msg, command + 1);
	}
	_exit(0);
}

int spawn_init(void)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		close(sv[0]);
		launcher_loop(sv[1]);
	}
	close(sv[1]);
	launcher = sv[0];
	return 0;
}

void spawn(const char *command)
{
	const char *display = getenv("WAYLAND_DISPLAY");
	size_t dlen = display ? strlen(display) : 0;
	size_t clen = strlen(command);
	char msg[MESSAGE_MAX];

	if (dlen + 1 + clen > sizeof msg) {
		wlr_log(WLR_ERROR, "command too long to run: \"%.40s...\"",
			command);
		return;
	}
	memcpy(msg, display ? display : "", dlen + 1);
	memcpy(msg + dlen + 1, command, clen);
	if (launcher < 0 ||
	    send(launcher, msg, dlen + 1 + clen, MSG_NOSIGNAL) < 0)
		wlr_log_errno(WLR_ERROR, "cannot run \"%s\": no launcher",
			      command);
}

/*
 * Commands from bindings and -s. The child leaves surface's session and
 * signal settings behind; exec ends surface's pledge and unveils for it
 * (no execpromises are set), so what it runs is not confined by ours.
 */
#include "spawn.h"

#include <signal.h>
#include <unistd.h>
#include <wlr/util/log.h>

void spawn(const char *command)
{
	pid_t pid = fork();

	if (pid < 0) {
		wlr_log_errno(WLR_ERROR, "cannot fork for \"%s\"", command);
		return;
	}
	if (pid > 0)
		return;
	sigset_t none;

	/* wl_event_loop blocks the signals it handles: unblock them. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	setsid();
	signal(SIGCHLD, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

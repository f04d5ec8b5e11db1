#define _GNU_SOURCE
#include "pty_child.h"

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static struct winsize size_of(int rows, int cols, int cell_width,
			      int cell_height)
{
	struct winsize ws = {
		.ws_row = (unsigned short)rows,
		.ws_col = (unsigned short)cols,
		.ws_xpixel = (unsigned short)(cols * cell_width),
		.ws_ypixel = (unsigned short)(rows * cell_height),
	};

	return ws;
}

/* In the child: a clean signal state, the environment, then the exec. */
static void start_child(char **argv)
{
	const char *shell = getenv("SHELL");
	char *default_argv[2];
	sigset_t none;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	setenv("TERM", "xterm-256color", 1);
	setenv("COLORTERM", "truecolor", 1);
	if (!argv) {
		if (!shell || !*shell || access(shell, X_OK) != 0)
			shell = "/bin/sh";
		default_argv[0] = (char *)shell;
		default_argv[1] = NULL;
		argv = default_argv;
	}
	execvp(argv[0], argv);
	fprintf(stderr, "nexus-term: cannot run %s: %s\n", argv[0],
		strerror(errno));
	_exit(127);
}

int pty_spawn(struct pty *pty, char **argv, int rows, int cols,
	      int cell_width, int cell_height)
{
	struct winsize ws = size_of(rows, cols, cell_width, cell_height);
	int flags;

	pty->child = forkpty(&pty->master, NULL, NULL, &ws);
	if (pty->child < 0) {
		fprintf(stderr, "nexus-term: cannot make a pty: %s\n",
			strerror(errno));
		return -1;
	}
	if (pty->child == 0)
		start_child(argv);
	flags = fcntl(pty->master, F_GETFL);
	if (flags < 0 || fcntl(pty->master, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    fcntl(pty->master, F_SETFD, FD_CLOEXEC) < 0) {
		fprintf(stderr, "nexus-term: pty flags: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

int pty_resize(struct pty *pty, int rows, int cols, int cell_width,
	       int cell_height)
{
	struct winsize ws = size_of(rows, cols, cell_width, cell_height);

	return ioctl(pty->master, TIOCSWINSZ, &ws);
}

void pty_hangup(struct pty *pty)
{
	if (pty->master >= 0)
		close(pty->master);
	pty->master = -1;
}

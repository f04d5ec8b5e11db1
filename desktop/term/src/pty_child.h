/* The program under the terminal, on a pseudo-terminal. */
#ifndef TERM_PTY_CHILD_H
#define TERM_PTY_CHILD_H

#include <sys/types.h>

struct pty {
	int master;	/* non-blocking, close-on-exec */
	pid_t child;
};

/*
 * Starts ARGV (NULL: $SHELL, or /bin/sh, as a login-less interactive
 * shell) on a new pty of ROWS x COLS, with TERM=xterm-256color and
 * COLORTERM=truecolor. Returns 0, or -1 after saying why on stderr.
 */
int pty_spawn(struct pty *pty, char **argv, int rows, int cols,
	      int cell_width, int cell_height);

/* The new size, which the kernel passes on to the program as SIGWINCH. */
int pty_resize(struct pty *pty, int rows, int cols, int cell_width,
	       int cell_height);

/*
 * Hangs up: closing the master sends SIGHUP to the program's session,
 * as a modem line dropping would.
 */
void pty_hangup(struct pty *pty);

#endif /* TERM_PTY_CHILD_H */

/*
 * ion-example: a parent sends lines to a child through an ION ring.
 * The ring comes from /dev/ion when ion.ko is loaded, else from a
 * memfd; the child gets its end over a socket, like any other process
 * would. Build: cc ion-example.c -lion
 */
#define _GNU_SOURCE
#include <ion.h>
#include <linux/ion.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int child(int sock)
{
	struct ion_ring *ring;
	char line[256];
	ssize_t n;

	if (ion_recv_ring(sock, &ring) < 0)
		return 1;
	while ((n = ion_recv(ring, line, sizeof(line), 0)) >= 0)
		printf("child got: %.*s\n", (int)n, line);
	ion_close(ring);
	fflush(stdout);
	return n == -EPIPE ? 0 : 1; /* EPIPE: the parent is done */
}

int main(void)
{
	static const char *const lines[] = {"one", "two", "three"};
	struct ion_ring *producer, *consumer;
	int sv[2], status;
	pid_t pid;

	if (ion_create(1 << 16, &producer, &consumer) < 0 &&
	    ion_create_memfd(1 << 16, &producer, &consumer) < 0) {
		perror("ion-example: no ring");
		return 1;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		ion_close(producer);
		_exit(child(sv[1]));
	}
	ion_send_ring(sv[0], consumer);
	ion_close(consumer);
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		ion_send(producer, lines[i], strlen(lines[i]), 0);
	ion_close(producer);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

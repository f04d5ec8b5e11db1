/*
 * seat-probe: a libseat client for tests. It takes seat0 from capd,
 * asks for each DEVICE and prints what it got:
 *   granted PATH        refused PATH: REASON
 * With -k it then forks a child that keeps every descriptor and closes
 * the seat socket, prints "holding PID", and waits to be killed; the
 * child waits until capd takes the input devices back and prints, per
 * device, "revoked PATH" or "kept PATH", and for DRM devices "master
 * PATH yes|no". That is how a test proves that killing a session takes
 * back every descriptor it was granted, even copies passed on.
 * With -s PID it takes copies of every DRM and evdev descriptor process
 * PID holds (pidfd_getfd: the same open files, not new opens), prints
 * "stolen N", and waits and reports as -k's child does: PID being the
 * compositor, killing it must leave these copies useless too.
 */
#include <libseat.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <xf86drm.h>

#define DEVICES_MAX 16

static int enabled;

static void on_enable(struct libseat *seat, void *data)
{
	(void)seat;
	(void)data;
	enabled = 1;
}

static void on_disable(struct libseat *seat, void *data)
{
	(void)data;
	enabled = 0;
	libseat_disable_seat(seat);
}

static const struct libseat_seat_listener listener = {
	.enable_seat = on_enable,
	.disable_seat = on_disable,
};

static int is_drm(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && major(st.st_rdev) == 226;
}

/* Wait for every input device to be revoked, then report all. */
static int watch(char **paths, const int *fds, int n)
{
	struct pollfd p[DEVICES_MAX];
	int np = 0;

	for (int i = 0; i < n; i++)
		if (fds[i] >= 0 && !is_drm(fds[i]))
			p[np++] = (struct pollfd){.fd = fds[i]};
	/* A revoked evdev node hangs up its readers: no timing involved. */
	while (np > 0) {
		int left = 0;

		if (poll(p, (nfds_t)np, -1) < 0 && errno != EINTR)
			return 1;
		for (int i = 0; i < np; i++)
			if (!(p[i].revents & (POLLHUP | POLLERR)))
				p[left++] = p[i];
		np = left;
	}
	for (int i = 0; i < n; i++) {
		struct input_event ev;

		if (fds[i] < 0)
			continue;
		if (is_drm(fds[i])) {
			printf("master %s %s\n", paths[i],
			       drmIsMaster(fds[i]) ? "yes" : "no");
			continue;
		}
		printf("%s %s\n", read(fds[i], &ev, sizeof(ev)) < 0 &&
			errno == ENODEV ? "revoked" : "kept", paths[i]);
	}
	return 0;
}

/* Copies of PID's seat descriptors, in FDS, named in PATHS. */
static int steal(const char *pid, char **paths, int *fds)
{
	char dir[64];
	struct dirent *de;
	int n = 0, pidfd = (int)syscall(SYS_pidfd_open, atoi(pid), 0);
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%s/fd", pid);
	if (pidfd < 0 || !(d = opendir(dir))) {
		perror("seat-probe: pidfd_open or /proc");
		return -1;
	}
	while ((de = readdir(d)) && n < DEVICES_MAX) {
		struct stat st;
		int fd;

		if (de->d_name[0] == '.')
			continue;
		fd = (int)syscall(SYS_pidfd_getfd, pidfd, atoi(de->d_name), 0);
		if (fd < 0 || fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) ||
		    (major(st.st_rdev) != 226 && major(st.st_rdev) != 13)) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		if (asprintf(&paths[n], "%s/%s", dir, de->d_name) < 0)
			return -1;
		fds[n++] = fd;
	}
	closedir(d);
	close(pidfd);
	return n;
}

int main(int argc, char **argv)
{
	int fds[DEVICES_MAX], hold = 0, n;
	struct libseat *seat;
	pid_t child;

	if (argc == 3 && strcmp(argv[1], "-s") == 0) {
		char *paths[DEVICES_MAX];

		setvbuf(stdout, NULL, _IOLBF, 0);
		n = steal(argv[2], paths, fds);
		if (n < 0)
			return 1;
		printf("stolen %d\n", n);
		return watch(paths, fds, n);
	}
	if (argc > 1 && strcmp(argv[1], "-k") == 0) {
		hold = 1;
		argv++;
		argc--;
	}
	n = argc - 1;
	if (n > DEVICES_MAX) {
		fprintf(stderr, "seat-probe: at most %d devices\n", DEVICES_MAX);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	seat = libseat_open_seat(&listener, NULL);
	if (!seat) {
		printf("no seat: %s\n", strerror(errno));
		return 1;
	}
	while (!enabled)
		if (libseat_dispatch(seat, -1) < 0) {
			printf("dispatch: %s\n", strerror(errno));
			return 1;
		}
	printf("seat %s enabled\n", libseat_seat_name(seat));
	for (int i = 0; i < n; i++) {
		fds[i] = -1;
		if (libseat_open_device(seat, argv[i + 1], &fds[i]) < 0) {
			printf("refused %s: %s\n", argv[i + 1], strerror(errno));
			fds[i] = -1;
		} else {
			printf("granted %s\n", argv[i + 1]);
		}
	}
	if (!hold)
		return libseat_close_seat(seat) < 0;
	child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		close(libseat_get_fd(seat));
		return watch(argv + 1, fds, n);
	}
	printf("holding %d\n", (int)getpid());
	for (;;)
		pause();
}

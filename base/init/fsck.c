/*
 * The root's check at boot. An installed system's kernel mounts the
 * root read-only (the installer's "ro"); when fstab asks for a check of
 * it (a pass number above 0), e2fsck -p runs on it here, before the
 * remount read-write. What it repaired is said; since the root was
 * mounted, a repair means a restart (e2fsck's exit 2), after which it
 * is clean. What needs a person stops the boot with the way out said
 * on the console.
 */
#define _GNU_SOURCE
#include "init.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#define E2FSCK "/usr/bin/e2fsck"

static int root_read_only(void)
{
	struct statvfs sv;

	return statvfs("/", &sv) == 0 && (sv.f_flag & ST_RDONLY);
}

/* e2fsck -p DEV on the console; its exit status, or -1 said. */
static int run_e2fsck(const char *dev)
{
	char *argv[] = {"e2fsck", "-p", (char *)dev, NULL};
	sigset_t none;
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		say("cannot check %s: fork: %s", dev, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execv(E2FSCK, argv);
		say("cannot check %s: %s: %s", dev, E2FSCK, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) != 127)
		return WEXITSTATUS(status);
	return -1;
}

void fsck_root(const char *dev, const char *type)
{
	int rc;

	if (!root_read_only())
		return;	/* the kernel was told "rw": too late to check */
	if (strcmp(type, "ext4") != 0 && strcmp(type, "ext3") != 0 &&
	    strcmp(type, "ext2") != 0) {
		say("/ (%s) not checked: no checker for %s", dev, type);
		return;
	}
	rc = run_e2fsck(dev);
	if (rc == 0)
		return;
	if (rc < 0) {
		say("/ (%s) not checked: e2fsck did not run", dev);
		return;
	}
	if (rc & 4 || rc & 8 || rc & 16 || rc & 128) {
		say("/ (%s) has errors e2fsck -p must not repair alone (exit "
		    "%d). The boot stops here. Boot the Nexus ISO and run "
		    "e2fsck %s there, answering its questions, then restart.",
		    dev, rc, dev);
		sync();
		reboot(RB_HALT_SYSTEM);
		for (;;)
			pause();
	}
	if (rc & 2) {
		say("/ (%s): e2fsck repaired it while it was mounted: "
		    "restarting to use it", dev);
		sync();
		reboot(RB_AUTOBOOT);
	}
	say("/ (%s): e2fsck repaired it", dev);
}

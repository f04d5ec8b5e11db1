/*
 * Nexus PID 1. Mounts the early system, sets the host name, loads the
 * boot modules, then closes module loading and locks the kernel down,
 * turns core dumps off by default, starts and supervises the services,
 * reaps every orphan, and powers off (SIGUSR2), halts (SIGUSR1) or
 * reboots (SIGTERM, or SIGINT from ctrl-alt-del) cleanly on request:
 * toybox's poweroff, halt and reboot send exactly those. With nexus.test=TAG on the kernel
 * command line it also runs the test suite shared as 9p TAG and powers
 * off when it ends (the QEMU test harness, tests/qemu). SIGHUP makes it
 * start the services added since it last looked.
 *
 * NEXUS_INIT_ETC=DIR reads the configuration from DIR instead of
 * /etc/nexus, and NEXUS_INIT_TEST=1 leaves out the steps that change the
 * machine (mounts, host name, modules), so the supervisor is tested on a
 * host in a PID namespace.
 */
#define _GNU_SOURCE
#include "init.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

const char *init_etc(void)
{
	const char *etc = getenv("NEXUS_INIT_ETC");

	return etc && *etc ? etc : "/etc/nexus";
}

void say(const char *fmt, ...)
{
	va_list ap;

	fputs("init: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static pid_t test_pid;

/* Reap; returns 1 when the test suite (test mode) has ended. */
static int reap(struct services *s)
{
	int status, done = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (test_pid > 0 && pid == test_pid) {
			say("test mode: suite ended (exit %d)",
			    WIFEXITED(status) ? WEXITSTATUS(status) : 128);
			done = 1;
			continue;
		}
		services_reaped(s, pid, status);
	}
	return done;
}

enum ending { POWER_OFF, HALT, REBOOT };

static __attribute__((noreturn)) void shut_down(struct services *s,
						enum ending how)
{
	static const char *const what[] = {"powering off", "halting",
					   "rebooting"};
	static const int cmd[] = {RB_POWER_OFF, (int)RB_HALT_SYSTEM,
				  RB_AUTOBOOT};

	say("%s", what[how]);
	services_stop(s);
	if (!getenv("NEXUS_INIT_TEST"))
		fstab_unmount(); /* never the host's, under tests/init.t */
	sync();
	reboot(cmd[how]);
	/* Outside the first PID namespace reboot() ends us; else it failed. */
	say("%s failed: %s", what[how], strerror(errno));
	for (;;)
		pause();
}

int main(void)
{
	static struct services services;
	int test = getenv("NEXUS_INIT_TEST") != NULL;
	sigset_t set;

	if (getpid() != 1) {
		fprintf(stderr, "init: must run as process 1\n");
		return 1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	no_core_dumps();
	if (!test) {
		early_mounts();
		console_stdio();
		fstab_mount();
		set_hostname();
		apply_sysctls();
		load_modules();
		/* ctrl-alt-del becomes SIGINT to us instead of a reset. */
		reboot(RB_DISABLE_CAD);
	}
	services_load(&services);
	services_start_due(&services);
	if (!test)
		test_pid = test_mode_start();
	if (test_pid < 0)
		shut_down(&services, POWER_OFF);
	for (;;) {
		struct timespec ts = {0, 0};
		long wait;
		int sig;

		services_start_due(&services);
		wait = services_next_wait(&services);
		ts.tv_sec = wait < 0 ? 3600 : wait;
		sig = sigtimedwait(&set, NULL, &ts);
		/* A finished test suite (test mode) powers off too. */
		if (sig == SIGUSR2 || (sig == SIGCHLD && reap(&services)))
			shut_down(&services, POWER_OFF);
		else if (sig == SIGUSR1)
			shut_down(&services, HALT);
		else if (sig == SIGTERM || sig == SIGINT)
			shut_down(&services, REBOOT);
		else if (sig == SIGHUP)
			services_load(&services);
		/* Orphans may end without a SIGCHLD of their own queued. */
		if (reap(&services))
			shut_down(&services, POWER_OFF);
	}
}

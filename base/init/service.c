/*
 * Supervision: every executable in ETC/services is a service, started in
 * its own session with the console as its terminal, under the promises
 * and unveils of its NAME.policy if it has one (policy.c). One that
 * exits is started again after a backoff that doubles from 1 s up to
 * 60 s, and falls back to 1 s once a run lasted 10 s.
 */
#define _GNU_SOURCE
#include "init.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BACKOFF_MAX 60
#define STABLE_RUN 10

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct service *)a)->name,
		      ((const struct service *)b)->name);
}

static int known(const struct services *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i].name, name))
			return 1;
	return 0;
}

/* Add the services in ETC/services not known yet; known ones go on. */
void services_load(struct services *s)
{
	char dir[512];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/services", init_etc());
	d = opendir(dir);
	if (!d) {
		say("no services (%s: %s)", dir, strerror(errno));
		return;
	}
	while ((de = readdir(d)) && s->n < SERVICES_MAX) {
		struct service *sv = &s->v[s->n];
		size_t len = strlen(de->d_name);
		struct stat st;

		if (de->d_name[0] == '.' || len >= sizeof(sv->name) ||
		    (len > 7 && !strcmp(de->d_name + len - 7, ".policy")) ||
		    known(s, de->d_name))
			continue;
		memset(sv, 0, sizeof(*sv));
		memcpy(sv->name, de->d_name, len + 1);
		if (snprintf(sv->path, sizeof(sv->path), "%s/%s", dir,
			     de->d_name) >= (int)sizeof(sv->path) ||
		    stat(sv->path, &st) < 0 || !S_ISREG(st.st_mode) ||
		    !(st.st_mode & 0111))
			continue;
		sv->backoff = 1;
		sv->restart_at = 1;	/* due now */
		s->n++;
	}
	closedir(d);
	qsort(s->v, s->n, sizeof(*s->v), by_name);
}

static void backoff(struct service *sv)
{
	sv->restart_at = now_s() + sv->backoff;
	sv->backoff = sv->backoff * 2 > BACKOFF_MAX ? BACKOFF_MAX :
						      sv->backoff * 2;
}

static void start(struct service *sv)
{
	struct policy policy;
	sigset_t none;
	pid_t pid;

	if (policy_load(&policy, sv->name) < 0) {
		say("%s: not started: its policy is wrong; again in %u s",
		    sv->name, sv->backoff);
		backoff(sv);
		return;
	}
	pid = fork();
	if (pid < 0) {
		say("%s: cannot fork: %s", sv->name, strerror(errno));
		sv->restart_at = now_s() + sv->backoff;
		return;
	}
	if (pid == 0) {
		char *argv[] = {sv->name, NULL};

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setsid();
		if (policy_apply(&policy, sv->name, sv->path) < 0)
			_exit(126);
		execv(sv->path, argv);
		fprintf(stderr, "init: %s: cannot run %s: %s\n", sv->name,
			sv->path, strerror(errno));
		_exit(127);
	}
	sv->pid = pid;
	sv->started = now_s();
	sv->restart_at = 0;
	say("%s: started (pid %d)", sv->name, (int)pid);
}

void services_start_due(struct services *s)
{
	time_t t = now_s();

	for (size_t i = 0; i < s->n; i++)
		if (!s->v[i].pid && s->v[i].restart_at &&
		    s->v[i].restart_at <= t)
			start(&s->v[i]);
}

void services_reaped(struct services *s, pid_t pid, int status)
{
	for (size_t i = 0; i < s->n; i++) {
		struct service *sv = &s->v[i];

		if (sv->pid != pid)
			continue;
		sv->pid = 0;
		if (now_s() - sv->started >= STABLE_RUN)
			sv->backoff = 1;
		if (WIFSIGNALED(status))
			say("%s: killed by signal %d; restart in %u s",
			    sv->name, WTERMSIG(status), sv->backoff);
		else
			say("%s: exited with %d; restart in %u s", sv->name,
			    WEXITSTATUS(status), sv->backoff);
		backoff(sv);
		return;
	}
}

long services_next_wait(const struct services *s)
{
	long best = -1;
	time_t t = now_s();

	for (size_t i = 0; i < s->n; i++) {
		long w;

		if (s->v[i].pid || !s->v[i].restart_at)
			continue;
		w = s->v[i].restart_at > t ? (long)(s->v[i].restart_at - t) :
					     0;
		if (best < 0 || w < best)
			best = w;
	}
	return best;
}

/* TERM to everything, then KILL what is left after five seconds. */
void services_stop(struct services *s)
{
	time_t deadline = now_s() + 5;

	for (size_t i = 0; i < s->n; i++)
		s->v[i].restart_at = 0;
	kill(-1, SIGTERM);
	while (now_s() < deadline) {
		pid_t pid = waitpid(-1, NULL, WNOHANG);

		if (pid < 0 && errno == ECHILD)
			return;
		if (pid <= 0) {
			struct timespec ts = {0, 50000000L};

			nanosleep(&ts, NULL);
		}
	}
	say("stopping: killing what did not end");
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
}

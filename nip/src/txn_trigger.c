/*
 * Package triggers: what a transaction's changed paths ask for. The
 * lines go into the journal before the commit, so a crash before they
 * have all run leaves them for recovery to run again; a trigger must
 * therefore be idempotent (npk(5)). Running one is a fork and an exec,
 * which the confined nip may not do: the unconfined parent does
 * (cmd_install.c).
 */
#define _GNU_SOURCE
#include "txn.h"
#include "fsops.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Does a path this transaction touches match PATTERN? */
static int touched(const struct txn *t, const char *pattern)
{
	for (size_t i = 0; i < t->ops.n; i++)
		if (fnmatch(pattern, t->ops.v[i].path, 0) == 0)
			return 1;
	return 0;
}

/* PKG's trigger TRIGGER ("RUN PATTERN..."), if it fires: its line. */
static void match_one(struct txn *t, const char *pkg, const char *trigger)
{
	char *words = xstrdup(trigger), *save = NULL;
	char *run = strtok_r(words, " ", &save);
	struct buf line = {0};

	buf_printf(&line, "%s %s", pkg, run);
	for (char *p = strtok_r(NULL, " ", &save); p;
	     p = strtok_r(NULL, " ", &save))
		if (touched(t, p))
			buf_printf(&line, " %s", p);
	if (!strchr(line.data + strlen(pkg) + 1, ' '))
		;	/* no pattern matched */
	else if (nip_no_triggers)
		note("trigger of %s: /%s not run (--no-triggers)", pkg, run);
	else
		strlist_add(&t->triggers, line.data);
	buf_free(&line);
	free(words);
}

void txn_match_triggers(struct txn *t)
{
	for (size_t i = 0; i < t->target->n; i++) {
		const struct pkg *p = t->target->v[i];

		for (size_t j = 0; j < p->meta.triggers.n; j++)
			match_one(t, p->meta.name, p->meta.triggers.v[j]);
	}
}

int trigger_line_check(const char *line)
{
	const char *sp = strchr(line, ' ');
	char *name;
	int ok;

	if (!sp)
		return -1;
	name = xstrndup(line, (size_t)(sp - line));
	ok = name_valid(name) && !trigger_invalid_reason(sp + 1);
	free(name);
	return ok ? 0 : -1;
}

/* Is DB's root the system's own? Then no chroot is needed. */
static int root_is_slash(const struct db *db)
{
	struct stat a, b;

	return fstat(db->rootfd, &a) == 0 && stat("/", &b) == 0 &&
	       a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/*
 * Owned by the running user or root, and writable by no one else; or a
 * sticky folder so owned (a live system's / is tmpfs's 1777), where
 * others may add names but not remove or rename ours.
 */
static int held(const struct stat *st)
{
	return (st->st_uid == geteuid() || st->st_uid == 0) &&
	       (!(st->st_mode & 022) ||
		(S_ISDIR(st->st_mode) && (st->st_mode & S_ISVTX)));
}

/*
 * A trigger runs with nip's rights, chrooted in the root: were the
 * root, a folder on the way to its program or the program itself
 * another user's to change, that user would choose what runs (and a
 * program running as root in a chroot can leave it). Why RUN may not
 * run, or NULL.
 */
static char *program_unsafe(const struct db *db, const char *run)
{
	char *path = xstrdup(run), *name = path, *slash, *why = NULL;
	int dirfd = dup(db->rootfd);
	struct stat st;

	if (dirfd < 0 || fstat(dirfd, &st) < 0 || !held(&st)) {
		why = xasprintf("the root %s is another user's to change",
				db->root);
		goto out;
	}
	while ((slash = strchr(name, '/'))) {
		int next;

		*slash = '\0';
		if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(st.st_mode) || !held(&st) ||
		    (next = openat(dirfd, name, O_RDONLY | O_DIRECTORY |
						    O_NOFOLLOW | O_CLOEXEC)) < 0) {
			why = xasprintf("/%s is not a folder only root (or "
					"this user) can change",
					path);
			goto out;
		}
		close(dirfd);
		dirfd = next;
		*slash = '/';
		name = slash + 1;
	}
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		why = xasprintf("/%s is missing", run);
	else if (!S_ISREG(st.st_mode) || !(st.st_mode & 0111))
		why = xasprintf("/%s is not an executable file", run);
	else if (!held(&st))
		why = xasprintf("/%s is another user's to change", run);
out:
	if (dirfd >= 0)
		close(dirfd);
	free(path);
	return why;
}

/* The child: into the root, a clean environment, the program. */
static void exec_trigger(const struct db *db, char **argv, int chroot_it)
{
	static char *const env[] = {
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "NIP_TRIGGER=1", NULL,
	};
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

	/* nip's parent ignores the terminal's signals; a trigger may not. */
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);

	if (null >= 0)
		dup2(null, STDIN_FILENO);
	if (fchdir(db->rootfd) < 0 || (chroot_it && chroot(".") < 0) ||
	    chdir("/") < 0) {
		warnx_("cannot enter %s to run /%s: %s%s", db->root, argv[0],
		       strerror(errno),
		       errno == EPERM ? " (the triggers of another root run "
					"chrooted there, which needs root)" :
					"");
		_exit(126);
	}
	argv[0] = xasprintf("/%s", argv[0]);
	execve(argv[0], argv, env);
	warnx_("cannot run %s: %s", argv[0], strerror(errno));
	_exit(127);
}

/* Why a trigger's child ended badly, or NULL when it succeeded. */
static char *wait_verdict(pid_t pid)
{
	int status;

	if (pid < 0)
		return xasprintf("could not be started: %s",
				 strerror(errno));
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return xasprintf("could not be waited for: %s",
					 strerror(errno));
	if (WIFSIGNALED(status))
		return xasprintf("was killed by signal %d",
				 WTERMSIG(status));
	if (WEXITSTATUS(status) != 0)
		return xasprintf("failed with exit status %d",
				 WEXITSTATUS(status));
	return NULL;
}

/* LINE: "PKG RUN PATTERN...": RUN with the matched patterns. */
static char *run_one(struct db *db, const char *line, int chroot_it)
{
	char *words = xstrdup(line), *save = NULL;
	char *pkg = strtok_r(words, " ", &save);
	char **argv = xcalloc(strlen(line) + 1, sizeof(*argv));
	size_t argc = 0;
	char *why;
	pid_t pid;

	/* trigger_line_check made sure of PKG and RUN. */
	for (char *w = strtok_r(NULL, " ", &save); w;
	     w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	if (!pkg || argc == 0) {
		why = xstrdup("its line is damaged");
		warnx_("damaged trigger line: %s", line);
		goto out;
	}
	note("trigger of %s: /%s", pkg, argv[0]);
	if ((why = program_unsafe(db, argv[0]))) {
		char *unsafe = why;

		why = xasprintf("was not run: %s", unsafe);
		free(unsafe);
		warnx_("trigger of %s: /%s %s", pkg, argv[0], why);
		goto out;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0)
		exec_trigger(db, argv, chroot_it);
	why = wait_verdict(pid);
	if (why)
		warnx_("trigger of %s: /%s %s", pkg, argv[0], why);
out:
	free(argv);
	free(words);
	return why;
}

int triggers_run(struct db *db, const struct strlist *triggers,
		 struct strlist *failed)
{
	int chroot_it = !root_is_slash(db);

	for (size_t i = 0; nip_no_triggers && i < triggers->n; i++)
		note("trigger %s not run (--no-triggers)", triggers->v[i]);
	if (nip_no_triggers)
		return 0;

	for (size_t i = 0; i < triggers->n; i++) {
		char *why = run_one(db, triggers->v[i], chroot_it);

		if (why)
			strlist_add_owned(failed, xasprintf("%s\t%s",
							    triggers->v[i],
							    why));
		free(why);
	}
	return failed->n ? -1 : 0;
}

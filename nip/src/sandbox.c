/*
 * The build sandbox. Three processes: nip; a helper that enters the new
 * namespaces and maps our uid to root inside them; and the PID 1 of the
 * new PID namespace, which assembles the root, starts the script and
 * reaps until the script ends (the kernel then kills any leftovers).
 * A setup failure is reported through a close-on-exec pipe, so it can
 * never be mistaken for the script's own exit status.
 */
#define _GNU_SOURCE
#include "sandbox.h"
#include "tree.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int errpipe = -1;

/* Report a setup failure to nip and end this process. */
__attribute__((noreturn, format(printf, 1, 2))) static void
die(const char *fmt, ...)
{
	char msg[512];
	int e = errno, n;
	va_list ap;

	va_start(ap, fmt);
	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = (int)sizeof(msg) - 1;
	n += snprintf(msg + n, sizeof(msg) - (size_t)n, ": %s", strerror(e));
	if (n < 0 || (size_t)n >= sizeof(msg))
		n = (int)sizeof(msg) - 1;
	if (write(errpipe, msg, (size_t)n) < 0)
		_exit(126);
	_exit(126);
}

static void write_proc(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die("cannot write %s", path);
	close(fd);
}

static void mkdirs(const char *path)
{
	if (mkdir_p(path) < 0)
		die("cannot make %s", path);
}

enum { BIND_RO, BIND_RW, BIND_DEV };

/* A bind mount, keeping the flags the host's mount has locked. */
static void bind_mount(const char *host, const char *target, int how)
{
	struct statvfs sv;
	unsigned long flags = MS_BIND | MS_REMOUNT | MS_NOSUID |
			      (how == BIND_DEV ? 0 : MS_NODEV);

	if (mount(host, target, NULL, MS_BIND | MS_REC, NULL) < 0)
		die("cannot bind %s", host);
	if (statvfs(target, &sv) < 0)
		die("cannot stat %s", host);
	/* Flags the host mount has are locked in a user namespace. */
	flags |= (sv.f_flag & ST_NOEXEC ? MS_NOEXEC : 0) |
		 (sv.f_flag & ST_NOATIME ? MS_NOATIME : 0) |
		 (sv.f_flag & ST_NODIRATIME ? MS_NODIRATIME : 0) |
		 (sv.f_flag & ST_RELATIME ? MS_RELATIME : 0) |
		 (sv.f_flag & ST_NODEV ? MS_NODEV : 0) |
		 (how == BIND_RO ? MS_RDONLY : 0);
	if (mount(NULL, target, NULL, flags, NULL) < 0)
		die("cannot remount %s", target);
}

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0)
		die("cannot make %s", path);
	close(fd);
}

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		die("cannot write %s", path);
	close(fd);
}

/* /bin, /lib... are links into /usr on merged systems, else bound. */
static void top_dirs(void)
{
	static const char *const dirs[] = {"bin", "sbin", "lib", "lib64",
					   "lib32", "libx32"};
	char link[256];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		char *host = xasprintf("/%s", dirs[i]);
		ssize_t n = readlink(host, link, sizeof(link) - 1);
		struct stat st;

		if (n > 0) {
			link[n] = 0;
			if (symlink(link, dirs[i]) < 0)
				die("cannot link /%s", dirs[i]);
		} else if (stat(host, &st) == 0 && S_ISDIR(st.st_mode)) {
			mkdirs(dirs[i]);
			bind_mount(host, dirs[i], BIND_RO);
		}
		free(host);
	}
}

/* A few device nodes, bound from the host: mknod needs real root. */
static void devices(void)
{
	static const char *const nodes[] = {"null", "zero", "full", "random",
					    "urandom", "tty"};

	mkdirs("dev/shm");
	for (size_t i = 0; i < sizeof(nodes) / sizeof(*nodes); i++) {
		char *in = xasprintf("dev/%s", nodes[i]);
		char *host = xasprintf("/dev/%s", nodes[i]);

		touch(in);
		bind_mount(host, in, BIND_DEV);
		free(in);
		free(host);
	}
	if (symlink("/proc/self/fd", "dev/fd") < 0 ||
	    symlink("/proc/self/fd/0", "dev/stdin") < 0 ||
	    symlink("/proc/self/fd/1", "dev/stdout") < 0 ||
	    symlink("/proc/self/fd/2", "dev/stderr") < 0)
		die("cannot link /dev/fd");
	if (mount("tmpfs", "dev/shm", "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=1777") < 0)
		die("cannot mount /dev/shm");
}

/* /etc: who root is, localhost, and what host tools need to start. */
static void etc(void)
{
	static const char *const host[] = {"alternatives", "ld.so.cache"};

	mkdirs("etc");
	put("etc/passwd", "root:x:0:0:root:/build:/bin/sh\n"
			  "nobody:x:65534:65534:nobody:/:/bin/false\n");
	put("etc/group", "root:x:0:\nnogroup:x:65534:\n");
	put("etc/hosts", "127.0.0.1 localhost\n::1 localhost\n");
	for (size_t i = 0; i < sizeof(host) / sizeof(*host); i++) {
		char *h = xasprintf("/etc/%s", host[i]);
		char *in = xasprintf("etc/%s", host[i]);
		struct stat st;

		if (stat(h, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				mkdirs(in);
			else
				touch(in);
			bind_mount(h, in, BIND_RO);
		}
		free(h);
		free(in);
	}
}

static void assemble_root(const struct sandbox *sb)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		die("cannot make mounts private");
	if (mount("tmpfs", sb->rootdir, "tmpfs", MS_NOSUID | MS_NODEV,
		  "mode=0755") < 0)
		die("cannot mount a tmpfs on %s", sb->rootdir);
	if (chdir(sb->rootdir) < 0)
		die("cannot enter %s", sb->rootdir);
	mkdirs("usr");
	bind_mount("/usr", "usr", BIND_RO);
	top_dirs();
	etc();
	devices();
	mkdirs("proc");
	if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		die("cannot mount /proc");
	mkdirs("tmp");
	if (mount("tmpfs", "tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") <
	    0)
		die("cannot mount /tmp");
	for (int i = 0; i < sb->nbinds; i++) {
		const struct sandbox_bind *b = &sb->binds[i];
		char *in = xasprintf(".%s", b->inside);

		mkdirs(in);
		bind_mount(b->host, in, b->writable ? BIND_RW : BIND_RO);
		free(in);
	}
	/* Nothing but the binds, /tmp and /dev/shm stays writable. */
	if (mount(NULL, ".", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY |
					   MS_NOSUID | MS_NODEV,
		  NULL) < 0)
		die("cannot make the root read-only");
	/* pivot_root(".", ".") stacks the old root under the new one. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		die("cannot pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		die("cannot detach the host's root");
	if (chdir("/") < 0)
		die("cannot enter /");
}

/* PID 1 of the sandbox: start the script, reap everything, report. */
__attribute__((noreturn)) static void init(const struct sandbox *sb)
{
	int status = 0, devnull;
	pid_t script, pid;

	assemble_root(sb);
	if (sethostname("nexus-build", 11) < 0)
		die("cannot set the host name");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die("cannot set no_new_privs");
	if (chdir(sb->cwd) < 0)
		die("cannot enter %s", sb->cwd);
	devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (devnull < 0 || dup2(devnull, 0) < 0 || dup2(sb->outfd, 1) < 0 ||
	    dup2(sb->outfd, 2) < 0)
		die("cannot set up the script's output");
	script = fork();
	if (script < 0)
		die("cannot fork");
	if (script == 0) {
		char *argv[] = {"sh", "-exc", (char *)sb->script, NULL};

		execve("/bin/sh", argv, sb->env);
		die("cannot run /bin/sh");
	}
	close(errpipe);
	while ((pid = wait(&status)) != script)
		if (pid < 0 && errno != EINTR)
			_exit(126);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) :
				  128 + WTERMSIG(status));
}

/* Between nip and the sandbox: enter the namespaces, become root. */
__attribute__((noreturn)) static void helper(const struct sandbox *sb,
					     uid_t uid, gid_t gid)
{
	char map[64];
	int status;
	pid_t pid;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID |
		    CLONE_NEWIPC | CLONE_NEWUTS) < 0)
		die("cannot make namespaces (are user namespaces allowed?)");
	write_proc("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)uid);
	write_proc("/proc/self/uid_map", map);
	snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)gid);
	write_proc("/proc/self/gid_map", map);
	pid = fork();
	if (pid < 0)
		die("cannot fork");
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		init(sb);
	}
	close(errpipe);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			_exit(126);
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) :
				  128 + WTERMSIG(status));
}

int sandbox_run(const struct sandbox *sb)
{
	uid_t uid = getuid();
	gid_t gid = getgid();
	char msg[600];
	size_t got = 0;
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return fail_errno("cannot make a pipe");
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return fail_errno("cannot fork");
	}
	if (pid == 0) {
		close(fds[0]);
		errpipe = fds[1];
		helper(sb, uid, gid);
	}
	close(fds[1]);
	while (got < sizeof(msg) - 1 &&
	       ((n = read(fds[0], msg + got, sizeof(msg) - 1 - got)) > 0 ||
		(n < 0 && errno == EINTR)))
		got += n > 0 ? (size_t)n : 0;
	msg[got] = 0;
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return fail_errno("cannot wait for the sandbox");
	if (got)
		return fail("build sandbox: %s", msg);
	if (!WIFEXITED(status))
		return fail("build sandbox: killed by signal %d",
			    WTERMSIG(status));
	return WEXITSTATUS(status);
}

/*
 * The early system: the kernel's filesystems mounted, the host name set,
 * the boot modules loaded and module loading closed for good, the kernel
 * locked down, no core dumps unless asked for.
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
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

static void mount_one(const char *src, const char *dir, const char *type,
		      unsigned long flags, const char *data)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, flags, data) < 0 && errno != EBUSY)
		say("cannot mount %s on %s: %s", type, dir, strerror(errno));
}

void early_mounts(void)
{
	const unsigned long safe = MS_NOSUID | MS_NODEV | MS_NOEXEC;

	mount_one("proc", "/proc", "proc", safe, "hidepid=invisible");
	mount_one("sysfs", "/sys", "sysfs", safe, NULL);
	mount_one("securityfs", "/sys/kernel/security", "securityfs", safe,
		  NULL);
	/* Booted by UEFI: its variables, for boot entries (nexus-efiboot). */
	if (access("/sys/firmware/efi/efivars", F_OK) == 0)
		mount_one("efivarfs", "/sys/firmware/efi/efivars", "efivarfs",
			  safe, NULL);
	mount_one("devtmpfs", "/dev", "devtmpfs", MS_NOSUID | MS_NOEXEC,
		  "mode=0755");
	mount_one("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		  "mode=0620,ptmxmode=0666");
	mount_one("tmpfs", "/dev/shm", "tmpfs", safe, "mode=1777");
	mount_one("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
	mount_one("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
}

void set_hostname(void)
{
	char name[65] = "nexus";
	FILE *f = fopen("/etc/hostname", "re");

	if (f) {
		if (!fgets(name, sizeof(name), f))
			snprintf(name, sizeof(name), "nexus");
		fclose(f);
	}
	name[strcspn(name, " \t\n")] = 0;
	if (sethostname(name, strlen(name)) < 0)
		say("cannot set the host name: %s", strerror(errno));
}

/* Write VALUE to the /proc file PATH, closing it whatever happens. */
static int write_proc_value(const char *path, const char *value)
{
	FILE *f = fopen(path, "we");
	int bad;

	if (!f)
		return -1;
	bad = fputs(value, f) < 0;
	bad |= fclose(f) != 0;
	return bad ? -1 : 0;
}

/* NAME's line in modules.dep ("path.ko: dep.ko ..."), or 0. */
static int find_dep(const char *moddir, const char *name, char *line,
		    size_t size)
{
	char path[512];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/modules.dep", moddir);
	f = fopen(path, "re");
	while (f && !found && fgets(line, (int)size, f)) {
		char *colon = strchr(line, ':'), *base;

		if (!colon)
			continue;
		*colon = 0;
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		/* foo-bar and foo_bar are the same module. */
		for (size_t i = 0;; i++) {
			char a = base[i] == '-' ? '_' : base[i];
			char b = name[i] == '-' ? '_' : name[i];

			if (!b) {
				found = !strcmp(base + i, ".ko");
				break;
			}
			if (a != b)
				break;
		}
		if (found)
			*colon = ':';
	}
	if (f)
		fclose(f);
	return found;
}

static void load_file(const char *moddir, const char *rel, const char *name)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", moddir, rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) < 0 &&
		       errno != EEXIST))
		say("module %s: cannot load %s: %s", name, path,
		    strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* The value of KEY= on the kernel command line, or 0. */
static int cmdline_value(const char *key, char *out, size_t size)
{
	char line[4096], *tok, *save = NULL;
	size_t klen = strlen(key);
	FILE *f = fopen("/proc/cmdline", "re");
	int found = 0;

	if (!f)
		return 0;
	if (fgets(line, sizeof(line), f))
		for (tok = strtok_r(line, " \n", &save); tok && !found;
		     tok = strtok_r(NULL, " \n", &save))
			if (!strncmp(tok, key, klen) && tok[klen] == '=') {
				snprintf(out, size, "%s", tok + klen + 1);
				found = 1;
			}
	fclose(f);
	return found;
}

static void load_module(const char *moddir, const char *name)
{
	char line[2048], *deps[32], *save = NULL, *tok;
	int n = 0;

	if (!find_dep(moddir, name, line, sizeof(line))) {
		/* Out-of-tree modules (their own packages) live in extra/
		 * and need no other module: modules.dep is the kernel's.
		 */
		snprintf(line, sizeof(line), "extra/%s.ko", name);
		load_file(moddir, line, name);
		return;
	}
	line[strcspn(line, "\n")] = 0;
	*strchr(line, ':') = 0;
	for (tok = strtok_r(line + strlen(line) + 1, " ", &save);
	     tok && n < 32; tok = strtok_r(NULL, " ", &save))
		deps[n++] = tok;
	/* modules.dep lists what a module needs nearest first. */
	while (n > 0)
		load_file(moddir, deps[--n], name);
	load_file(moddir, line, name);
}

/* Every module named in the list file PATH, one per line. */
static void load_list(const char *moddir, const char *path)
{
	char name[128];
	FILE *f = fopen(path, "re");

	while (f && fgets(name, sizeof(name), f)) {
		name[strcspn(name, " \t\n#")] = 0;
		if (name[0])
			load_module(moddir, name);
	}
	if (f)
		fclose(f);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int not_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

void load_modules(void)
{
	char path[512], moddir[300], value[16];
	struct dirent **lists;
	struct utsname u;
	int n;

	uname(&u);
	snprintf(moddir, sizeof(moddir), "/lib/modules/%s", u.release);
	snprintf(path, sizeof(path), "%s/modules", init_etc());
	load_list(moddir, path);
	/* Packages add their modules as files of their own here. */
	snprintf(path, sizeof(path), "%s/modules.d", init_etc());
	n = scandir(path, &lists, not_hidden, by_name);
	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/modules.d/%s", init_etc(),
			 lists[i]->d_name);
		load_list(moddir, path);
		free(lists[i]);
	}
	if (n >= 0)
		free(lists);
	/* Tests of modules themselves (unloading one) ask to keep loading
	 * open; only in test mode, whose command line is trusted anyway.
	 */
	if (cmdline_value("nexus.test", path, sizeof(path)) &&
	    cmdline_value("nexus.modules", value, sizeof(value)) &&
	    !strcmp(value, "open")) {
		say("test mode: module loading stays open, lockdown at none");
		return;
	}
	/* Boot's modules are in: no module can be loaded from now on. */
	if (write_proc_value("/proc/sys/kernel/modules_disabled", "1\n") < 0)
		say("cannot close module loading: %s", strerror(errno));
	lock_down();
}

/*
 * Lockdown starts at "none" so that boot's unsigned modules load; with
 * loading closed it costs nothing more to forbid what could still read
 * or change the running kernel. It can only be raised, never lowered.
 */
void lock_down(void)
{
	if (write_proc_value("/sys/kernel/security/lockdown",
			     "confidentiality\n") < 0)
		say("cannot lock the kernel down: %s", strerror(errno));
}

/*
 * A core dump can carry secrets (keys, passwords) to any reader of the
 * folder it lands in: none by default. The hard limit stays, so whoever
 * wants one (a pledge violation's, say) raises the soft limit.
 */
void no_core_dumps(void)
{
	struct rlimit lim;

	if (getrlimit(RLIMIT_CORE, &lim) < 0)
		lim.rlim_max = RLIM_INFINITY;
	lim.rlim_cur = 0;
	if (setrlimit(RLIMIT_CORE, &lim) < 0)
		say("cannot turn core dumps off: %s", strerror(errno));
}

void console_stdio(void)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
}

pid_t test_mode_start(void)
{
	char tag[64];
	pid_t pid;

	if (!cmdline_value("nexus.test", tag, sizeof(tag)))
		return 0;
	mkdir("/run/test", 0755);
	if (mount(tag, "/run/test", "9p", MS_RDONLY | MS_NOSUID | MS_NODEV,
		  "trans=virtio,version=9p2000.L") < 0) {
		say("test mode: cannot mount 9p share %s: %s", tag,
		    strerror(errno));
		return -1;
	}
	say("test mode: running /run/test/run");
	pid = fork();
	if (pid == 0) {
		char *argv[] = {"run", NULL};
		sigset_t none;

		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		setsid();
		execv("/run/test/run", argv);
		say("test mode: cannot run /run/test/run: %s", strerror(errno));
		_exit(127);
	}
	return pid;
}

/* ETC/sysctl.conf: "name.with.dots = value" lines into /proc/sys. */
void apply_sysctls(void)
{
	char path[512], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/sysctl.conf", init_etc());
	f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f)) {
		char *key = line + strspn(line, " \t"), *eq = strchr(key, '=');
		char *val, file[300];
		size_t k;

		if (*key == '#' || !eq)
			continue;
		*eq = 0;
		val = eq + 1 + strspn(eq + 1, " \t");
		val[strcspn(val, "\n")] = 0;
		k = strcspn(key, " \t");
		key[k] = 0;
		for (char *p = key; *p; p++)
			if (*p == '.')
				*p = '/';
		snprintf(file, sizeof(file), "/proc/sys/%s", key);
		if (write_proc_value(file, val) < 0)
			say("sysctl %s: %s", key, strerror(errno));
	}
	if (f)
		fclose(f);
}

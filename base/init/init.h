/* Nexus PID 1: shared declarations. */
#ifndef NEXUS_INIT_H
#define NEXUS_INIT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include <time.h>

#define SERVICES_MAX 64

struct service {
	char name[64];
	char path[512];		/* the program run, with no arguments */
	pid_t pid;		/* 0 when not running */
	time_t started;		/* monotonic seconds */
	time_t restart_at;	/* when to start again; 0: not scheduled */
	unsigned backoff;	/* seconds before the next restart */
};

/* ETC/services/NAME.policy, parsed (policy.c). */
#define POLICY_UNVEILS_MAX 32

struct policy {
	int present;		/* a policy file exists */
	int has_pledge;
	char promises[512];	/* the service's execpromises */
	struct {
		char rights[5];
		char path[256];
	} unveil[POLICY_UNVEILS_MAX];
	size_t nunveil;
};

/* 0 with P filled (present = 0 when there is none), -1 said and failed. */
int policy_load(struct policy *p, const char *name);
/* The same from the open policy F, FILE naming it in messages. */
int policy_read(struct policy *p, FILE *f, const char *file);
/* In the child: unveil and pledge as P says; -1 with the reason said. */
int policy_apply(const struct policy *p, const char *name,
		 const char *program);

struct services {
	struct service v[SERVICES_MAX];
	size_t n;
};

/* Where the configuration lives: /etc/nexus, or $NEXUS_INIT_ETC. */
const char *init_etc(void);
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
time_t now_s(void);

/* The early system: /proc, /sys, /dev, /run, /tmp; the host name. */
void early_mounts(void);
void set_hostname(void);

/*
 * /etc/fstab (fstab.c): the root remounted with its options and the
 * other file systems mounted; at the end, those unmounted and the root
 * left read-only. Sources are /dev paths or PARTUUID=.
 */
void fstab_mount(void);
void fstab_unmount(void);
/*
 * The root on DEV (of TYPE), when the kernel mounted it read-only,
 * checked by e2fsck -p (fsck.c): repaired, said, and restarted if need
 * be; what it cannot repair alone halts the machine with a message.
 */
void fsck_root(const char *dev, const char *type);
/* OPTS as mount(2) flags and file system options; -1 when too long. */
int fstab_options(const char *opts, unsigned long *flags, char *data,
		  size_t size, int *noauto);
/* The partition whose GPT unique GUID is UUID, as DEV/NAME in OUT: 0, or
 * -1 when no disk in SYS/block has it (gpt.c). */
int gpt_find_partuuid(const char *sys, const char *dev, const char *uuid,
		      char *out, size_t size);

/* Make /dev/console stdin, stdout and stderr (the kernel may not have). */
void console_stdio(void);

/*
 * Test mode: with nexus.test=TAG on the kernel command line, mount the
 * 9p share TAG on /run/test and start /run/test/run on the console;
 * returns its pid, or 0 when not in test mode.
 */
pid_t test_mode_start(void);

/* Write the settings of ETC/sysctl.conf to /proc/sys. */
void apply_sysctls(void);

/* Load the modules named in ETC/modules, then close module loading
 * and lock the kernel down. */
void load_modules(void);
/* Raise the lockdown LSM to confidentiality. */
void lock_down(void);
/* Soft RLIMIT_CORE 0 for init and all it starts. */
void no_core_dumps(void);

/*
 * Read ETC/services/ (each an executable, its name the service's),
 * adding those not known yet: SIGHUP makes init look again.
 */
void services_load(struct services *s);
void services_start_due(struct services *s);
/* A child ended: if it was a service, schedule its restart. */
void services_reaped(struct services *s, pid_t pid, int status);
/* Seconds until the next scheduled restart, or -1 for none. */
long services_next_wait(const struct services *s);
void services_stop(struct services *s);

#endif

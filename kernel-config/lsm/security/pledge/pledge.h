/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * pledge: per-process promises, enforced on the kernel's objects
 * through LSM hooks.
 */
#ifndef _SECURITY_PLEDGE_H
#define _SECURITY_PLEDGE_H

#include <linux/lsm_hooks.h>
#include <linux/mutex.h>
#include <linux/path.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/types.h>

enum pledge_promise {
	PLEDGE_STDIO,
	PLEDGE_RPATH,
	PLEDGE_WPATH,
	PLEDGE_CPATH,
	PLEDGE_DPATH,
	PLEDGE_TMPPATH,
	PLEDGE_INET,
	PLEDGE_MCAST,
	PLEDGE_UNIX,
	PLEDGE_DNS,
	PLEDGE_GETPW,
	PLEDGE_PROC,
	PLEDGE_EXEC,
	PLEDGE_PROT_EXEC,
	PLEDGE_FATTR,
	PLEDGE_CHOWN,
	PLEDGE_FLOCK,
	PLEDGE_TTY,
	PLEDGE_SENDFD,
	PLEDGE_RECVFD,
	PLEDGE_ID,
	PLEDGE_SETTIME,
	PLEDGE_UNVEIL,
	PLEDGE_DRM,
	PLEDGE_EVDEV,
	PLEDGE_ERROR,
	PLEDGE_NR
};

#define PROMISE(p)	BIT_ULL(PLEDGE_##p)
/* Set in a set that is in force: "" pledged is not "unpledged". */
#define PLEDGE_ACTIVE	BIT_ULL(63)

/*
 * A process's policy, shared by its threads, so that a pledge from any
 * thread covers them all (creds and task blobs are per thread). Each
 * word is read without the lock; the lock orders writers.
 */
struct pledge_state {
	refcount_t ref;
	spinlock_t lock;	/* serialises pledge() and exec */
	u64 promises;
	u64 execpromises;
	/*
	 * Set for good by a violation: until the group is gone, every
	 * thread holds no promise, so none can fork or exec its way out.
	 */
	bool violated;
	struct unveil_set __rcu *unveil;	/* NULL: nothing hidden */
	struct mutex unveil_mutex;	/* serialises unveil() calls */
	bool unveil_locked;
};

/* unveil rights; none (0) hides a path. */
#define UNVEIL_R	0x1
#define UNVEIL_W	0x2
#define UNVEIL_X	0x4
#define UNVEIL_C	0x8
#define UNVEIL_ALL	(UNVEIL_R | UNVEIL_W | UNVEIL_X | UNVEIL_C)

struct pledge_task {
	struct pledge_state *state;
};

extern struct lsm_blob_sizes pledge_blob_sizes;

static inline struct pledge_task *pledge_task(const struct task_struct *t)
{
	return t->security + pledge_blob_sizes.lbs_task;
}

/*
 * The promises in force for current, or 0 when it is not pledged.
 * After a violation: none at all. The thread writing a core dump
 * (PF_DUMPCORE), after a violation or any crash, is the kernel's work,
 * to the administrator's core_pattern, and passes (unveil still
 * applies).
 */
static inline u64 pledge_current(void)
{
	struct pledge_state *s = pledge_task(current)->state;

	if (!s || (current->flags & PF_DUMPCORE))
		return 0;
	if (READ_ONCE(s->violated))
		return PLEDGE_ACTIVE;
	return READ_ONCE(s->promises);
}

/* promises.c */
int pledge_parse(const char *words, u64 *set);
int pledge_format(u64 set, char **out);
const char *pledge_promise_name(u64 need);

/*
 * lsm.c: 0 when current may do OP with any of the promises in NEED;
 * otherwise the violation is logged and current killed, or -ENOSYS
 * under "error".
 */
int pledge_check(u64 need, const char *op);
int pledge_fail(u64 have, u64 need, const char *op);

/* fs.c, net.c, task.c: the hooks, by the kind of object they guard. */
void __init pledge_fs_add_hooks(void);
void __init pledge_net_add_hooks(void);
void __init pledge_task_add_hooks(void);

/* ioctl.c: the file_ioctl hook's decision */
int pledge_ioctl(struct file *file, unsigned int cmd);

/* privileges.c */
void __init pledge_privilege_add_hooks(void);

/* unveil.c */
struct unveil_set;
int do_unveil(const char __user *path, const char __user *perms);
int unveil_check(const struct path *start, struct dentry *child, u8 need);
/* The unveil half of the file_open hook (fs.c holds the hook). */
int unveil_file_open(struct file *file);
struct unveil_set *unveil_copy(struct pledge_state *s);
void unveil_put(struct unveil_set *set);
void unveil_lock(struct pledge_state *s);
void unveil_clear(struct pledge_state *s);
int unveil_format(struct pledge_state *s, char **out);
void __init unveil_add_hooks(void);

#endif /* _SECURITY_PLEDGE_H */

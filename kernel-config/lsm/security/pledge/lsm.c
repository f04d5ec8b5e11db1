// SPDX-License-Identifier: GPL-2.0-only
/*
 * pledge: OpenBSD's pledge(2) as a Linux Security Module.
 *
 * Every process has a struct pledge_state, shared by its threads and
 * copied at fork, with its promises and its unveils (unveil.c).
 * prctl(PR_NEXUS_PLEDGE) narrows it; exec replaces the
 * promises with the execpromises, or clears both when none were set
 * (OpenBSD's rule). A violation is handled here (pledge_fail); the
 * hooks that enforce the promises are in fs.c, net.c and task.c, by
 * the kind of object they guard, as Landlock's are; privileges.c keeps
 * what no promise grants, unveil.c the paths.
 *
 * There is no hook at system call entry, so "stdio" is what the hooks
 * see: reads and writes, ioctls, memory made executable. What no hook
 * sees is allowed under any pledge (see pledge(2), CAVEATS).
 */
#include <linux/binfmts.h>
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/prctl.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <uapi/linux/pledge.h>

#include "pledge.h"

struct lsm_blob_sizes pledge_blob_sizes __lsm_ro_after_init = {
	.lbs_task = sizeof(struct pledge_task),
};

static struct kmem_cache *state_cache __ro_after_init;

int pledge_fail(u64 have, u64 need, const char *op)
{
	const char *q = need ? "\"" : "";
	const char *promise = need ? pledge_promise_name(need) :
				     "what no promise allows";
	struct pledge_state *s = pledge_task(current)->state;
	bool again;

	if (have & PROMISE(ERROR)) {
		pr_notice_ratelimited("pledge: %s[%d] needs %s%s%s for %s: ENOSYS\n",
				      current->comm, task_tgid_nr(current),
				      q, promise, q, op);
		return -ENOSYS;
	}
	/*
	 * SIGABRT reaches only this thread, and the group dies only once
	 * it dumps core: until then its siblings run on. So the state is
	 * never loosened, only marked, and from now on every check of
	 * every thread fails (pledge_current()); fork and exec included.
	 */
	spin_lock(&s->lock);
	again = s->violated;
	WRITE_ONCE(s->violated, true);
	spin_unlock(&s->lock);
	if (!again)
		pr_notice("pledge: %s[%d] needs %s%s%s for %s: killed\n",
			  current->comm, task_tgid_nr(current), q, promise, q,
			  op);
	/* Uncatchable: the handler is reset and the signal unblocked. */
	force_fatal_sig(SIGABRT);
	return -EPERM;
}

int pledge_check(u64 need, const char *op)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE) || (have & need))
		return 0;
	return pledge_fail(have, need, op);
}

/* A state with these sets; the unveils and their lock, from FROM. */
static struct pledge_state *state_new(u64 promises, u64 execpromises,
				      struct pledge_state *from)
{
	struct pledge_state *s = kmem_cache_zalloc(state_cache, GFP_KERNEL);

	if (!s)
		return NULL;
	refcount_set(&s->ref, 1);
	spin_lock_init(&s->lock);
	mutex_init(&s->unveil_mutex);
	s->promises = promises;
	s->execpromises = execpromises;
	if (from) {
		mutex_lock(&from->unveil_mutex);
		RCU_INIT_POINTER(s->unveil, unveil_copy(from));
		s->unveil_locked = from->unveil_locked;
		mutex_unlock(&from->unveil_mutex);
	}
	return s;
}

static void state_put(struct pledge_state *s)
{
	if (!s || !refcount_dec_and_test(&s->ref))
		return;
	unveil_put(rcu_dereference_protected(s->unveil, true));
	kmem_cache_free(state_cache, s);
}

/* A thread shares its process's state; a new process gets a copy. */
static int pledge_task_alloc(struct task_struct *task,
			     unsigned long clone_flags)
{
	struct pledge_state *s = pledge_task(current)->state;
	u64 promises;
	int err;

	if (!s)
		return 0;
	if (clone_flags & CLONE_THREAD) {
		refcount_inc(&s->ref);
		pledge_task(task)->state = s;
		return 0;
	}
	promises = READ_ONCE(s->promises);
	if (promises & PLEDGE_ACTIVE) {
		err = pledge_check(PROMISE(PROC), "fork");
		if (err)
			return err;
	}
	pledge_task(task)->state = state_new(promises,
					     READ_ONCE(s->execpromises), s);
	return pledge_task(task)->state ? 0 : -ENOMEM;
}

static void pledge_task_free(struct task_struct *task)
{
	state_put(pledge_task(task)->state);
	pledge_task(task)->state = NULL;
}

/* The new set NEW against the one in force, OLD: only reductions. */
static int narrow(u64 old, u64 *new)
{
	if (!(old & PLEDGE_ACTIVE))
		return 0;
	if (!(*new & ~old))
		return 0;
	/* Under "error" an increase is ignored, as on OpenBSD. */
	if (old & PROMISE(ERROR)) {
		*new &= old;
		return 0;
	}
	return -EPERM;
}

static int copy_set(const char __user *uwords, u64 *set)
{
	char *words;
	int err;

	words = strndup_user(uwords, PAGE_SIZE);
	if (IS_ERR(words))
		return PTR_ERR(words);
	err = pledge_parse(words, set);
	kfree(words);
	if (!err)
		*set |= PLEDGE_ACTIVE;
	return err;
}

static int do_pledge(const char __user *upromises,
		     const char __user *uexecpromises)
{
	struct pledge_state *s = pledge_task(current)->state;
	u64 promises = 0, execpromises = 0;
	int err = 0;

	if (!s)
		return -ENOMEM;
	if (upromises) {
		err = copy_set(upromises, &promises);
		if (err)
			return err;
	}
	if (uexecpromises) {
		err = copy_set(uexecpromises, &execpromises);
		if (err)
			return err;
	}
	spin_lock(&s->lock);
	if (upromises)
		err = narrow(s->promises, &promises);
	if (!err && uexecpromises)
		err = narrow(s->execpromises, &execpromises);
	if (!err && upromises)
		WRITE_ONCE(s->promises, promises);
	if (!err && uexecpromises)
		WRITE_ONCE(s->execpromises, execpromises);
	spin_unlock(&s->lock);
	/* Without the promise, the unveils are final (as on OpenBSD). */
	if (!err && upromises && !(promises & PROMISE(UNVEIL)))
		unveil_lock(s);
	return err;
}

static int pledge_task_prctl(int option, unsigned long arg2,
			     unsigned long arg3, unsigned long arg4,
			     unsigned long arg5)
{
	if (option != PR_NEXUS_PLEDGE && option != PR_NEXUS_UNVEIL)
		return -ENOSYS;
	if (arg4 || arg5)
		return -EINVAL;
	if (option == PR_NEXUS_UNVEIL)
		return do_unveil((const char __user *)arg2,
				 (const char __user *)arg3);
	return do_pledge((const char __user *)arg2,
			 (const char __user *)arg3);
}

/*
 * Exec under execpromises: an image that would run with more privilege
 * than its caller is EACCES, as a set-id one is on OpenBSD. Commoncap
 * ran first and gave bprm->cred what the image brings: a set-id bit or
 * file capabilities.
 */
static int pledge_bprm_creds_from_file(struct linux_binprm *bprm,
				       struct file *file)
{
	struct pledge_state *s = pledge_task(current)->state;
	const struct cred *old = current_cred(), *new = bprm->cred;

	if (!s || !(READ_ONCE(s->execpromises) & PLEDGE_ACTIVE))
		return 0;
	if (is_sxid(file_inode(file)->i_mode))
		return -EACCES;
	if (!uid_eq(new->euid, old->euid) || !gid_eq(new->egid, old->egid) ||
	    !cap_issubset(new->cap_permitted, old->cap_permitted) ||
	    !cap_issubset(new->cap_effective, old->cap_effective))
		return -EACCES;
	return 0;
}

static int pledge_bprm_creds_for_exec(struct linux_binprm *bprm)
{
	return pledge_check(PROMISE(EXEC), "execve");
}

/* Past the point of no return, and single-threaded (de_thread). */
static void pledge_bprm_committing_creds(struct linux_binprm *bprm)
{
	struct pledge_state *s = pledge_task(current)->state;
	bool keep;

	if (!s)
		return;
	spin_lock(&s->lock);
	keep = s->execpromises & PLEDGE_ACTIVE;
	WRITE_ONCE(s->promises, keep ? s->execpromises : 0);
	spin_unlock(&s->lock);
	/*
	 * The new image starts afresh unless held by execpromises; then
	 * it may not add to the set it was given, only live inside it.
	 */
	if (!keep)
		unveil_clear(s);
	else if (rcu_access_pointer(s->unveil))
		unveil_lock(s);
}

/* /proc/PID/attr/pledge/{promises,execpromises} */
static int pledge_getprocattr(struct task_struct *p, const char *name,
			      char **value)
{
	struct pledge_state *s = pledge_task(p)->state;
	u64 set;

	if (!strcmp(name, "promises"))
		set = s ? READ_ONCE(s->promises) : 0;
	else if (!strcmp(name, "execpromises"))
		set = s ? READ_ONCE(s->execpromises) : 0;
	else if (!strcmp(name, "unveil"))
		return unveil_format(s, value);
	else
		return -EINVAL;
	return pledge_format(set, value);
}

static struct security_hook_list pledge_lsm_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(task_alloc, pledge_task_alloc),
	LSM_HOOK_INIT(task_free, pledge_task_free),
	LSM_HOOK_INIT(task_prctl, pledge_task_prctl),
	LSM_HOOK_INIT(bprm_creds_for_exec, pledge_bprm_creds_for_exec),
	LSM_HOOK_INIT(bprm_creds_from_file, pledge_bprm_creds_from_file),
	LSM_HOOK_INIT(bprm_committing_creds, pledge_bprm_committing_creds),
	LSM_HOOK_INIT(getprocattr, pledge_getprocattr),
};

static int __init pledge_init(void)
{
	state_cache = KMEM_CACHE(pledge_state, SLAB_PANIC | SLAB_ACCOUNT);
	pledge_task(current)->state = state_new(0, 0, NULL);
	if (!pledge_task(current)->state)
		panic("pledge: no memory for init's state\n");
	security_add_hooks(pledge_lsm_hooks, ARRAY_SIZE(pledge_lsm_hooks),
			   "pledge");
	pledge_fs_add_hooks();
	pledge_net_add_hooks();
	pledge_task_add_hooks();
	pledge_privilege_add_hooks();
	unveil_add_hooks();
	pr_info("pledge: promises enforced\n");
	return 0;
}

DEFINE_LSM(pledge) = {
	.name = "pledge",
	.init = pledge_init,
	.blobs = &pledge_blob_sizes,
};

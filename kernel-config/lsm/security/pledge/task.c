// SPDX-License-Identifier: GPL-2.0-only
/*
 * pledge: the process and others. Memory made executable (prot_exec),
 * signals to others and ptrace (proc), its ids (id) and the clock
 * (settime).
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/signal.h>

#include "pledge.h"

/*
 * Executable memory: mapping a file's own contents for execution (what
 * the kernel and the dynamic linker do) is allowed; anonymous or
 * writable executable memory, and adding PROT_EXEC later, need
 * prot_exec.
 */
static int pledge_mmap_file(struct file *file, unsigned long reqprot,
			    unsigned long prot, unsigned long flags)
{
	if (!(prot & PROT_EXEC))
		return 0;
	if (file && !(prot & PROT_WRITE))
		return 0;
	return pledge_check(PROMISE(PROT_EXEC), "mmap with PROT_EXEC");
}

static int pledge_file_mprotect(struct vm_area_struct *vma,
				unsigned long reqprot, unsigned long prot)
{
	if (!(prot & PROT_EXEC) || (vma->vm_flags & VM_EXEC))
		return 0;
	return pledge_check(PROMISE(PROT_EXEC), "mprotect with PROT_EXEC");
}

static int pledge_task_kill(struct task_struct *p,
			    struct kernel_siginfo *info, int sig,
			    const struct cred *cred)
{
	/* cred is set for signals the kernel sends on a task's behalf. */
	if (cred || same_thread_group(p, current))
		return 0;
	return pledge_check(PROMISE(PROC), "kill");
}

static int pledge_task_fix_setuid(struct cred *new, const struct cred *old,
				  int flags)
{
	return pledge_check(PROMISE(ID), "setuid");
}

static int pledge_task_fix_setgid(struct cred *new, const struct cred *old,
				  int flags)
{
	return pledge_check(PROMISE(ID), "setgid");
}

static int pledge_settime(const struct timespec64 *ts,
			  const struct timezone *tz)
{
	return pledge_check(PROMISE(SETTIME), "settime");
}

/*
 * A tracer controls its tracee, so it must hold no more than the tracee
 * can already do: a pledged tracer only a tracee whose promises are a
 * subset of its own, an unveiled one only a tracee with the same set
 * (one inherited by fork; a set changed since may show more). Both
 * tasks are pinned by the caller.
 */
static bool may_trace(struct task_struct *tracer, struct task_struct *tracee)
{
	struct pledge_state *r = pledge_task(tracer)->state;
	struct pledge_state *e = pledge_task(tracee)->state;
	u64 rp = r ? READ_ONCE(r->promises) : 0;
	u64 ep = e ? READ_ONCE(e->promises) : 0;

	if ((rp & PLEDGE_ACTIVE) && (!(ep & PLEDGE_ACTIVE) || (ep & ~rp)))
		return false;
	if (r && rcu_access_pointer(r->unveil) &&
	    (!e || rcu_access_pointer(e->unveil) !=
			   rcu_access_pointer(r->unveil)))
		return false;
	return true;
}

/* Attaching, and reading another's /proc/PID files: ps(1)'s "proc". */
static int pledge_ptrace_access_check(struct task_struct *child,
				      unsigned int mode)
{
	int err = pledge_check(PROMISE(PROC), "ptrace");

	if (err)
		return err;
	return may_trace(current, child) ? 0 : -EPERM;
}

static int pledge_ptrace_traceme(struct task_struct *parent)
{
	int err = pledge_check(PROMISE(PROC), "ptrace");

	if (err)
		return err;
	return may_trace(parent, current) ? 0 : -EPERM;
}

static struct security_hook_list task_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(mmap_file, pledge_mmap_file),
	LSM_HOOK_INIT(file_mprotect, pledge_file_mprotect),
	LSM_HOOK_INIT(task_kill, pledge_task_kill),
	LSM_HOOK_INIT(task_fix_setuid, pledge_task_fix_setuid),
	LSM_HOOK_INIT(task_fix_setgid, pledge_task_fix_setgid),
	LSM_HOOK_INIT(settime, pledge_settime),
	LSM_HOOK_INIT(ptrace_access_check, pledge_ptrace_access_check),
	LSM_HOOK_INIT(ptrace_traceme, pledge_ptrace_traceme),
};

void __init pledge_task_add_hooks(void)
{
	security_add_hooks(task_hooks, ARRAY_SIZE(task_hooks), "pledge");
}

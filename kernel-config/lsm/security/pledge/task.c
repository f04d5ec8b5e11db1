// SPDX-License-Identifier: GPL-2.0-only
/*
 * pledge: the process and others. Memory made executable (prot_exec),
 * signals to others and ptrace (proc), its ids (id) and the clock
 * (settime).
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/key.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/msg.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <linux/sched/signal.h>

#include "pledge.h"

/*
 * Whether FILE may hold code this process wrote: a file with no path
 * (a memfd, shared anonymous memory), one open for writing anywhere,
 * or any file when the process may write files (wpath, cpath,
 * tmppath).
 */
static bool maybe_written(struct file *file, u64 have)
{
	if (file->f_path.mnt->mnt_flags & MNT_INTERNAL)
		return true;
	if (atomic_read(&file_inode(file)->i_writecount) > 0)
		return true;
	return have & (PROMISE(WPATH) | PROMISE(CPATH) | PROMISE(TMPPATH));
}

/*
 * Executable memory needs prot_exec, but for what the kernel maps to
 * load an image, and a file's own contents, read-only, that the
 * process could not have written (a static program's dlopen, or the
 * dynamic linker of one that writes no files). Adding PROT_EXEC later
 * needs prot_exec too.
 */
static int pledge_mmap_file(struct file *file, unsigned long reqprot,
			    unsigned long prot, unsigned long flags)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE) || !(prot & PROT_EXEC) ||
	    (have & PROMISE(PROT_EXEC)) || current->in_execve)
		return 0;
	if (file && !(prot & PROT_WRITE) && !maybe_written(file, have))
		return 0;
	return pledge_fail(have, PROMISE(PROT_EXEC), "mmap with PROT_EXEC");
}

/*
 * Making memory executable, or executable memory writable (code
 * changed in place, the text included): prot_exec either way.
 */
static int pledge_file_mprotect(struct vm_area_struct *vma,
				unsigned long reqprot, unsigned long prot)
{
	if (!(prot & PROT_EXEC))
		return 0;
	if ((vma->vm_flags & VM_EXEC) && !(prot & PROT_WRITE))
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

/*
 * System V IPC and keyrings: objects shared with other processes of
 * the user, or of every user, that no promise names (OpenBSD has no
 * keyrings and allows System V IPC under no promise). Objects made or
 * attached before the pledge stay usable as memory.
 */
static int no_promise(const char *op)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE))
		return 0;
	return pledge_fail(have, 0, op);
}

static int pledge_ipc_permission(struct kern_ipc_perm *ipcp, short flag)
{
	return no_promise("System V IPC");
}

static int pledge_ipc_alloc(struct kern_ipc_perm *perm)
{
	return no_promise("System V IPC");
}

static int pledge_ipc_ctl(struct kern_ipc_perm *perm, int cmd)
{
	return no_promise("System V IPC");
}

static int pledge_key_alloc(struct key *key, const struct cred *cred,
			    unsigned long flags)
{
	return no_promise("a key");
}

static int pledge_key_permission(key_ref_t key_ref, const struct cred *cred,
				 enum key_need_perm need_perm)
{
	return no_promise("a keyring");
}

static struct security_hook_list task_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(mmap_file, pledge_mmap_file),
	LSM_HOOK_INIT(file_mprotect, pledge_file_mprotect),
	LSM_HOOK_INIT(task_kill, pledge_task_kill),
	LSM_HOOK_INIT(ipc_permission, pledge_ipc_permission),
	LSM_HOOK_INIT(shm_alloc_security, pledge_ipc_alloc),
	LSM_HOOK_INIT(sem_alloc_security, pledge_ipc_alloc),
	LSM_HOOK_INIT(msg_queue_alloc_security, pledge_ipc_alloc),
	LSM_HOOK_INIT(shm_shmctl, pledge_ipc_ctl),
	LSM_HOOK_INIT(sem_semctl, pledge_ipc_ctl),
	LSM_HOOK_INIT(msg_queue_msgctl, pledge_ipc_ctl),
	LSM_HOOK_INIT(key_alloc, pledge_key_alloc),
	LSM_HOOK_INIT(key_permission, pledge_key_permission),
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

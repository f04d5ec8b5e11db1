// SPDX-License-Identifier: GPL-2.0-only
/*
 * pledge: what no promise grants, even to root. A pledged process may
 * not change what is mounted or where its root is (killed, as OpenBSD
 * kills any call outside the promises), holds only the capabilities a
 * promise needs (the rest answer EPERM: the kernel asks for them in
 * many places, not all of them system calls), and never sets or
 * removes the security.* and trusted.* attributes (file capabilities
 * and the labels of other security modules). Where commoncap decides
 * without asking the capable hook (mmap below mmap_min_addr, the
 * memory kept for the administrator, capset), the hooks below decide
 * for it.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/personality.h>
#include <linux/preempt.h>
#include <linux/security.h>
#include <linux/string.h>
#include <uapi/linux/xattr.h>

#include "pledge.h"

/* The promises under which root still does its file work. */
#define FILE_WORK	(PROMISE(RPATH) | PROMISE(WPATH) | PROMISE(CPATH) | \
			 PROMISE(DPATH) | PROMISE(TMPPATH) | PROMISE(FATTR) | \
			 PROMISE(UNIX) | PROMISE(EXEC))

/*
 * Each capability a promise needs, and the promises that grant it
 * (any one of them). A capability not listed is held by no pledged
 * process; the table is in pledge(2).
 */
static const u64 granted_by[CAP_LAST_CAP + 1] = {
	[CAP_CHOWN] = PROMISE(CHOWN),
	[CAP_DAC_OVERRIDE] = FILE_WORK,
	[CAP_DAC_READ_SEARCH] = FILE_WORK,
	[CAP_FOWNER] = FILE_WORK,
	[CAP_FSETID] = PROMISE(FATTR) | PROMISE(CHOWN),
	[CAP_KILL] = PROMISE(PROC),
	[CAP_SETGID] = PROMISE(ID),
	[CAP_SETUID] = PROMISE(ID),
	[CAP_NET_BIND_SERVICE] = PROMISE(INET),
	[CAP_IPC_LOCK] = PROMISE(STDIO),
	[CAP_SYS_PTRACE] = PROMISE(PROC),
	[CAP_SYS_NICE] = PROMISE(PROC),
	[CAP_SYS_TIME] = PROMISE(SETTIME),
	[CAP_MKNOD] = PROMISE(DPATH),
	[CAP_LEASE] = PROMISE(FLOCK),
};

/*
 * Every check made in the process's context: with its credentials, or
 * with those of a file it opened (file_ns_capable), even from before
 * a prctl that replaced them. Not a check from an interrupt, nor one
 * with credentials the kernel has put on for the call
 * (override_creds: overlayfs acting as its mounter, access(2)).
 */
static int pledge_capable(const struct cred *cred, struct user_namespace *ns,
			  int cap, unsigned int opts)
{
	u64 have;

	if (!in_task() ||
	    (cred == current_cred() && cred != current->real_cred))
		return 0;
	have = pledge_current();
	if (!(have & PLEDGE_ACTIVE))
		return 0;
	if (cap < 0 || cap > CAP_LAST_CAP || !(have & granted_by[cap]))
		return -EPERM;
	return 0;
}

/*
 * The page a NULL pointer in the kernel would reach: commoncap lets
 * root (CAP_SYS_RAWIO) map below mmap_min_addr, asking no hook.
 */
static int pledge_mmap_addr(unsigned long addr)
{
	if (addr < dac_mmap_min_addr && (pledge_current() & PLEDGE_ACTIVE))
		return -EPERM;
	return 0;
}

/*
 * Under vm.overcommit_memory=2, the memory kept for the administrator
 * (CAP_SYS_ADMIN, which commoncap checks itself): never for a pledged
 * process. Positive: this module would let it use the reserve.
 */
static int pledge_vm_enough_memory(struct mm_struct *mm, long pages)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE))
		return 1;
	/*
	 * Every new mapping and brk(2) is accounted here: under the
	 * READ_IMPLIES_EXEC personality they are executable, and brk(2)
	 * reaches no other hook.
	 */
	if ((current->personality & READ_IMPLIES_EXEC) &&
	    !(have & PROMISE(PROT_EXEC)))
		pledge_fail(have, PROMISE(PROT_EXEC),
			    "memory under READ_IMPLIES_EXEC");
	return 0;
}

/*
 * capset(2): commoncap lets a holder of CAP_SETPCAP, asked without the
 * capable hook, put any capability of the bounding set in its
 * inheritable set. A pledged process's inheritable set only shrinks.
 */
static int pledge_capset(struct cred *new, const struct cred *old,
			 const kernel_cap_t *effective,
			 const kernel_cap_t *inheritable,
			 const kernel_cap_t *permitted)
{
	if (!(pledge_current() & PLEDGE_ACTIVE) ||
	    cap_issubset(*inheritable, old->cap_inheritable))
		return 0;
	return -EPERM;
}

static int no_mounts(const char *op)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE))
		return 0;
	return pledge_fail(have, 0, op);
}

static int pledge_sb_mount(const char *dev_name, const struct path *path,
			   const char *type, unsigned long flags, void *data)
{
	return no_mounts("mount");
}

static int pledge_sb_umount(struct vfsmount *mnt, int flags)
{
	return no_mounts("umount");
}

static int pledge_move_mount(const struct path *from_path,
			     const struct path *to_path)
{
	return no_mounts("move_mount");
}

static int pledge_sb_pivotroot(const struct path *old_path,
			       const struct path *new_path)
{
	return no_mounts("pivot_root");
}

static int pledge_path_chroot(const struct path *path)
{
	return no_mounts("chroot");
}

static bool privileged_xattr(const char *name)
{
	return !strncmp(name, XATTR_SECURITY_PREFIX,
			XATTR_SECURITY_PREFIX_LEN) ||
	       !strncmp(name, XATTR_TRUSTED_PREFIX, XATTR_TRUSTED_PREFIX_LEN);
}

/*
 * The security module that has this hook checks the capabilities
 * itself (security_inode_setxattr then skips commoncap's check).
 */
static int pledge_inode_setxattr(struct user_namespace *mnt_userns,
				 struct dentry *dentry, const char *name,
				 const void *value, size_t size, int flags)
{
	if ((pledge_current() & PLEDGE_ACTIVE) && privileged_xattr(name))
		return -EPERM;
	return cap_inode_setxattr(dentry, name, value, size, flags);
}

static int pledge_inode_removexattr(struct user_namespace *mnt_userns,
				    struct dentry *dentry, const char *name)
{
	if ((pledge_current() & PLEDGE_ACTIVE) && privileged_xattr(name))
		return -EPERM;
	return cap_inode_removexattr(mnt_userns, dentry, name);
}

static struct security_hook_list privilege_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(capable, pledge_capable),
	LSM_HOOK_INIT(mmap_addr, pledge_mmap_addr),
	LSM_HOOK_INIT(vm_enough_memory, pledge_vm_enough_memory),
	LSM_HOOK_INIT(capset, pledge_capset),
	LSM_HOOK_INIT(sb_mount, pledge_sb_mount),
	LSM_HOOK_INIT(sb_umount, pledge_sb_umount),
	LSM_HOOK_INIT(move_mount, pledge_move_mount),
	LSM_HOOK_INIT(sb_pivotroot, pledge_sb_pivotroot),
	LSM_HOOK_INIT(path_chroot, pledge_path_chroot),
	LSM_HOOK_INIT(inode_setxattr, pledge_inode_setxattr),
	LSM_HOOK_INIT(inode_removexattr, pledge_inode_removexattr),
};

void __init pledge_privilege_add_hooks(void)
{
	security_add_hooks(privilege_hooks, ARRAY_SIZE(privilege_hooks),
			   "pledge");
}

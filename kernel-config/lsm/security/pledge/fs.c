// SPDX-License-Identifier: GPL-2.0-only
/*
 * pledge: files and paths. Opening for reading or writing (rpath,
 * wpath; a few paths are free, as in OpenBSD's pledge_namei), making
 * and removing names (cpath, dpath; tmppath right in /tmp), their
 * attributes (fattr, chown), locks (flock), file watches, ioctls
 * (ioctl.c) and descriptors received (recvfd).
 */
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs_struct.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <uapi/linux/magic.h>

#include "pledge.h"

/* Paths any pledged process may open, as OpenBSD's pledge_namei. */
struct allowed_path {
	const char *path;
	bool prefix;		/* a folder: everything under it */
	bool write;		/* may be opened for writing */
	u64 need;		/* one of these, or stdio when 0 */
};

static const struct allowed_path allowed_paths[] = {
	{ "/dev/null", false, true, 0 },
	{ "/etc/localtime", false, false, 0 },
	{ "/usr/share/zoneinfo/", true, false, 0 },
	{ "/dev/tty", false, true, PROMISE(TTY) },
	{ "/etc/resolv.conf", false, false, PROMISE(DNS) },
	{ "/etc/hosts", false, false, PROMISE(DNS) },
	{ "/etc/services", false, false, PROMISE(DNS) },
	{ "/etc/passwd", false, false, PROMISE(GETPW) },
	{ "/etc/group", false, false, PROMISE(GETPW) },
};

static bool path_allowed(const struct path *path, bool write, u64 have)
{
	const struct allowed_path *a;
	bool ok = false;
	char *buf, *name;

	buf = __getname();
	if (!buf)
		return false;
	/* d_path is after "..", symlinks and mounts: no escape by name. */
	name = d_path(path, buf, PATH_MAX);
	if (IS_ERR(name))
		goto out;
	for (a = allowed_paths; a < allowed_paths + ARRAY_SIZE(allowed_paths);
	     a++) {
		if (a->prefix ? strncmp(name, a->path, strlen(a->path)) :
				strcmp(name, a->path))
			continue;
		if (write && !a->write)
			continue;
		if (a->need ? !(have & a->need) : !(have & PROMISE(STDIO)))
			continue;
		ok = true;
		break;
	}
out:
	__putname(buf);
	return ok;
}

/* Whether DENTRY is named "tmp" (a rename takes d_lock too). */
static bool named_tmp(struct dentry *dentry)
{
	bool ok;

	spin_lock(&dentry->d_lock);
	ok = dentry->d_name.len == 3 && !memcmp(dentry->d_name.name, "tmp", 3);
	spin_unlock(&dentry->d_lock);
	return ok;
}

/*
 * tmppath: creating and removing files right in /tmp, nothing below.
 * /tmp is the folder named "tmp" right under the process's root (its
 * chroot), on whatever is mounted there, compared by dentry and mount,
 * never by name: no lookup either, as the caller may hold a folder's
 * lock.
 */
static bool in_tmp(const struct path *dir)
{
	struct path p = *dir, root;
	struct dentry *parent;
	bool ok = false;

	path_get(&p);
	/* From the root of a mount (a tmpfs on /tmp) up to its mountpoint. */
	while (p.dentry == p.mnt->mnt_root && follow_up(&p))
		;
	if (!IS_ROOT(p.dentry) && named_tmp(p.dentry)) {
		parent = dget_parent(p.dentry);
		get_fs_root(current->fs, &root);
		ok = parent == root.dentry && p.mnt == root.mnt;
		path_put(&root);
		dput(parent);
	}
	path_put(&p);
	return ok;
}

/* The file this very open created right in /tmp, as mkstemp(3) does. */
static bool created_in_tmp(const struct file *file)
{
	struct path dir;
	bool ok;

	if (!(file->f_mode & FMODE_CREATED))
		return false;
	dir.mnt = file->f_path.mnt;
	dir.dentry = dget_parent(file->f_path.dentry);
	ok = in_tmp(&dir);
	dput(dir.dentry);
	return ok;
}

/* Whether DENTRY is the folder of this process in /proc (PID or TID). */
static bool own_proc_dir(struct dentry *dentry)
{
	char pid[16];
	bool ok;

	snprintf(pid, sizeof(pid), "%d", task_tgid_vnr(current));
	spin_lock(&dentry->d_lock);
	ok = !strcmp(dentry->d_name.name, pid);
	if (!ok) {
		snprintf(pid, sizeof(pid), "%d", task_pid_vnr(current));
		ok = !strcmp(dentry->d_name.name, pid);
	}
	spin_unlock(&dentry->d_lock);
	return ok;
}

/*
 * The kernel's own settings and state: sysctls and the rest of /proc
 * but the process's own folder, sysfs, and the file systems of kernel
 * interfaces. Writing them changes the system, which no promise
 * allows (OpenBSD refuses sysctl writes under any pledge).
 */
static bool kernel_interface(const struct file *file)
{
	struct dentry *d = file->f_path.dentry, *top;
	bool own;

	switch (d->d_sb->s_magic) {
	case SYSFS_MAGIC:
	case SECURITYFS_MAGIC:
	case DEBUGFS_MAGIC:
	case TRACEFS_MAGIC:
	case CGROUP_SUPER_MAGIC:
	case CGROUP2_SUPER_MAGIC:
	case BPF_FS_MAGIC:
	case EFIVARFS_MAGIC:
	case PSTOREFS_MAGIC:
		return true;
	case PROC_SUPER_MAGIC:
		break;
	default:
		return false;
	}
	/* In /proc: the entry right under its root that holds this file. */
	top = dget(d);
	while (!IS_ROOT(top) && !IS_ROOT(top->d_parent)) {
		struct dentry *parent = dget_parent(top);

		dput(top);
		top = parent;
	}
	own = !IS_ROOT(top) && own_proc_dir(top);
	dput(top);
	return !own;
}

static int promise_file_open(struct file *file)
{
	u64 have = pledge_current(), need = 0;
	bool write = file->f_mode & FMODE_WRITE;

	/* Exec's own open: bprm_creds_for_exec asks for "exec". */
	if (!(have & PLEDGE_ACTIVE) || (file->f_flags & __FMODE_EXEC))
		return 0;
	if (write && kernel_interface(file))
		return pledge_fail(have, 0, "writing a kernel setting");
	if (file->f_mode & FMODE_READ)
		need |= PROMISE(RPATH);
	if (write)
		need |= PROMISE(WPATH);
	/* Every promise the open needs, not just one of them. */
	if ((have & need) == need)
		return 0;
	if (path_allowed(&file->f_path, write, have))
		return 0;
	/* An existing file in /tmp is no more open to tmppath than any. */
	if ((have & PROMISE(TMPPATH)) && created_in_tmp(file))
		return 0;
	return pledge_fail(have, need & ~have, "open");
}

/*
 * One hook for both halves of open: the promises first (a broken one
 * kills), then what is unveiled; each list entry is an indirect call
 * on the path every open takes.
 */
static int pledge_file_open(struct file *file)
{
	return promise_file_open(file) ?: unveil_file_open(file);
}

static int pledge_file_permission(struct file *file, int mask)
{
	return pledge_check(PROMISE(STDIO), "read or write");
}

/*
 * NEED for OP in DIR; TMP_OK: a file operation that tmppath allows
 * right in /tmp (creating or unlinking a file, not a folder or a link).
 */
static int dir_check(const struct path *dir, u64 need, bool tmp_ok,
		     const char *op)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE) || (have & need))
		return 0;
	if (tmp_ok && (have & PROMISE(TMPPATH)) && in_tmp(dir))
		return 0;
	return pledge_fail(have, need, op);
}

static int create_check(const struct path *dir, u64 need, const char *op)
{
	return dir_check(dir, need, false, op);
}

static int pledge_path_mknod(const struct path *dir, struct dentry *dentry,
			     umode_t mode, unsigned int dev)
{
	if (S_ISREG(mode))
		return dir_check(dir, PROMISE(CPATH), true, "creating a file");
	if (S_ISSOCK(mode))
		return create_check(dir, PROMISE(CPATH), "creating a socket");
	return create_check(dir, PROMISE(DPATH), "mknod");
}

static int pledge_path_mkdir(const struct path *dir, struct dentry *dentry,
			     umode_t mode)
{
	return create_check(dir, PROMISE(CPATH), "mkdir");
}

static int pledge_path_rmdir(const struct path *dir, struct dentry *dentry)
{
	return create_check(dir, PROMISE(CPATH), "rmdir");
}

static int pledge_path_unlink(const struct path *dir, struct dentry *dentry)
{
	return dir_check(dir, PROMISE(CPATH), true, "unlink");
}

static int pledge_path_symlink(const struct path *dir, struct dentry *dentry,
			       const char *old_name)
{
	return create_check(dir, PROMISE(CPATH), "symlink");
}

static int pledge_path_link(struct dentry *old_dentry,
			    const struct path *new_dir,
			    struct dentry *new_dentry)
{
	return create_check(new_dir, PROMISE(CPATH), "link");
}

static int pledge_path_rename(const struct path *old_dir,
			      struct dentry *old_dentry,
			      const struct path *new_dir,
			      struct dentry *new_dentry, unsigned int flags)
{
	return create_check(new_dir, PROMISE(CPATH), "rename");
}

/* truncate(2) by name. */
static int pledge_path_truncate(const struct path *path)
{
	return pledge_check(PROMISE(WPATH), "truncate");
}

/*
 * ftruncate(2), and open(2) with O_TRUNC. A descriptor opened for
 * writing was checked when it was opened (or opened before the pledge,
 * or received under recvfd): truncating it is writing to it, which
 * stdio allows, as OpenBSD allows ftruncate(2); wpath is what let an
 * O_TRUNC open through. A file opened O_RDONLY | O_TRUNC was checked
 * for reading only: its truncation needs wpath, as truncate(2) does.
 */
static int pledge_file_truncate(struct file *file)
{
	if (!(file->f_mode & FMODE_WRITE))
		return pledge_check(PROMISE(WPATH), "truncate");
	return pledge_check(PROMISE(STDIO) | PROMISE(WPATH), "ftruncate");
}

static int pledge_path_chmod(const struct path *path, umode_t mode)
{
	return pledge_check(PROMISE(FATTR), "chmod");
}

/*
 * chown: any owner under "chown"; under "fattr", as on OpenBSD, only
 * the process's own user and groups, and EPERM for any other.
 */
static int pledge_path_chown(const struct path *path, kuid_t uid, kgid_t gid)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE) || (have & PROMISE(CHOWN)))
		return 0;
	if (!(have & PROMISE(FATTR)))
		return pledge_fail(have, PROMISE(FATTR) | PROMISE(CHOWN),
				   "chown");
	if (uid_valid(uid) && !uid_eq(uid, current_fsuid()))
		return -EPERM;
	if (gid_valid(gid) && !in_group_p(gid))
		return -EPERM;
	return 0;
}

/* utimes(2), utimensat(2), futimens(2): setting times, even to now. */
static int pledge_path_utimes(const struct path *path)
{
	return pledge_check(PROMISE(FATTR), "utimes");
}

/*
 * As on OpenBSD, a pledged process never sets the set-user-ID or
 * set-group-ID bit, with any promise: chmod(2) and the mode of a new
 * file lose them, silently.
 */
static void pledge_path_mode_strip(umode_t *mode)
{
	if (pledge_current() & PLEDGE_ACTIVE)
		*mode &= ~(S_ISUID | S_ISGID);
}

static int pledge_path_readlink(const struct path *path)
{
	return pledge_check(PROMISE(RPATH), "readlink");
}

/* access(2) inspects like a read-only open: the same paths are free. */
static int pledge_path_access(const struct path *path, int mask)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE) || (have & PROMISE(RPATH)) ||
	    path_allowed(path, false, have))
		return 0;
	return pledge_fail(have, PROMISE(RPATH), "access");
}

static int pledge_path_getxattr(const struct path *path)
{
	return pledge_check(PROMISE(RPATH), "getxattr");
}

static int pledge_path_setxattr(const struct path *path)
{
	return pledge_check(PROMISE(FATTR), "setxattr");
}

/* inotify, fanotify and dnotify watches: reading where changes are. */
static int pledge_path_notify(const struct path *path, u64 mask,
			      unsigned int obj_type)
{
	return pledge_check(PROMISE(RPATH), "a file watch");
}

static int pledge_file_lock(struct file *file, unsigned int cmd)
{
	return pledge_check(PROMISE(FLOCK), "flock");
}

static int pledge_file_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	return pledge_ioctl(file, cmd);
}

/*
 * F_SETOWN names who receives a descriptor's SIGIO, or the signal
 * F_SETSIG chose, SIGKILL included: a way to signal other processes,
 * which needs "proc", as on OpenBSD.
 */
static int pledge_file_fcntl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	if (cmd != F_SETOWN && cmd != F_SETOWN_EX)
		return 0;
	return pledge_check(PROMISE(PROC), "F_SETOWN");
}

static int pledge_file_receive(struct file *file)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE))
		return 0;
	/* A directory would escape unveil: never, with any promise. */
	if (S_ISDIR(file_inode(file)->i_mode))
		return pledge_fail(have, PROMISE(RECVFD),
				   "receiving a directory");
	return pledge_check(PROMISE(RECVFD), "receiving a descriptor");
}

static struct security_hook_list fs_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(file_open, pledge_file_open),
	LSM_HOOK_INIT(file_fcntl, pledge_file_fcntl),
	LSM_HOOK_INIT(file_permission, pledge_file_permission),
	LSM_HOOK_INIT(path_mknod, pledge_path_mknod),
	LSM_HOOK_INIT(path_mkdir, pledge_path_mkdir),
	LSM_HOOK_INIT(path_rmdir, pledge_path_rmdir),
	LSM_HOOK_INIT(path_unlink, pledge_path_unlink),
	LSM_HOOK_INIT(path_symlink, pledge_path_symlink),
	LSM_HOOK_INIT(path_link, pledge_path_link),
	LSM_HOOK_INIT(path_rename, pledge_path_rename),
	LSM_HOOK_INIT(path_truncate, pledge_path_truncate),
	LSM_HOOK_INIT(file_truncate, pledge_file_truncate),
	LSM_HOOK_INIT(path_chmod, pledge_path_chmod),
	LSM_HOOK_INIT(path_chown, pledge_path_chown),
	LSM_HOOK_INIT(path_utimes, pledge_path_utimes),
	LSM_HOOK_INIT(path_mode_strip, pledge_path_mode_strip),
	LSM_HOOK_INIT(path_readlink, pledge_path_readlink),
	LSM_HOOK_INIT(path_access, pledge_path_access),
	LSM_HOOK_INIT(path_getxattr, pledge_path_getxattr),
	LSM_HOOK_INIT(path_setxattr, pledge_path_setxattr),
	LSM_HOOK_INIT(path_notify, pledge_path_notify),
	LSM_HOOK_INIT(file_lock, pledge_file_lock),
	LSM_HOOK_INIT(file_ioctl, pledge_file_ioctl),
	/* 32-bit callers: off in our profiles, never a way around. */
	LSM_HOOK_INIT(file_ioctl_compat, pledge_file_ioctl),
	LSM_HOOK_INIT(file_receive, pledge_file_receive),
};

void __init pledge_fs_add_hooks(void)
{
	security_add_hooks(fs_hooks, ARRAY_SIZE(fs_hooks), "pledge");
}

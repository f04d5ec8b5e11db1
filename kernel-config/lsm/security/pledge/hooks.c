// SPDX-License-Identifier: GPL-2.0-only
/*
 * pledge: the hooks that hold a process to its promises. Each asks
 * for the promises an operation needs; a process that has not pledged
 * passes after one load.
 *
 * There is no hook at system call entry, so "stdio" is what these
 * hooks see: reads and writes, ioctls, memory made executable. What
 * no hook sees is allowed under any pledge (see pledge(2), CAVEATS).
 */
#include <linux/binfmts.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs_struct.h>
#include <linux/fs.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/net.h>
#include <linux/sched/signal.h>
#include <linux/socket.h>
#include <linux/tcp.h>
#include <linux/termios.h>
#include <net/sock.h>
#include <uapi/linux/un.h>

#include "pledge.h"

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

static int pledge_file_open(struct file *file)
{
	u64 have = pledge_current(), need = 0;
	bool write = file->f_mode & FMODE_WRITE;

	/* Exec's own open: bprm_creds_for_exec asks for "exec". */
	if (!(have & PLEDGE_ACTIVE) || (file->f_flags & __FMODE_EXEC))
		return 0;
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

static int pledge_path_truncate(const struct path *path)
{
	return pledge_check(PROMISE(WPATH), "truncate");
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

static bool is_tty_ioctl(unsigned int cmd)
{
	/* The termios and tty requests: 0x54xx ('T'). */
	return _IOC_TYPE(cmd) == 'T';
}

static int pledge_file_ioctl(struct file *file, unsigned int cmd,
			     unsigned long arg)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE))
		return 0;
	switch (cmd) {
	case FIONREAD:
	case FIONBIO:
	case FIOCLEX:
	case FIONCLEX:
	/* isatty(3) and line buffering ask these of every stream. */
	case TCGETS:
	case TIOCGWINSZ:
		return pledge_check(PROMISE(STDIO), "ioctl");
	}
	if (is_tty_ioctl(cmd))
		return pledge_check(PROMISE(TTY), "a tty ioctl");
	return pledge_fail(have, PROMISE(STDIO), "ioctl");
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

static int pledge_socket_create(int family, int type, int protocol, int kern)
{
	if (kern)
		return 0;
	switch (family) {
	case AF_UNIX:
		return pledge_check(PROMISE(UNIX), "a Unix socket");
	case AF_INET:
	case AF_INET6:
		return pledge_check(PROMISE(INET) | PROMISE(DNS),
				    "an inet socket");
	}
	if (!(pledge_current() & PLEDGE_ACTIVE))
		return 0;
	return pledge_fail(pledge_current(), 0, "a socket of this family");
}

static u16 port_of(struct sockaddr *address, int addrlen)
{
	if (address->sa_family == AF_INET &&
	    addrlen >= (int)sizeof(struct sockaddr_in))
		return ntohs(((struct sockaddr_in *)address)->sin_port);
	if (address->sa_family == AF_INET6 &&
	    addrlen >= (int)sizeof(struct sockaddr_in6))
		return ntohs(((struct sockaddr_in6 *)address)->sin6_port);
	return 0;
}

/* Naming a Unix socket, to connect(2) or sendto(2): OpenBSD's "unix". */
static int pledge_path_unix_connect(const struct path *path)
{
	return pledge_check(PROMISE(UNIX), "connect to a Unix socket");
}

/* An AF_UNIX connect is checked as the name is looked up, above. */
static int pledge_socket_connect(struct socket *sock,
				 struct sockaddr *address, int addrlen)
{
	u64 have = pledge_current();
	int family = sock->sk->sk_family;

	if (!(have & PLEDGE_ACTIVE) || family == AF_UNIX)
		return 0;
	if ((family == AF_INET || family == AF_INET6) &&
	    (have & PROMISE(DNS)) && port_of(address, addrlen) == 53)
		return 0;
	return pledge_check(PROMISE(INET), "connect");
}

static int pledge_socket_bind(struct socket *sock, struct sockaddr *address,
			      int addrlen)
{
	if (sock->sk->sk_family == AF_UNIX)
		return pledge_check(PROMISE(UNIX), "bind");
	return pledge_check(PROMISE(INET), "bind");
}

/*
 * setsockopt, as OpenBSD's pledge: a short list, by level. What is not
 * on it (packet filters, devices, marks, raw headers) is a violation
 * under any promise; multicast needs "mcast".
 */
struct sockopt_rule {
	int level, name;
	u64 need;
};

#define PLAIN(level, name)	{ level, name, PROMISE(STDIO) }
#define MCAST(level, name)	{ level, name, PROMISE(MCAST) }
static const struct sockopt_rule sockopt_rules[] = {
	PLAIN(SOL_SOCKET, SO_REUSEADDR), PLAIN(SOL_SOCKET, SO_REUSEPORT),
	PLAIN(SOL_SOCKET, SO_KEEPALIVE), PLAIN(SOL_SOCKET, SO_LINGER),
	PLAIN(SOL_SOCKET, SO_SNDBUF), PLAIN(SOL_SOCKET, SO_RCVBUF),
	PLAIN(SOL_SOCKET, SO_RCVLOWAT), PLAIN(SOL_SOCKET, SO_BROADCAST),
	PLAIN(SOL_SOCKET, SO_OOBINLINE), PLAIN(SOL_SOCKET, SO_PASSCRED),
	PLAIN(SOL_SOCKET, SO_RCVTIMEO_OLD), PLAIN(SOL_SOCKET, SO_RCVTIMEO_NEW),
	PLAIN(SOL_SOCKET, SO_SNDTIMEO_OLD), PLAIN(SOL_SOCKET, SO_SNDTIMEO_NEW),
	PLAIN(SOL_SOCKET, SO_TIMESTAMP_OLD), PLAIN(SOL_SOCKET, SO_TIMESTAMP_NEW),
	PLAIN(SOL_SOCKET, SO_TIMESTAMPNS_OLD),
	PLAIN(SOL_SOCKET, SO_TIMESTAMPNS_NEW),
	PLAIN(SOL_TCP, TCP_NODELAY), PLAIN(SOL_TCP, TCP_KEEPIDLE),
	PLAIN(SOL_TCP, TCP_KEEPINTVL), PLAIN(SOL_TCP, TCP_KEEPCNT),
	PLAIN(SOL_TCP, TCP_USER_TIMEOUT), PLAIN(SOL_TCP, TCP_CORK),
	PLAIN(SOL_TCP, TCP_QUICKACK),
	PLAIN(SOL_IP, IP_TOS), PLAIN(SOL_IP, IP_TTL), PLAIN(SOL_IP, IP_RECVERR),
	PLAIN(SOL_IP, IP_PKTINFO), PLAIN(SOL_IP, IP_MTU_DISCOVER),
	PLAIN(SOL_IPV6, IPV6_V6ONLY), PLAIN(SOL_IPV6, IPV6_TCLASS),
	PLAIN(SOL_IPV6, IPV6_UNICAST_HOPS), PLAIN(SOL_IPV6, IPV6_RECVERR),
	MCAST(SOL_IP, IP_ADD_MEMBERSHIP), MCAST(SOL_IP, IP_DROP_MEMBERSHIP),
	MCAST(SOL_IP, IP_MULTICAST_IF), MCAST(SOL_IP, IP_MULTICAST_TTL),
	MCAST(SOL_IP, IP_MULTICAST_LOOP),
	MCAST(SOL_IPV6, IPV6_ADD_MEMBERSHIP),
	MCAST(SOL_IPV6, IPV6_DROP_MEMBERSHIP),
	MCAST(SOL_IPV6, IPV6_MULTICAST_IF), MCAST(SOL_IPV6, IPV6_MULTICAST_HOPS),
	MCAST(SOL_IPV6, IPV6_MULTICAST_LOOP),
};

static int pledge_socket_setsockopt(struct socket *sock, int level,
				    int optname)
{
	u64 have = pledge_current();
	const struct sockopt_rule *r;
	char op[48];

	if (!(have & PLEDGE_ACTIVE))
		return 0;
	for (r = sockopt_rules; r < sockopt_rules + ARRAY_SIZE(sockopt_rules);
	     r++)
		if (r->level == level && r->name == optname)
			return pledge_check(r->need, "setsockopt");
	snprintf(op, sizeof(op), "setsockopt level %d option %d", level,
		 optname);
	return pledge_fail(have, 0, op);
}

/*
 * Whether an SCM_RIGHTS message carries a directory. The table may
 * change before the descriptors are taken; file_receive, which sees
 * the files themselves, is what a pledged receiver relies on.
 */
static bool passes_directory(struct cmsghdr *cmsg)
{
	int *fds = (int *)CMSG_DATA(cmsg);
	int i, n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);

	for (i = 0; i < n; i++) {
		struct file *f = fget_raw(fds[i]);
		bool dir = f && S_ISDIR(file_inode(f)->i_mode);

		if (f)
			fput(f);
		if (dir)
			return true;
	}
	return false;
}

static int pledge_socket_sendmsg(struct socket *sock, struct msghdr *msg,
				 int size)
{
	struct cmsghdr *cmsg;
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE) || !msg->msg_controllen ||
	    msg->msg_control_is_user)
		return 0;
	for_each_cmsghdr(cmsg, msg) {
		if (cmsg->cmsg_level != SOL_SOCKET ||
		    cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		if (passes_directory(cmsg))
			return pledge_fail(have, PROMISE(SENDFD),
					   "sending a directory");
		return pledge_check(PROMISE(SENDFD), "sending a descriptor");
	}
	return 0;
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

static struct security_hook_list pledge_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(file_open, pledge_file_open),
	LSM_HOOK_INIT(file_permission, pledge_file_permission),
	LSM_HOOK_INIT(path_mknod, pledge_path_mknod),
	LSM_HOOK_INIT(path_mkdir, pledge_path_mkdir),
	LSM_HOOK_INIT(path_rmdir, pledge_path_rmdir),
	LSM_HOOK_INIT(path_unlink, pledge_path_unlink),
	LSM_HOOK_INIT(path_symlink, pledge_path_symlink),
	LSM_HOOK_INIT(path_link, pledge_path_link),
	LSM_HOOK_INIT(path_rename, pledge_path_rename),
	LSM_HOOK_INIT(path_truncate, pledge_path_truncate),
	LSM_HOOK_INIT(path_chmod, pledge_path_chmod),
	LSM_HOOK_INIT(path_chown, pledge_path_chown),
	LSM_HOOK_INIT(path_utimes, pledge_path_utimes),
	LSM_HOOK_INIT(path_mode_strip, pledge_path_mode_strip),
	LSM_HOOK_INIT(path_readlink, pledge_path_readlink),
	LSM_HOOK_INIT(path_access, pledge_path_access),
	LSM_HOOK_INIT(path_getxattr, pledge_path_getxattr),
	LSM_HOOK_INIT(path_setxattr, pledge_path_setxattr),
	LSM_HOOK_INIT(path_notify, pledge_path_notify),
	LSM_HOOK_INIT(path_unix_connect, pledge_path_unix_connect),
	LSM_HOOK_INIT(file_lock, pledge_file_lock),
	LSM_HOOK_INIT(mmap_file, pledge_mmap_file),
	LSM_HOOK_INIT(file_mprotect, pledge_file_mprotect),
	LSM_HOOK_INIT(file_ioctl, pledge_file_ioctl),
	LSM_HOOK_INIT(file_receive, pledge_file_receive),
	LSM_HOOK_INIT(socket_create, pledge_socket_create),
	LSM_HOOK_INIT(socket_connect, pledge_socket_connect),
	LSM_HOOK_INIT(socket_bind, pledge_socket_bind),
	LSM_HOOK_INIT(socket_sendmsg, pledge_socket_sendmsg),
	LSM_HOOK_INIT(socket_setsockopt, pledge_socket_setsockopt),
	LSM_HOOK_INIT(task_kill, pledge_task_kill),
	LSM_HOOK_INIT(task_fix_setuid, pledge_task_fix_setuid),
	LSM_HOOK_INIT(task_fix_setgid, pledge_task_fix_setgid),
	LSM_HOOK_INIT(settime, pledge_settime),
	LSM_HOOK_INIT(ptrace_access_check, pledge_ptrace_access_check),
	LSM_HOOK_INIT(ptrace_traceme, pledge_ptrace_traceme),
};

void __init pledge_add_hooks(void)
{
	security_add_hooks(pledge_hooks, ARRAY_SIZE(pledge_hooks), "pledge");
}

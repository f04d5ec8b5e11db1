// SPDX-License-Identifier: GPL-2.0-only
/*
 * unveil: OpenBSD's unveil(2). After the first call a process sees
 * only the paths it unveiled, each with its own rights (r, w, x, c);
 * everything else is ENOENT, and a wrong right EACCES.
 *
 * A folder is remembered as itself (mount and dentry), so a folder that
 * is removed and made again is gone; a file, or a path that does not
 * exist yet, by its name in its folder, so a file made again is still
 * there. An object is governed by the nearest entry on its way up to
 * the root: its name in its folder, else the folder, else the folder's
 * name in the folder above, and so on.
 *
 * The set is immutable once published (copied on every unveil() call)
 * and reference counted, so a check never holds a lock while it walks.
 */
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "pledge.h"

#define UNVEIL_MAX	128

struct unveil_entry {
	struct path dir;	/* the folder, or the folder holding name */
	const char *name;	/* NULL: the folder itself */
	u8 perms;		/* UNVEIL_* */
};

struct unveil_set {
	refcount_t ref;
	struct work_struct free_work;
	struct rcu_head rcu;
	int count;
	struct unveil_entry entry[];
};

static void set_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct unveil_set, rcu));
}

static void set_free_work(struct work_struct *work)
{
	struct unveil_set *set = container_of(work, struct unveil_set,
					      free_work);
	int i;

	for (i = 0; i < set->count; i++) {
		path_put(&set->entry[i].dir);
		kfree(set->entry[i].name);
	}
	/* A reader may have the pointer still, under RCU: see unveil_get. */
	call_rcu(&set->rcu, set_free_rcu);
}

/*
 * The last reference may go in an RCU callback (a task freed there),
 * where path_put must not run: the freeing is queued.
 */
void unveil_put(struct unveil_set *set)
{
	if (!set || !refcount_dec_and_test(&set->ref))
		return;
	INIT_WORK(&set->free_work, set_free_work);
	schedule_work(&set->free_work);
}

/* The current set of S with a reference, or NULL. */
static struct unveil_set *unveil_get(struct pledge_state *s)
{
	struct unveil_set *set;

	rcu_read_lock();
	do {
		set = rcu_dereference(s->unveil);
	} while (set && !refcount_inc_not_zero(&set->ref));
	rcu_read_unlock();
	return set;
}

struct unveil_set *unveil_copy(struct pledge_state *s)
{
	return unveil_get(s);
}

/*
 * Is D's name NAME? A rename may be rewriting it meanwhile: read it as
 * d_path's prepend_name does (the pointer, then the length, never past
 * a NUL); the caller's rename_lock sequence or its reference on D's
 * parent decides whether the answer counts.
 */
static bool name_is(const char *name, const struct dentry *d)
{
	/* As prepend_name: the bytes of whichever name the pointer shows. */
	const unsigned char *dname = smp_load_acquire(&d->d_name.name);
	u32 dlen = READ_ONCE(d->d_name.len);

	while (dlen--) {
		unsigned char c = *dname++;

		if (!c || c != (unsigned char)*name++)
			return false;
	}
	return !*name;
}

/* The entry of SET for folder DIR of MNT, and for BELOW's name in it. */
static int entry_rights(const struct unveil_set *set,
			const struct vfsmount *mnt, const struct dentry *dir,
			const struct dentry *below, bool *found)
{
	const struct unveil_entry *folder = NULL, *name = NULL;
	int i;

	for (i = 0; i < set->count && !name; i++) {
		const struct unveil_entry *e = &set->entry[i];

		if (e->dir.mnt != mnt || e->dir.dentry != dir)
			continue;
		if (!e->name)
			folder = e;
		else if (below && name_is(e->name, below))
			name = e;
	}
	*found = name || folder;
	return *found ? (name ? name : folder)->perms : 0;
}

/*
 * lookup() without taking a reference: up the tree under RCU, inside
 * START's mount, as d_path does; a rename anywhere meanwhile (the
 * rename_lock sequence moved) and the answer is not trusted. At a
 * mount's root or a disconnected dentry it gives up: -EAGAIN, and the
 * reference walk decides. References cost two atomic operations per
 * level, which the open and stat paths paid for every folder. The
 * sequence is read at every level: renames that keep moving folders
 * round under the walk end it at once, never keep it going.
 */
static int lookup_rcu(const struct unveil_set *set, const struct path *start,
		      struct dentry *child)
{
	const struct vfsmount *mnt = start->mnt;
	struct dentry *dir = start->dentry, *below = child, *parent;
	int perms = -EAGAIN;
	unsigned int seq;
	bool found;

	rcu_read_lock();
	seq = read_seqbegin(&rename_lock);
	for (;;) {
		int got = entry_rights(set, mnt, dir, below, &found);

		if (found) {
			perms = got ? got : -ENOENT;
			break;
		}
		if (dir == mnt->mnt_root)
			break;
		parent = READ_ONCE(dir->d_parent);
		if (parent == dir || read_seqretry(&rename_lock, seq))
			break;
		below = dir;
		dir = parent;
	}
	if (read_seqretry(&rename_lock, seq))
		perms = -EAGAIN;
	rcu_read_unlock();
	return perms;
}

/*
 * The rights SET gives CHILD in the folder START (CHILD NULL: START
 * itself), or -ENOENT when no entry covers it or the nearest one hides
 * it ("").
 */
static int lookup(const struct unveil_set *set, const struct path *start,
		  struct dentry *child)
{
	int perms = lookup_rcu(set, start, child);
	struct path walk = *start;
	struct dentry *below;
	bool found;

	if (perms != -EAGAIN)
		return perms;
	perms = -ENOENT;
	below = dget(child);
	path_get(&walk);
	for (;;) {
		int got;

		/* Names of folders above may be renamed: RCU keeps them. */
		rcu_read_lock();
		got = entry_rights(set, walk.mnt, walk.dentry, below, &found);
		rcu_read_unlock();
		if (found) {
			perms = got;
			break;
		}
		/* Renames can keep a walk going: it must stay killable. */
		if (fatal_signal_pending(current)) {
			perms = -EINTR;
			break;
		}
		cond_resched();
		/* The folder this mount hides, as its parent sees it. */
		if (walk.dentry == walk.mnt->mnt_root && follow_up(&walk))
			continue;
		/*
		 * The top: the root, or an object outside the tree (a pipe,
		 * a socket, a memfd: nothing to hide, but nothing unveiled
		 * "x" either, so never run), or a disconnected dentry (its
		 * own parent), which is hidden.
		 */
		if (IS_ROOT(walk.dentry)) {
			if (walk.mnt->mnt_flags & MNT_INTERNAL)
				perms = UNVEIL_ALL & ~UNVEIL_X;
			break;
		}
		dput(below);
		below = walk.dentry;
		walk.dentry = dget_parent(below);
	}
	path_put(&walk);
	dput(below);
	return perms ? perms : -ENOENT;
}

/* The rights current has on CHILD in START (see lookup), or -ENOENT. */
static int rights(const struct path *start, struct dentry *child)
{
	struct pledge_state *s = pledge_task(current)->state;
	struct unveil_set *set;
	int perms;

	if (!s || !rcu_access_pointer(s->unveil))
		return UNVEIL_ALL;
	set = unveil_get(s);
	if (!set)
		return UNVEIL_ALL;
	perms = lookup(set, start, child);
	unveil_put(set);
	return perms;
}

/* Whether current has unveiled anything: then only that is visible. */
static bool unveiling(void)
{
	struct pledge_state *s = pledge_task(current)->state;

	return s && rcu_access_pointer(s->unveil);
}

/*
 * 0 when current may use CHILD in START (see lookup) with every right
 * in NEED; -ENOENT when it cannot see it, -EACCES when it lacks a
 * right. Without unveil() calls, everything is visible.
 */
int unveil_check(const struct path *start, struct dentry *child, u8 need)
{
	int perms = rights(start, child);

	if (perms < 0)
		return perms;
	return (perms & need) == need ? 0 : -EACCES;
}

static int parse_perms(const char *p, u8 *perms)
{
	*perms = 0;
	for (; *p; p++) {
		switch (*p) {
		case 'r':
			*perms |= UNVEIL_R;
			break;
		case 'w':
			*perms |= UNVEIL_W;
			break;
		case 'x':
			*perms |= UNVEIL_X;
			break;
		case 'c':
			*perms |= UNVEIL_C;
			break;
		default:
			return -EINVAL;
		}
	}
	/* "" (no right) hides the path: not even visible. */
	return 0;
}

/*
 * What NAME denotes, as an entry: a folder as itself; a file, or a
 * path that does not exist, as its last component in its folder.
 */
static int resolve(const char *name, struct unveil_entry *e)
{
	struct path p;
	const char *slash;
	char *dir;
	int err;

	err = kern_path(name, LOOKUP_FOLLOW, &p);
	if (!err && d_is_dir(p.dentry)) {
		e->dir = p;
		e->name = NULL;
		return 0;
	}
	if (!err) {
		e->dir.mnt = mntget(p.mnt);
		e->dir.dentry = dget_parent(p.dentry);
		e->name = kstrdup(p.dentry->d_name.name, GFP_KERNEL);
		path_put(&p);
		return e->name ? 0 : -ENOMEM;
	}
	if (err != -ENOENT)
		return err;
	/* Not there (yet): its folder must be. */
	slash = strrchr(name, '/');
	if (slash && !slash[1])
		return -ENOENT;
	dir = slash ? kstrndup(name, slash == name ? 1 : slash - name,
			       GFP_KERNEL) :
		      kstrdup(".", GFP_KERNEL);
	if (!dir)
		return -ENOMEM;
	err = kern_path(dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &e->dir);
	kfree(dir);
	if (err)
		return err;
	e->name = kstrdup(slash ? slash + 1 : name, GFP_KERNEL);
	if (!e->name) {
		path_put(&e->dir);
		return -ENOMEM;
	}
	return 0;
}

static bool same_entry(const struct unveil_entry *a,
		       const struct unveil_entry *b)
{
	if (!path_equal(&a->dir, &b->dir) || !a->name != !b->name)
		return false;
	return !a->name || !strcmp(a->name, b->name);
}

/* OLD plus E (or E's rights changed), as a new set. */
static struct unveil_set *with_entry(const struct unveil_set *old,
				     struct unveil_entry *e, int *err)
{
	int n = old ? old->count : 0, i, at = n;
	struct unveil_set *set;

	for (i = 0; i < n; i++)
		if (same_entry(&old->entry[i], e))
			at = i;
	if (at < n && (e->perms & ~old->entry[at].perms)) {
		*err = -EPERM;	/* rights only shrink */
		return NULL;
	}
	if (at == n && n == UNVEIL_MAX) {
		*err = -E2BIG;
		return NULL;
	}
	set = kzalloc(struct_size(set, entry, n + 1), GFP_KERNEL);
	if (!set) {
		*err = -ENOMEM;
		return NULL;
	}
	refcount_set(&set->ref, 1);
	for (i = 0; i < n; i++) {
		set->entry[i] = old->entry[i];
		path_get(&set->entry[i].dir);
		set->entry[i].name = kstrdup(old->entry[i].name, GFP_KERNEL);
		set->count = i + 1;
		if (old->entry[i].name && !set->entry[i].name) {
			unveil_put(set);
			*err = -ENOMEM;
			return NULL;
		}
	}
	if (at < n) {
		set->entry[at].perms = e->perms;
		path_put(&e->dir);
		kfree(e->name);
	} else {
		set->entry[n] = *e;
		set->count = n + 1;
	}
	return set;
}

int do_unveil(const char __user *upath, const char __user *uperms)
{
	struct pledge_state *s = pledge_task(current)->state;
	struct unveil_set *old, *set;
	struct unveil_entry e;
	char *path, *perms;
	int err;

	if (!upath && !uperms) {
		unveil_lock(s);
		return 0;
	}
	if (!upath || !uperms)
		return -EINVAL;
	if (READ_ONCE(s->unveil_locked))
		return -EPERM;
	err = pledge_check(PROMISE(UNVEIL), "unveil");
	if (err)
		return err;
	perms = strndup_user(uperms, 8);
	if (IS_ERR(perms))
		return PTR_ERR(perms);
	err = parse_perms(perms, &e.perms);
	kfree(perms);
	if (err)
		return err;
	path = strndup_user(upath, PATH_MAX);
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = resolve(path, &e);
	kfree(path);
	if (err)
		return err;
	/* One writer at a time: the copy must see the set it replaces. */
	mutex_lock(&s->unveil_mutex);
	old = rcu_dereference_protected(s->unveil,
					lockdep_is_held(&s->unveil_mutex));
	if (READ_ONCE(s->unveil_locked)) {
		err = -EPERM;
		set = NULL;
	} else {
		set = with_entry(old, &e, &err);
	}
	if (set)
		rcu_assign_pointer(s->unveil, set);
	mutex_unlock(&s->unveil_mutex);
	if (!set) {
		path_put(&e.dir);
		kfree(e.name);
		return err;
	}
	unveil_put(old);
	return 0;
}

/* No more unveil() calls: unveil(NULL, NULL), or pledge without it. */
void unveil_lock(struct pledge_state *s)
{
	mutex_lock(&s->unveil_mutex);
	s->unveil_locked = true;
	mutex_unlock(&s->unveil_mutex);
}

/* Drop the whole set (exec without execpromises). */
void unveil_clear(struct pledge_state *s)
{
	struct unveil_set *old;

	mutex_lock(&s->unveil_mutex);
	old = rcu_dereference_protected(s->unveil,
					lockdep_is_held(&s->unveil_mutex));
	RCU_INIT_POINTER(s->unveil, NULL);
	s->unveil_locked = false;
	mutex_unlock(&s->unveil_mutex);
	unveil_put(old);
}

/* The set as "RIGHTS PATH" lines, for /proc/PID/attr/pledge/unveil. */
int unveil_format(struct pledge_state *s, char **out)
{
	struct unveil_set *set = s ? unveil_get(s) : NULL;
	size_t len = 0, cap = PAGE_SIZE;
	char *buf, *tmp;
	int i;

	buf = kzalloc(cap, GFP_KERNEL);
	tmp = __getname();
	if (!buf || !tmp) {
		kfree(buf);
		if (tmp)
			__putname(tmp);
		unveil_put(set);
		return -ENOMEM;
	}
	for (i = 0; set && i < set->count; i++) {
		const struct unveil_entry *e = &set->entry[i];
		char *p = d_path(&e->dir, tmp, PATH_MAX);
		u8 r = e->perms;

		if (IS_ERR(p))
			continue;
		len += scnprintf(buf + len, cap - len, "%s%s%s%s%s %s%s%s\n",
				 r & UNVEIL_R ? "r" : "", r & UNVEIL_W ? "w" : "",
				 r & UNVEIL_X ? "x" : "", r & UNVEIL_C ? "c" : "",
				 r ? "" : "-", p,
				 e->name && strcmp(p, "/") ? "/" : "",
				 e->name ? e->name : "");
	}
	__putname(tmp);
	unveil_put(set);
	*out = buf;
	return len;
}

int unveil_file_open(struct file *file)
{
	u8 need = 0;

	if (file->f_flags & __FMODE_EXEC)
		need = UNVEIL_X;
	if (file->f_mode & FMODE_READ && !need)
		need |= UNVEIL_R;
	if (file->f_mode & FMODE_WRITE)
		need |= UNVEIL_W;
	return unveil_check(&file->f_path, NULL, need);
}

/*
 * readlink: only a symlink is checked, so that a folder above an
 * unveiled path still answers EINVAL, as realpath(3) walking it needs.
 */
static int unveil_path_readlink(const struct path *path)
{
	return unveil_check(path, NULL, 0);
}

/* access(2): as open with the same rights; F_OK asks for visibility. */
static int unveil_path_access(const struct path *path, int mask)
{
	u8 need = 0;

	if (mask & MAY_READ)
		need |= UNVEIL_R;
	if (mask & MAY_WRITE)
		need |= UNVEIL_W;
	if (mask & MAY_EXEC)
		need |= UNVEIL_X;
	return unveil_check(path, NULL, need);
}

static int unveil_path_getxattr(const struct path *path)
{
	return unveil_check(path, NULL, UNVEIL_R);
}

static int unveil_path_setxattr(const struct path *path)
{
	return unveil_check(path, NULL, UNVEIL_W);
}

static int unveil_path_mknod(const struct path *dir, struct dentry *dentry,
			     umode_t mode, unsigned int dev)
{
	return unveil_check(dir, dentry, UNVEIL_C);
}

static int unveil_path_mkdir(const struct path *dir, struct dentry *dentry,
			     umode_t mode)
{
	return unveil_check(dir, dentry, UNVEIL_C);
}

static int unveil_path_rmdir(const struct path *dir, struct dentry *dentry)
{
	return unveil_check(dir, dentry, UNVEIL_C);
}

static int unveil_path_unlink(const struct path *dir, struct dentry *dentry)
{
	return unveil_check(dir, dentry, UNVEIL_C);
}

static int unveil_path_symlink(const struct path *dir, struct dentry *dentry,
			       const char *old_name)
{
	return unveil_check(dir, dentry, UNVEIL_C);
}

/*
 * A name made for an object in another place must not give it rights
 * it lacks where it is (a file only readable, linked into a writable
 * folder): EXDEV, as Landlock, so that mv(1) falls back to a copy.
 */
static int moved(const struct path *from_dir, struct dentry *from,
		 const struct path *to_dir, struct dentry *to, bool remove)
{
	int have = rights(from_dir, from), get;

	if (have < 0)
		return have;
	if (remove && !(have & UNVEIL_C))
		return -EACCES;
	get = rights(to_dir, to);
	if (get < 0)
		return get;
	if (!(get & UNVEIL_C))
		return -EACCES;
	return get & ~have ? -EXDEV : 0;
}

static int unveil_path_link(struct dentry *old_dentry,
			    const struct path *new_dir,
			    struct dentry *new_dentry)
{
	struct path old = { .mnt = new_dir->mnt, .dentry = old_dentry };

	return moved(&old, NULL, new_dir, new_dentry, false);
}

static int unveil_path_rename(const struct path *old_dir,
			      struct dentry *old_dentry,
			      const struct path *new_dir,
			      struct dentry *new_dentry, unsigned int flags)
{
	int err = moved(old_dir, old_dentry, new_dir, new_dentry, true);

	if (!err && (flags & RENAME_EXCHANGE))
		err = moved(new_dir, new_dentry, old_dir, old_dentry, true);
	return err;
}

static int unveil_path_truncate(const struct path *path)
{
	return unveil_check(path, NULL, UNVEIL_W);
}

/*
 * ftruncate(2), and open(2) with O_TRUNC: a descriptor opened for
 * writing had w checked at its open, or was opened before unveil(),
 * and keeps working for writing, truncation included, wherever its
 * file is. A file opened O_RDONLY | O_TRUNC had only r checked: it
 * needs w, as truncate(2) by name.
 */
static int unveil_file_truncate(struct file *file)
{
	if (file->f_mode & FMODE_WRITE)
		return 0;
	return unveil_check(&file->f_path, NULL, UNVEIL_W);
}

static int unveil_path_chmod(const struct path *path, umode_t mode)
{
	return unveil_check(path, NULL, UNVEIL_W);
}

static int unveil_path_chown(const struct path *path, kuid_t uid, kgid_t gid)
{
	return unveil_check(path, NULL, UNVEIL_W);
}

static int unveil_path_utimes(const struct path *path)
{
	return unveil_check(path, NULL, UNVEIL_W);
}

/*
 * stat by name (path_o_path, from vfs_statx: not fstat, so that a
 * descriptor opened before unveil() still answers), chdir, fchdir,
 * O_PATH opens and name_to_handle_at(2) look: a hidden path is
 * ENOENT, whatever the rights of a visible one.
 */
static int unveil_path_chdir(const struct path *path)
{
	return unveil_check(path, NULL, 0);
}

static int unveil_path_o_path(const struct path *path)
{
	return unveil_check(path, NULL, 0);
}

/*
 * connect(2) and sendto(2) to a Unix socket need w on its file, as on
 * OpenBSD. The abstract namespace has no path to unveil: once anything
 * is unveiled, none of it is reachable.
 */
static int unveil_path_unix_connect(const struct path *path)
{
	if (!path)
		return unveiling() ? -EACCES : 0;
	return unveil_check(path, NULL, UNVEIL_W);
}

/* A watch reads what happens to the path: r, and hidden is ENOENT. */
static int unveil_path_notify(const struct path *path, u64 mask,
			      unsigned int obj_type)
{
	return unveil_check(path, NULL, UNVEIL_R);
}

/* A mount could put any tree under an unveiled folder. */
static int unveil_no_mounts(void)
{
	return unveiling() ? -EPERM : 0;
}

static int unveil_sb_mount(const char *dev_name, const struct path *path,
			   const char *type, unsigned long flags, void *data)
{
	return unveil_no_mounts();
}

static int unveil_move_mount(const struct path *from_path,
			     const struct path *to_path)
{
	return unveil_no_mounts();
}

static int unveil_sb_pivotroot(const struct path *old_path,
			       const struct path *new_path)
{
	return unveil_no_mounts();
}

static struct security_hook_list unveil_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(path_readlink, unveil_path_readlink),
	LSM_HOOK_INIT(path_access, unveil_path_access),
	LSM_HOOK_INIT(path_getxattr, unveil_path_getxattr),
	LSM_HOOK_INIT(path_setxattr, unveil_path_setxattr),
	LSM_HOOK_INIT(path_mknod, unveil_path_mknod),
	LSM_HOOK_INIT(path_mkdir, unveil_path_mkdir),
	LSM_HOOK_INIT(path_rmdir, unveil_path_rmdir),
	LSM_HOOK_INIT(path_unlink, unveil_path_unlink),
	LSM_HOOK_INIT(path_symlink, unveil_path_symlink),
	LSM_HOOK_INIT(path_link, unveil_path_link),
	LSM_HOOK_INIT(path_rename, unveil_path_rename),
	LSM_HOOK_INIT(path_truncate, unveil_path_truncate),
	LSM_HOOK_INIT(file_truncate, unveil_file_truncate),
	LSM_HOOK_INIT(path_chmod, unveil_path_chmod),
	LSM_HOOK_INIT(path_chown, unveil_path_chown),
	LSM_HOOK_INIT(path_utimes, unveil_path_utimes),
	LSM_HOOK_INIT(path_chdir, unveil_path_chdir),
	LSM_HOOK_INIT(path_o_path, unveil_path_o_path),
	LSM_HOOK_INIT(path_unix_connect, unveil_path_unix_connect),
	LSM_HOOK_INIT(path_notify, unveil_path_notify),
	LSM_HOOK_INIT(sb_mount, unveil_sb_mount),
	LSM_HOOK_INIT(move_mount, unveil_move_mount),
	LSM_HOOK_INIT(sb_pivotroot, unveil_sb_pivotroot),
};

void __init unveil_add_hooks(void)
{
	security_add_hooks(unveil_hooks, ARRAY_SIZE(unveil_hooks), "pledge");
}

/*
 * /etc/fstab: the installed system's file systems. The kernel mounts
 * the root (root=PARTUUID=... rw); init applies fstab's options to it
 * and mounts the rest, and at the end unmounts them and leaves the root
 * read-only, so that a journal never has to be replayed after a clean
 * poweroff. Sources are /dev paths or PARTUUID=, which is what the
 * kernel's root= uses too; with no udev there is no /dev/disk/by-*, so
 * PARTUUID is looked up in the GPT of each disk (gpt.c).
 */
#define _GNU_SOURCE
#include "init.h"

#include <errno.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/swap.h>
#include <unistd.h>

static const struct {
	const char *name;
	unsigned long set, clear;
} mount_flags[] = {
	{"defaults", 0, 0},
	{"auto", 0, 0},
	{"nofail", 0, 0},
	{"rw", 0, MS_RDONLY},
	{"ro", MS_RDONLY, 0},
	{"suid", 0, MS_NOSUID},
	{"nosuid", MS_NOSUID, 0},
	{"dev", 0, MS_NODEV},
	{"nodev", MS_NODEV, 0},
	{"exec", 0, MS_NOEXEC},
	{"noexec", MS_NOEXEC, 0},
	{"async", 0, MS_SYNCHRONOUS},
	{"sync", MS_SYNCHRONOUS, 0},
	{"atime", 0, MS_NOATIME},
	{"noatime", MS_NOATIME, 0},
	{"nodiratime", MS_NODIRATIME, 0},
	{"relatime", MS_RELATIME, 0},
};

/* Split OPTS into mount(2) flags and the file system's own options. */
int fstab_options(const char *opts, unsigned long *flags, char *data,
		  size_t size, int *noauto)
{
	char buf[512], *save = NULL;
	size_t used = 0;

	*flags = 0;
	*noauto = 0;
	data[0] = '\0';
	if (snprintf(buf, sizeof(buf), "%s", opts) >= (int)sizeof(buf))
		return -1;
	for (char *o = strtok_r(buf, ",", &save); o;
	     o = strtok_r(NULL, ",", &save)) {
		size_t i, n = sizeof(mount_flags) / sizeof(mount_flags[0]);

		if (!strcmp(o, "noauto")) {
			*noauto = 1;
			continue;
		}
		for (i = 0; i < n && strcmp(o, mount_flags[i].name) != 0; i++)
			;
		if (i < n) {
			*flags = (*flags & ~mount_flags[i].clear) |
				 mount_flags[i].set;
			continue;
		}
		if (used + strlen(o) + 2 > size)
			return -1;
		used += (size_t)snprintf(data + used, size - used, "%s%s",
					 used ? "," : "", o);
	}
	return 0;
}

/* The device an fstab source names, in DEV (size bytes): -1 said. */
static int resolve(const char *src, char *dev, size_t size, int line)
{
	if (!strncmp(src, "PARTUUID=", 9)) {
		if (gpt_find_partuuid("/sys", "/dev", src + 9, dev, size) == 0)
			return 0;
		say("fstab line %d: no partition has %s", line, src);
		return -1;
	}
	if (src[0] == '/') {
		snprintf(dev, size, "%s", src);
		return 0;
	}
	say("fstab line %d: %s: name a device as PARTUUID= or a /dev path",
	    line, src);
	return -1;
}

void fstab_mount(void)
{
	FILE *f = setmntent("/etc/fstab", "re");
	struct mntent *m;
	int line = 0;

	if (!f)
		return; /* a live system has none */
	while ((m = getmntent(f))) {
		char dev[256], data[512];
		unsigned long flags;
		int noauto;

		line++;
		if (fstab_options(m->mnt_opts, &flags, data, sizeof(data),
				  &noauto) < 0) {
			say("fstab line %d: options too long", line);
			continue;
		}
		if (noauto)
			continue;
		if (!strcmp(m->mnt_dir, "/")) {
			if (m->mnt_passno > 0 &&
			    resolve(m->mnt_fsname, dev, sizeof(dev), line) == 0)
				fsck_root(dev, m->mnt_type);
			if (mount(NULL, "/", NULL, MS_REMOUNT | flags,
				  data[0] ? data : NULL) < 0)
				say("fstab line %d: cannot remount /: %s", line,
				    strerror(errno));
			continue;
		}
		if (resolve(m->mnt_fsname, dev, sizeof(dev), line) < 0)
			continue;
		if (!strcmp(m->mnt_type, "swap")) {
			if (swapon(dev, 0) < 0)
				say("fstab line %d: cannot swap on %s: %s",
				    line, dev, strerror(errno));
			continue;
		}
		if (mount(dev, m->mnt_dir, m->mnt_type, flags,
			  data[0] ? data : NULL) < 0)
			say("fstab line %d: cannot mount %s on %s: %s", line,
			    dev, m->mnt_dir, strerror(errno));
	}
	endmntent(f);
}

void fstab_unmount(void)
{
	FILE *f = setmntent("/etc/fstab", "re");
	char dirs[32][256];
	struct mntent *m;
	int n = 0;

	if (f) {
		while ((m = getmntent(f)) && n < 32) {
			if (!strcmp(m->mnt_type, "swap"))
				continue;
			if (strcmp(m->mnt_dir, "/") != 0)
				snprintf(dirs[n++], sizeof(dirs[0]), "%s",
					 m->mnt_dir);
		}
		endmntent(f);
	}
	/* Last mounted, first unmounted: /boot before /, say. */
	while (n-- > 0)
		if (umount2(dirs[n], 0) < 0 && errno != EINVAL &&
		    errno != ENOENT)
			say("cannot unmount %s: %s", dirs[n], strerror(errno));
	sync();
	if (f && mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL) < 0 &&
	    errno != EROFS)
		say("cannot make / read-only: %s", strerror(errno));
}

/*
 * Enumerating devices by subsystem and name: /sys/class/SUBSYSTEM and
 * /sys/bus/SUBSYSTEM/devices hold a link to every device of one.
 */
#include "udev_int.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct udev_enumerate {
	int refs;
	struct udev *udev;
	struct udev_list_entry *subsystems, *sysnames, *found;
};

struct udev_enumerate *udev_enumerate_new(struct udev *udev)
{
	struct udev_enumerate *en = calloc(1, sizeof(*en));

	if (en) {
		en->refs = 1;
		en->udev = udev_ref(udev);
	}
	return en;
}

struct udev_enumerate *udev_enumerate_ref(struct udev_enumerate *en)
{
	if (en)
		en->refs++;
	return en;
}

struct udev_enumerate *udev_enumerate_unref(struct udev_enumerate *en)
{
	if (!en || --en->refs > 0)
		return NULL;
	udev_list_free(en->subsystems);
	udev_list_free(en->sysnames);
	udev_list_free(en->found);
	udev_unref(en->udev);
	free(en);
	return NULL;
}

int udev_enumerate_add_match_subsystem(struct udev_enumerate *en,
				       const char *subsystem)
{
	if (!subsystem || strchr(subsystem, '/'))
		return -EINVAL;
	return udev_list_add(&en->subsystems, subsystem, NULL) < 0 ? -ENOMEM : 0;
}

int udev_enumerate_add_match_sysname(struct udev_enumerate *en,
				     const char *sysname)
{
	if (!sysname)
		return -EINVAL;
	return udev_list_add(&en->sysnames, sysname, NULL) < 0 ? -ENOMEM : 0;
}

static int name_matches(struct udev_enumerate *en, const char *name)
{
	struct udev_list_entry *e;

	if (!en->sysnames)
		return 1;
	for (e = en->sysnames; e; e = e->next)
		if (fnmatch(e->name, name, 0) == 0)
			return 1;
	return 0;
}

static int scan_folder(struct udev_enumerate *en, const char *dir)
{
	char link[PATH_MAX], real[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return 0;	/* no such class or bus: nothing of it */
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !name_matches(en, de->d_name))
			continue;
		snprintf(link, sizeof(link), "%s/%s", dir, de->d_name);
		if (!realpath(link, real) || udev_list_find(en->found, real))
			continue;
		if (udev_list_add(&en->found, real, NULL) < 0) {
			closedir(d);
			return -ENOMEM;
		}
	}
	closedir(d);
	return 0;
}

int udev_enumerate_scan_devices(struct udev_enumerate *en)
{
	char dir[PATH_MAX];
	int rc;

	udev_list_free(en->found);
	en->found = NULL;
	for (struct udev_list_entry *s = en->subsystems; s; s = s->next) {
		snprintf(dir, sizeof(dir), "%s/class/%s",
			 capd_udev_sysfs_root, s->name);
		if ((rc = scan_folder(en, dir)) < 0)
			return rc;
		snprintf(dir, sizeof(dir), "%s/bus/%s/devices",
			 capd_udev_sysfs_root, s->name);
		if ((rc = scan_folder(en, dir)) < 0)
			return rc;
	}
	udev_list_sort(&en->found);
	return 0;
}

struct udev_list_entry *udev_enumerate_get_list_entry(struct udev_enumerate *en)
{
	return en->found;
}

/* libudev's internals, shared by its files. */
#ifndef CAPD_UDEV_INT_H
#define CAPD_UDEV_INT_H

#include <libudev.h>

/* Where sysfs is: "/sys", or a fixture folder in the tests. */
extern const char *capd_udev_sysfs_root;

struct udev_list_entry {
	struct udev_list_entry *next;
	char *name;
	char *value;	/* may be NULL */
};

struct udev {
	int refs;
};

/* Append NAME (and VALUE) at the end of *LIST; -1 on no memory. */
int udev_list_add(struct udev_list_entry **list, const char *name,
		  const char *value);
/* Replace NAME's value, or append it. */
int udev_list_set(struct udev_list_entry **list, const char *name,
		  const char *value);
struct udev_list_entry *udev_list_find(struct udev_list_entry *list,
				       const char *name);
void udev_list_free(struct udev_list_entry *list);
/* Sort by name (enumerations come out in a stable order). */
void udev_list_sort(struct udev_list_entry **list);

/*
 * Parse "KEY=VALUE" records separated by SEP ('\n' for a sysfs uevent
 * file, '\0' for a netlink message) into *LIST. Records without '=' are
 * skipped. -1 on no memory.
 */
int udev_parse_records(const char *buf, size_t len, char sep,
		       struct udev_list_entry **list);

/* A device from its real sysfs path and its properties (taken over). */
struct udev_device *udev_device_new(struct udev *udev, const char *syspath,
				    struct udev_list_entry *props);

/*
 * A kernel uevent message: "ACTION@DEVPATH", then KEY=VALUE records,
 * NUL-separated. NULL for anything else (or a DEVPATH leaving sysfs).
 */
struct udev_device *udev_event_parse(struct udev *udev, const char *buf,
				     size_t len);

#endif

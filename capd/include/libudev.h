/*
 * The part of libudev's interface that wlroots' session uses, served
 * straight from sysfs and the kernel's uevents: Nexus runs no udev
 * daemon (devtmpfs makes the device nodes), so there is no udev
 * database and a monitor hears the kernel itself. See libudev(3).
 */
#ifndef LIBUDEV_H
#define LIBUDEV_H

#include <sys/types.h>

struct udev;
struct udev_list_entry;
struct udev_device;
struct udev_monitor;
struct udev_enumerate;

struct udev *udev_new(void);
struct udev *udev_ref(struct udev *udev);
struct udev *udev_unref(struct udev *udev);

struct udev_list_entry *udev_list_entry_get_next(struct udev_list_entry *e);
const char *udev_list_entry_get_name(struct udev_list_entry *e);
const char *udev_list_entry_get_value(struct udev_list_entry *e);
#define udev_list_entry_foreach(entry, first) \
	for (entry = first; entry; entry = udev_list_entry_get_next(entry))

struct udev_device *udev_device_new_from_syspath(struct udev *udev,
						 const char *syspath);
struct udev_device *udev_device_ref(struct udev_device *dev);
struct udev_device *udev_device_unref(struct udev_device *dev);
struct udev *udev_device_get_udev(struct udev_device *dev);
const char *udev_device_get_syspath(struct udev_device *dev);
const char *udev_device_get_sysname(struct udev_device *dev);
const char *udev_device_get_sysnum(struct udev_device *dev);
const char *udev_device_get_devpath(struct udev_device *dev);
const char *udev_device_get_subsystem(struct udev_device *dev);
const char *udev_device_get_devtype(struct udev_device *dev);
const char *udev_device_get_devnode(struct udev_device *dev);
dev_t udev_device_get_devnum(struct udev_device *dev);
const char *udev_device_get_action(struct udev_device *dev);
const char *udev_device_get_property_value(struct udev_device *dev,
					   const char *key);
struct udev_list_entry *udev_device_get_properties_list_entry(
	struct udev_device *dev);
const char *udev_device_get_sysattr_value(struct udev_device *dev,
					  const char *sysattr);
struct udev_device *udev_device_get_parent(struct udev_device *dev);
struct udev_device *udev_device_get_parent_with_subsystem_devtype(
	struct udev_device *dev, const char *subsystem, const char *devtype);

struct udev_enumerate *udev_enumerate_new(struct udev *udev);
struct udev_enumerate *udev_enumerate_ref(struct udev_enumerate *en);
struct udev_enumerate *udev_enumerate_unref(struct udev_enumerate *en);
int udev_enumerate_add_match_subsystem(struct udev_enumerate *en,
				       const char *subsystem);
int udev_enumerate_add_match_sysname(struct udev_enumerate *en,
				     const char *sysname);
int udev_enumerate_scan_devices(struct udev_enumerate *en);
struct udev_list_entry *udev_enumerate_get_list_entry(struct udev_enumerate *en);

struct udev_monitor *udev_monitor_new_from_netlink(struct udev *udev,
						   const char *name);
struct udev_monitor *udev_monitor_ref(struct udev_monitor *mon);
struct udev_monitor *udev_monitor_unref(struct udev_monitor *mon);
int udev_monitor_filter_add_match_subsystem_devtype(struct udev_monitor *mon,
						    const char *subsystem,
						    const char *devtype);
int udev_monitor_enable_receiving(struct udev_monitor *mon);
int udev_monitor_get_fd(struct udev_monitor *mon);
struct udev_device *udev_monitor_receive_device(struct udev_monitor *mon);

#endif

/* libudev from sysfs, against a fixture tree in a temporary folder (TAP). */
#include "../seat/udev_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

static int failed, n;
static char root[64];

static void ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++n, what);
	failed |= !cond;
}

static int same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static void put(const char *rel, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(1);
	}
}

static void run(const char *cmd)
{
	char line[1024];

	snprintf(line, sizeof(line), "cd %s && %s", root, cmd);
	if (system(line) != 0) {
		fprintf(stderr, "fixture: %s failed\n", cmd);
		exit(1);
	}
}

#define PCI "devices/pci0000:00/0000:00:02.0"

static void fixture(void)
{
	run("mkdir -p " PCI "/drm/card0 " PCI "/drm/renderD128 class/drm "
	    "bus/pci/devices devices/virtual/input/input3/event3 class/input");
	put(PCI "/uevent", "DRIVER=virtio-pci\nPCI_CLASS=30000\n");
	put(PCI "/boot_vga", "1\n");
	put(PCI "/drm/card0/uevent", "MAJOR=226\nMINOR=0\nDEVNAME=dri/card0\n"
	    "DEVTYPE=drm_minor\n");
	put(PCI "/drm/renderD128/uevent", "MAJOR=226\nMINOR=128\n"
	    "DEVNAME=dri/renderD128\nDEVTYPE=drm_minor\n");
	put("devices/virtual/input/input3/uevent", "NAME=\"QEMU tablet\"\n");
	put("devices/virtual/input/input3/event3/uevent",
	    "MAJOR=13\nMINOR=67\nDEVNAME=input/event3\n");
	run("ln -s ../../../../../class/drm " PCI "/drm/card0/subsystem && "
	    "ln -s ../../../../../class/drm " PCI "/drm/renderD128/subsystem && "
	    "ln -s ../../../bus/pci " PCI "/subsystem && "
	    "ln -s ../../../../../class/input devices/virtual/input/input3/event3/subsystem && "
	    "ln -s ../../" PCI "/drm/card0 class/drm/card0 && "
	    "ln -s ../../" PCI "/drm/renderD128 class/drm/renderD128 && "
	    "ln -s ../../../" PCI " bus/pci/devices/0000:00:02.0 && "
	    "ln -s ../../devices/virtual/input/input3/event3 class/input/event3");
}

static void enumerate(struct udev *u)
{
	struct udev_enumerate *en = udev_enumerate_new(u);
	struct udev_list_entry *e;
	struct udev_device *d, *pci;
	char want[256];
	int count = 0;

	udev_enumerate_add_match_subsystem(en, "drm");
	udev_enumerate_add_match_sysname(en, "card[0-9]*");
	ok(udev_enumerate_scan_devices(en) == 0, "enumerate drm cards");
	udev_list_entry_foreach(e, udev_enumerate_get_list_entry(en))
		count++;
	ok(count == 1, "the name pattern leaves one card (not renderD128)");
	e = udev_enumerate_get_list_entry(en);
	snprintf(want, sizeof(want), "%s/" PCI "/drm/card0", root);
	ok(same(udev_list_entry_get_name(e), want), "listed by its real sysfs path");
	d = udev_device_new_from_syspath(u, udev_list_entry_get_name(e));
	ok(d != NULL, "a device from its syspath");
	ok(same(udev_device_get_devnode(d), "/dev/dri/card0"), "devnode from DEVNAME");
	ok(udev_device_get_devnum(d) == makedev(226, 0), "devnum from MAJOR/MINOR");
	ok(same(udev_device_get_subsystem(d), "drm"), "subsystem from its link");
	ok(same(udev_device_get_sysname(d), "card0") &&
	   same(udev_device_get_sysnum(d), "0"), "sysname and sysnum");
	ok(same(udev_device_get_property_value(d, "DEVTYPE"), "drm_minor"),
	   "a property of the uevent file");
	ok(udev_device_get_property_value(d, "ID_SEAT") == NULL,
	   "no udev database: no ID_SEAT (seat0 is the default)");
	pci = udev_device_get_parent_with_subsystem_devtype(d, "pci", NULL);
	ok(pci && same(udev_device_get_sysname(pci), "0000:00:02.0"),
	   "the pci parent, past a folder that is no device");
	ok(pci && same(udev_device_get_sysattr_value(pci, "boot_vga"), "1"),
	   "an attribute, without its newline");
	ok(pci && udev_device_get_sysattr_value(pci, "../uevent") == NULL,
	   "an attribute name leaving the folder is refused");
	ok(udev_device_get_parent_with_subsystem_devtype(d, "usb", NULL) == NULL,
	   "no such parent");
	udev_device_unref(d);
	udev_enumerate_unref(en);
	snprintf(want, sizeof(want), "%s/class/drm", root);
	ok(udev_device_new_from_syspath(u, want) == NULL,
	   "a folder outside devices/ is no device");
}

static void events(struct udev *u)
{
	static const char msg[] = "add@/devices/virtual/input/input3/event3\0"
		"ACTION=add\0DEVPATH=/devices/virtual/input/input3/event3\0"
		"SUBSYSTEM=input\0MAJOR=13\0MINOR=67\0DEVNAME=input/event3\0SEQNUM=9";
	static const char escape[] = "add@/x\0ACTION=add\0DEVPATH=/../etc\0"
		"SUBSYSTEM=input";
	static const char udevd[] = "libudev\0\xfe\xed\xca\xfe";
	struct udev_device *d = udev_event_parse(u, msg, sizeof(msg) - 1);

	ok(d && same(udev_device_get_action(d), "add"), "an event's action");
	ok(d && same(udev_device_get_devnode(d), "/dev/input/event3") &&
	   udev_device_get_devnum(d) == makedev(13, 67), "its node and number");
	ok(d && same(udev_device_get_subsystem(d), "input"), "its subsystem");
	ok(d && same(udev_device_get_property_value(d, "SEQNUM"), "9"),
	   "the last record, unterminated");
	udev_device_unref(d);
	ok(udev_event_parse(u, escape, sizeof(escape) - 1) == NULL,
	   "a DEVPATH with .. is refused");
	ok(udev_event_parse(u, udevd, sizeof(udevd) - 1) == NULL,
	   "a udevd-format message is not a kernel event");
}

int main(void)
{
	struct udev *u = udev_new();
	char cmd[128];

	snprintf(root, sizeof(root), "/tmp/udev-test.XXXXXX");
	if (!mkdtemp(root))
		return 1;
	capd_udev_sysfs_root = root;
	fixture();
	enumerate(u);
	events(u);
	udev_unref(u);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
	if (system(cmd) != 0)
		failed = 1;
	printf("1..%d\n", n);
	return failed;
}

/*
 * What an input device is, from the capability bitmaps the kernel
 * shows in sysfs (/sys/class/input/eventN/device/capabilities/): read
 * before the device is opened, so that nothing we will not use is.
 */
#ifndef SURFACE_EVDEV_CAPS_H
#define SURFACE_EVDEV_CAPS_H

#include <linux/input.h>
#include <stddef.h>

#define EVDEV_LONG_BITS (8 * sizeof(unsigned long))
#define EVDEV_LONGS(n) (((n) + EVDEV_LONG_BITS - 1) / EVDEV_LONG_BITS)

struct evdev_caps {
	unsigned long ev[EVDEV_LONGS(EV_CNT)];
	unsigned long key[EVDEV_LONGS(KEY_CNT)];
	unsigned long rel[EVDEV_LONGS(REL_CNT)];
	unsigned long abs[EVDEV_LONGS(ABS_CNT)];
};

enum evdev_kind {
	EVDEV_KEYBOARD = 1 << 0,
	EVDEV_POINTER = 1 << 1,		/* relative: a mouse */
	EVDEV_TABLET = 1 << 2,		/* absolute: usb-tablet, virtio */
};

/*
 * Parse sysfs's bitmap text ("120013", or "1 0 ffff" with the most
 * significant word first) into BITS of N longs. -1 if it is not one.
 */
int evdev_caps_parse(const char *text, unsigned long *bits, size_t n);

int evdev_caps_has(const unsigned long *bits, unsigned int bit);

/* The EVDEV_* kinds the device is, 0 for one we do not drive. */
unsigned int evdev_caps_kind(const struct evdev_caps *caps);

#endif

/* Device kinds from sysfs capability text; uevent messages. */
#include "evdev_caps.h"
#include "uevent.h"
#include "tap.h"

/* Fill CAPS from sysfs-style text, as the backend reads it. */
static int caps_from(struct evdev_caps *c, const char *ev, const char *key,
		     const char *rel, const char *abs)
{
	return evdev_caps_parse(ev, c->ev, EVDEV_LONGS(EV_CNT)) |
	       evdev_caps_parse(key, c->key, EVDEV_LONGS(KEY_CNT)) |
	       evdev_caps_parse(rel, c->rel, EVDEV_LONGS(REL_CNT)) |
	       evdev_caps_parse(abs, c->abs, EVDEV_LONGS(ABS_CNT));
}

static void test_parse(void)
{
	unsigned long bits[4];

	is_int(evdev_caps_parse("120013\n", bits, 4), 0, "one word");
	ok(bits[0] == 0x120013 && bits[1] == 0, "its value");
	is_int(evdev_caps_parse("1f 0 ff", bits, 4), 0, "three words");
	ok(bits[0] == 0xff && bits[1] == 0 && bits[2] == 0x1f,
	   "the last word is the least significant");
	is_int(evdev_caps_parse("1 0 0 0 0", bits, 4), -1,
	   "a bit beyond our array is refused");
	is_int(evdev_caps_parse("0 0 0 0 0 1", bits, 4), 0,
	   "leading zero words beyond it are fine");
	is_int(evdev_caps_parse("xyz", bits, 4), -1, "not hex");
	is_int(evdev_caps_parse("", bits, 4), -1, "empty");
}

static void test_kinds(void)
{
	struct evdev_caps c;

	/* QEMU's PS/2 keyboard (AT Translated Set 2), trimmed. */
	is_int(caps_from(&c, "120013", "402000000 3803078f800d001 "
		     "feffffdfffefffff fffffffffffffffe", "0", "0"),
	       0, "a keyboard's capabilities parse");
	is_int(evdev_caps_kind(&c), EVDEV_KEYBOARD, "a keyboard");
	/* A mouse: EV_KEY|EV_REL, BTN_LEFT..BTN_TASK, REL_X|Y|WHEEL. */
	caps_from(&c, "7", "ff0000 0 0 0 0", "143", "0");
	is_int(evdev_caps_kind(&c), EVDEV_POINTER, "a mouse");
	/* QEMU usb-tablet: EV_KEY|EV_REL|EV_ABS, buttons, wheel, ABS_X|Y. */
	caps_from(&c, "1f", "70000 0 0 0 0", "800", "3");
	is_int(evdev_caps_kind(&c), EVDEV_TABLET,
	       "a tablet: absolute, and its wheel does not make it a mouse");
	/* A touchpad: ABS_X|Y, BTN_TOUCH, BTN_TOOL_FINGER. */
	caps_from(&c, "b", "6420 10000 0 0 0 0", "0", "3");
	is_int(evdev_caps_kind(&c), 0, "a touchpad is not driven");
	/* A joystick: ABS_X|Y, BTN_TRIGGER (0x120) only. */
	caps_from(&c, "b", "1 0 0 0 0", "0", "3");
	is_int(evdev_caps_kind(&c), 0, "a joystick is not driven");
	/* The power button: one key. */
	caps_from(&c, "3", "10000000000000 0", "0", "0");
	is_int(evdev_caps_kind(&c), EVDEV_KEYBOARD,
	       "the power button is a (small) keyboard");
}

static void test_uevent(void)
{
	static const char add[] =
		"add@/devices/platform/i8042/serio0/input/input3/event3\0"
		"ACTION=add\0DEVPATH=/devices/platform/i8042/serio0/input/"
		"input3/event3\0SUBSYSTEM=input\0MAJOR=13\0MINOR=67\0"
		"DEVNAME=input/event3\0SEQNUM=1234";
	static const char remove[] =
		"remove@/devices/virtual/input/input9/event12\0ACTION=remove\0"
		"SUBSYSTEM=input\0DEVNAME=input/event12";
	static const char mouse[] =
		"add@/devices/x/input9/mouse0\0ACTION=add\0SUBSYSTEM=input\0"
		"DEVNAME=input/mouse0";
	static const char parent[] =
		"add@/devices/x/input9\0ACTION=add\0SUBSYSTEM=input\0"
		"NAME=\"QEMU\"";
	static const char block[] =
		"add@/devices/x/block/sda\0ACTION=add\0SUBSYSTEM=block\0"
		"DEVNAME=sda";
	static const char udev[] = "libudev\0\xfe\xed\xca\xfe";
	struct uevent u;

	is_int(uevent_parse(add, sizeof add, &u), 0, "an add of event3");
	ok(u.action == UEVENT_ADD, "action add");
	is_str(u.devnode, "/dev/input/event3", "its node");
	is_str(u.sysname, "event3", "its sysfs name");
	is_int(uevent_parse(remove, sizeof remove, &u), 0, "a remove");
	ok(u.action == UEVENT_REMOVE && strcmp(u.sysname, "event12") == 0,
	   "remove of event12");
	is_int(uevent_parse(mouse, sizeof mouse, &u), -1, "mouse0: not ours");
	is_int(uevent_parse(parent, sizeof parent, &u), -1,
	       "the inputN parent has no node");
	is_int(uevent_parse(block, sizeof block, &u), -1, "another subsystem");
	is_int(uevent_parse(udev, sizeof udev, &u), -1, "udev's messages");
	is_int(uevent_parse(add, sizeof add - 1, &u), -1,
	       "a message cut short");
}

int main(void)
{
	test_parse();
	test_kinds();
	test_uevent();
	return done_testing();
}

/* evdev event sequences in, backend events out. */
#include "evdev_decode.h"
#include "tap.h"

#define MAX_OUT 32

static struct evdev_out got[MAX_OUT];
static int n_got;

static void record(void *ctx, const struct evdev_out *out)
{
	(void)ctx;
	if (n_got < MAX_OUT)
		got[n_got] = *out;
	n_got++;
}

static int feed(struct evdev_decoder *d, int type, int code, int value)
{
	struct input_event ev = { .type = (unsigned short)type,
				  .code = (unsigned short)code,
				  .value = value };

	ev.input_event_sec = 12;
	ev.input_event_usec = 345678;
	return evdev_decode(d, &ev, record, NULL);
}

static int syn(struct evdev_decoder *d)
{
	return feed(d, EV_SYN, SYN_REPORT, 0);
}

static void test_keys(void)
{
	struct evdev_decoder d;

	evdev_decoder_init(&d, NULL, NULL);
	n_got = 0;
	feed(&d, EV_MSC, MSC_SCAN, 30);
	feed(&d, EV_KEY, KEY_A, 1);
	is_int(n_got, 0, "nothing before SYN_REPORT");
	syn(&d);
	is_int(n_got, 1, "a key press");
	ok(got[0].type == EVDEV_OUT_KEY && got[0].code == KEY_A &&
		   got[0].pressed,
	   "KEY_A down");
	is_int(got[0].time_msec, 12345, "time in ms from the event");
	feed(&d, EV_KEY, KEY_A, 2);
	syn(&d);
	is_int(n_got, 1, "autorepeat (value 2) is dropped: clients repeat");
	feed(&d, EV_KEY, KEY_A, 0);
	syn(&d);
	ok(n_got == 2 && got[1].type == EVDEV_OUT_KEY && !got[1].pressed,
	   "KEY_A up, and no pointer frame for keys");
	feed(&d, EV_KEY, KEY_B, 0);
	syn(&d);
	is_int(n_got, 2, "a release without a press is dropped");
	feed(&d, EV_KEY, KEY_LEFTSHIFT, 1);
	feed(&d, EV_KEY, KEY_B, 1);
	syn(&d);
	ok(n_got == 4 && got[2].code == KEY_LEFTSHIFT && got[3].code == KEY_B,
	   "keys of one frame in their order");
}

static void test_relative(void)
{
	struct evdev_decoder d;

	evdev_decoder_init(&d, NULL, NULL);
	n_got = 0;
	feed(&d, EV_REL, REL_X, 5);
	feed(&d, EV_REL, REL_Y, -3);
	feed(&d, EV_REL, REL_X, 2);
	syn(&d);
	ok(n_got == 2 && got[0].type == EVDEV_OUT_MOTION && got[0].dx == 7 &&
		   got[0].dy == -3,
	   "motion summed over the frame");
	ok(got[1].type == EVDEV_OUT_FRAME, "then a pointer frame");
	n_got = 0;
	feed(&d, EV_KEY, BTN_LEFT, 1);
	syn(&d);
	ok(n_got == 2 && got[0].type == EVDEV_OUT_BUTTON &&
		   got[0].code == BTN_LEFT && got[0].pressed &&
		   got[1].type == EVDEV_OUT_FRAME,
	   "BTN_LEFT is a button, with a frame");
	n_got = 0;
	feed(&d, EV_REL, REL_WHEEL, 1);
	feed(&d, EV_REL, REL_HWHEEL, -2);
	feed(&d, EV_REL, REL_WHEEL_HI_RES, 120);
	syn(&d);
	ok(n_got == 3 && got[0].type == EVDEV_OUT_AXIS && got[0].vertical &&
		   got[0].steps == -1,
	   "wheel up is a negative vertical axis");
	ok(got[1].type == EVDEV_OUT_AXIS && !got[1].vertical &&
		   got[1].steps == -2,
	   "hwheel left is a negative horizontal axis");
	ok(got[2].type == EVDEV_OUT_FRAME, "hi-res wheel ignored; one frame");
}

static void test_absolute(void)
{
	struct input_absinfo x = { .minimum = 0, .maximum = 32767 };
	struct input_absinfo y = { .minimum = 100, .maximum = 200,
				   .value = 150 };
	struct evdev_decoder d;

	evdev_decoder_init(&d, &x, &y);
	n_got = 0;
	feed(&d, EV_ABS, ABS_X, 32767);
	syn(&d);
	ok(n_got == 2 && got[0].type == EVDEV_OUT_MOTION_ABS &&
		   got[0].x == 1.0 && got[0].y == 0.5,
	   "ABS_X alone: x scaled by absinfo, y from its last value");
	n_got = 0;
	feed(&d, EV_ABS, ABS_Y, 100);
	feed(&d, EV_ABS, ABS_X, 0);
	syn(&d);
	ok(n_got == 2 && got[0].x == 0.0 && got[0].y == 0.0,
	   "both axes at their minimum");
	n_got = 0;
	feed(&d, EV_ABS, ABS_Y, 500);
	syn(&d);
	ok(n_got == 2 && got[0].y == 1.0, "beyond the maximum is clamped");

	evdev_decoder_init(&d, NULL, NULL);
	n_got = 0;
	feed(&d, EV_ABS, ABS_X, 5);
	syn(&d);
	is_int(n_got, 0, "no absinfo: ABS events are ignored");
	x.maximum = 0;
	evdev_decoder_init(&d, &x, &y);
	feed(&d, EV_ABS, ABS_X, 5);
	syn(&d);
	is_int(n_got, 0, "an empty range is ignored, not divided by");
}

static void test_dropped(void)
{
	unsigned char keys[(KEY_MAX + 8) / 8] = { 0 };
	struct input_absinfo x = { .maximum = 100 }, y = { .maximum = 100 };
	struct evdev_decoder d;

	evdev_decoder_init(&d, &x, &y);
	n_got = 0;
	feed(&d, EV_KEY, KEY_A, 1);
	feed(&d, EV_KEY, BTN_LEFT, 1);
	syn(&d);
	is_int(n_got, 3, "A and BTN_LEFT down, a frame");
	n_got = 0;
	feed(&d, EV_REL, REL_X, 3);
	is_int(feed(&d, EV_SYN, SYN_DROPPED, 0), 0, "SYN_DROPPED");
	feed(&d, EV_KEY, KEY_B, 1);
	feed(&d, EV_ABS, ABS_X, 50);
	is_int(syn(&d), 1, "the SYN_REPORT after it asks for a resync");
	is_int(n_got, 0, "the dropped frame emitted nothing");
	keys[BTN_LEFT / 8] |= 1 << (BTN_LEFT % 8);
	keys[KEY_C / 8] |= 1 << (KEY_C % 8);
	evdev_resync(&d, keys, 50, 0, 99, record, NULL);
	ok(n_got == 3 && got[0].type == EVDEV_OUT_KEY &&
		   got[0].code == KEY_A && !got[0].pressed,
	   "resync releases A, up in the kernel");
	ok(got[1].type == EVDEV_OUT_MOTION_ABS && got[1].x == 0.5,
	   "and moves to the axes' current values");
	ok(got[2].type == EVDEV_OUT_FRAME && got[2].time_msec == 99,
	   "then a frame; BTN_LEFT still down, C not pressed late");
	n_got = 0;
	feed(&d, EV_KEY, KEY_A, 1);
	syn(&d);
	ok(n_got == 1 && got[0].pressed, "decoding goes on after the resync");
}

int main(void)
{
	test_keys();
	test_relative();
	test_absolute();
	test_dropped();
	return done_testing();
}

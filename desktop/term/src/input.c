/*
 * Keyboard and pointer. The keymap is the compositor's, compiled by
 * xkbcommon; key repeat is ours (wl_keyboard only reports presses and
 * releases), timed by a timerfd at the rate the compositor gives.
 * The pointer selects (drag, double-click for a word), pastes the
 * primary selection with the middle button and scrolls with the wheel.
 */
#define _GNU_SOURCE
#include "app.h"
#include "keys.h"

#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/timerfd.h>
#include <unistd.h>

#define DOUBLE_CLICK_MS 400
#define WHEEL_LINES 3

static void keyboard_keymap(void *data, struct wl_keyboard *keyboard,
			    uint32_t format, int32_t fd, uint32_t size)
{
	struct app *app = data;
	struct xkb_keymap *keymap;
	char *text;

	(void)keyboard;
	if (format != WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1) {
		close(fd);
		return;
	}
	text = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (text == MAP_FAILED)
		return;
	keymap = xkb_keymap_new_from_buffer(app->xkb, text, strnlen(text, size),
					    XKB_KEYMAP_FORMAT_TEXT_V1,
					    XKB_KEYMAP_COMPILE_NO_FLAGS);
	munmap(text, size);
	if (!keymap) {
		fprintf(stderr, "nexus-term: the compositor's keymap does "
				"not compile\n");
		return;
	}
	xkb_state_unref(app->xkb_state);
	xkb_keymap_unref(app->keymap);
	app->keymap = keymap;
	app->xkb_state = xkb_state_new(keymap);
}

static void stop_repeat(struct app *app)
{
	struct itimerspec off = { 0 };

	app->repeat_key = 0;
	timerfd_settime(app->repeat_fd, 0, &off, NULL);
}

static void keyboard_enter(void *data, struct wl_keyboard *keyboard,
			   uint32_t serial, struct wl_surface *surface,
			   struct wl_array *keys)
{
	struct app *app = data;

	(void)keyboard, (void)surface, (void)keys;
	app->serial = serial;
	app->focused = 1;
	window_damage(app, app->term.cursor_row + app->term.scrollback.view,
		      app->term.cursor_row + app->term.scrollback.view + 1,
		      app->term.cursor_col, app->term.cursor_col + 1);
	window_redraw(app);
}

static void keyboard_leave(void *data, struct wl_keyboard *keyboard,
			   uint32_t serial, struct wl_surface *surface)
{
	struct app *app = data;

	(void)keyboard, (void)serial, (void)surface;
	app->focused = 0;
	stop_repeat(app);
	window_damage(app, app->term.cursor_row + app->term.scrollback.view,
		      app->term.cursor_row + app->term.scrollback.view + 1,
		      app->term.cursor_col, app->term.cursor_col + 1);
	window_redraw(app);
}

static VTermModifier current_mods(struct app *app)
{
	VTermModifier mods = VTERM_MOD_NONE;
	struct {
		const char *name;
		VTermModifier mod;
	} map[] = {
		{ XKB_MOD_NAME_SHIFT, VTERM_MOD_SHIFT },
		{ XKB_MOD_NAME_CTRL, VTERM_MOD_CTRL },
		{ XKB_MOD_NAME_ALT, VTERM_MOD_ALT },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (xkb_state_mod_name_is_active(app->xkb_state, map[i].name,
						 XKB_STATE_MODS_EFFECTIVE) > 0)
			mods |= map[i].mod;
	return mods;
}

/* One press (or repeat) of the key with xkb code CODE. */
static void press(struct app *app, uint32_t code)
{
	xkb_keysym_t keysym = xkb_state_key_get_one_sym(app->xkb_state, code);
	uint32_t utf32 = xkb_state_key_get_utf32(app->xkb_state, code);
	struct key_result r = keys_translate(keysym, utf32, current_mods(app));
	int page = app->term.rows > 1 ? app->term.rows - 1 : 1;

	switch (r.action) {
	case ACT_IGNORE:
		return;
	case ACT_COPY:
		clipboard_copy(app, CLIP_CLIPBOARD);
		return;
	case ACT_PASTE:
		clipboard_paste(app, CLIP_CLIPBOARD);
		return;
	case ACT_PAGE_UP:
		app_scroll_view(app, page);
		return;
	case ACT_PAGE_DOWN:
		app_scroll_view(app, -page);
		return;
	case ACT_VTERM_KEY:
		term_key(&app->term, r.key, r.mods);
		break;
	case ACT_CHAR:
		term_char(&app->term, r.ch, r.mods);
		break;
	}
	/* Typing brings the view back to the live screen. */
	app_scroll_view(app, -app->term.scrollback.view);
}

static void start_repeat(struct app *app, uint32_t code)
{
	struct itimerspec when = { 0 };
	long interval_ns;

	if (app->repeat_rate <= 0 || !xkb_keymap_key_repeats(app->keymap, code))
		return;
	interval_ns = 1000000000L / app->repeat_rate;
	when.it_value.tv_sec = app->repeat_delay / 1000;
	when.it_value.tv_nsec = (long)(app->repeat_delay % 1000) * 1000000L;
	if (when.it_value.tv_sec == 0 && when.it_value.tv_nsec == 0)
		when.it_value.tv_nsec = 1;
	when.it_interval.tv_sec = interval_ns / 1000000000L;
	when.it_interval.tv_nsec = interval_ns % 1000000000L;
	app->repeat_key = code;
	timerfd_settime(app->repeat_fd, 0, &when, NULL);
}

void input_repeat_fire(struct app *app)
{
	uint64_t expirations = 0;

	if (read(app->repeat_fd, &expirations, sizeof(expirations)) < 0 ||
	    !app->repeat_key)
		return;
	/* A late wakeup owes several repeats; a few catch up, no more. */
	if (expirations > 4)
		expirations = 4;
	while (expirations--)
		press(app, app->repeat_key);
}

static void keyboard_key(void *data, struct wl_keyboard *keyboard,
			 uint32_t serial, uint32_t time, uint32_t key,
			 uint32_t state)
{
	struct app *app = data;
	uint32_t code = key + 8;	/* evdev to xkb */

	(void)keyboard, (void)time;
	if (!app->xkb_state)
		return;
	if (state == WL_KEYBOARD_KEY_STATE_RELEASED) {
		if (code == app->repeat_key)
			stop_repeat(app);
		return;
	}
	app->serial = serial;
	press(app, code);
	start_repeat(app, code);
}

static void keyboard_modifiers(void *data, struct wl_keyboard *keyboard,
			       uint32_t serial, uint32_t depressed,
			       uint32_t latched, uint32_t locked,
			       uint32_t group)
{
	struct app *app = data;

	(void)keyboard, (void)serial;
	if (app->xkb_state)
		xkb_state_update_mask(app->xkb_state, depressed, latched,
				      locked, 0, 0, group);
}

static void keyboard_repeat_info(void *data, struct wl_keyboard *keyboard,
				 int32_t rate, int32_t delay)
{
	struct app *app = data;

	(void)keyboard;
	app->repeat_rate = rate;
	app->repeat_delay = delay;
}

static const struct wl_keyboard_listener keyboard_listener = {
	.keymap = keyboard_keymap,
	.enter = keyboard_enter,
	.leave = keyboard_leave,
	.key = keyboard_key,
	.modifiers = keyboard_modifiers,
	.repeat_info = keyboard_repeat_info,
};

/* The cell under the pointer, in scroll-proof lines, within the grid. */
static struct grid_pos pointer_cell(struct app *app)
{
	int col = (int)app->pointer_x / app->font.cell_width;
	int row = (int)app->pointer_y / app->font.cell_height;

	col = col < 0 ? 0 : col >= app->term.cols ? app->term.cols - 1 : col;
	row = row < 0 ? 0 : row >= app->term.rows ? app->term.rows - 1 : row;
	return (struct grid_pos){ row - app->term.scrollback.view, col };
}

static void pointer_enter(void *data, struct wl_pointer *pointer,
			  uint32_t serial, struct wl_surface *surface,
			  wl_fixed_t x, wl_fixed_t y)
{
	struct app *app = data;

	(void)pointer, (void)serial, (void)surface;
	app->pointer_x = wl_fixed_to_double(x);
	app->pointer_y = wl_fixed_to_double(y);
}

static void pointer_leave(void *data, struct wl_pointer *pointer,
			  uint32_t serial, struct wl_surface *surface)
{
	(void)data, (void)pointer, (void)serial, (void)surface;
}

static void pointer_motion(void *data, struct wl_pointer *pointer,
			   uint32_t time, wl_fixed_t x, wl_fixed_t y)
{
	struct app *app = data;

	(void)pointer, (void)time;
	app->pointer_x = wl_fixed_to_double(x);
	app->pointer_y = wl_fixed_to_double(y);
	if (app->selecting) {
		selection_extend(&app->selection, pointer_cell(app));
		window_damage_all(app);
		window_redraw(app);
	}
}

static void select_word(struct app *app, struct grid_pos at)
{
	int cols, start, end;
	const struct cell *line = term_line(&app->term, at.line, &cols);

	if (!line)
		return;
	selection_word(line, cols, at.col, &start, &end);
	selection_start(&app->selection, (struct grid_pos){ at.line, start });
	selection_extend(&app->selection, (struct grid_pos){ at.line, end });
}

static void left_press(struct app *app, uint32_t time)
{
	struct grid_pos at = pointer_cell(app);
	int twice = time - app->last_click_time < DOUBLE_CLICK_MS &&
		    at.line == app->last_click.line &&
		    at.col == app->last_click.col;

	app->last_click_time = time;
	app->last_click = at;
	if (twice) {
		select_word(app, at);
		app->selecting = 0;
		clipboard_copy(app, CLIP_PRIMARY);
	} else {
		selection_clear(&app->selection);
		selection_start(&app->selection, at);
		app->selecting = 1;
	}
	window_damage_all(app);
	window_redraw(app);
}

static void pointer_button(void *data, struct wl_pointer *pointer,
			   uint32_t serial, uint32_t time, uint32_t button,
			   uint32_t state)
{
	struct app *app = data;
	int pressed = state == WL_POINTER_BUTTON_STATE_PRESSED;

	(void)pointer;
	if (pressed)
		app->serial = serial;
	if (button == BTN_LEFT && pressed) {
		left_press(app, time);
	} else if (button == BTN_LEFT && app->selecting) {
		app->selecting = 0;
		/* A click without a drag selects nothing. */
		if (app->selection.anchor.line == app->selection.extent.line &&
		    app->selection.anchor.col == app->selection.extent.col)
			selection_clear(&app->selection);
		else
			clipboard_copy(app, CLIP_PRIMARY);
		window_damage_all(app);
		window_redraw(app);
	} else if (button == BTN_MIDDLE && pressed) {
		clipboard_paste(app, CLIP_PRIMARY);
	}
}

static void pointer_axis(void *data, struct wl_pointer *pointer,
			 uint32_t time, uint32_t axis, wl_fixed_t value)
{
	struct app *app = data;
	/* A wheel click is 10 units; a touchpad sends less, often. */
	int steps = (int)(wl_fixed_to_double(value) / 10.0);

	(void)pointer, (void)time;
	if (axis != WL_POINTER_AXIS_VERTICAL_SCROLL)
		return;
	if (steps == 0)
		steps = value > 0 ? 1 : value < 0 ? -1 : 0;
	/* Down the wheel (positive) is forward, toward the live screen. */
	app_scroll_view(app, -steps * WHEEL_LINES);
}

static void pointer_frame(void *data, struct wl_pointer *pointer)
{
	(void)data, (void)pointer;
}

static void pointer_axis_source(void *data, struct wl_pointer *pointer,
				uint32_t source)
{
	(void)data, (void)pointer, (void)source;
}

static void pointer_axis_stop(void *data, struct wl_pointer *pointer,
			      uint32_t time, uint32_t axis)
{
	(void)data, (void)pointer, (void)time, (void)axis;
}

static void pointer_axis_discrete(void *data, struct wl_pointer *pointer,
				  uint32_t axis, int32_t discrete)
{
	(void)data, (void)pointer, (void)axis, (void)discrete;
}

static const struct wl_pointer_listener pointer_listener = {
	.enter = pointer_enter,
	.leave = pointer_leave,
	.motion = pointer_motion,
	.button = pointer_button,
	.axis = pointer_axis,
	.frame = pointer_frame,
	.axis_source = pointer_axis_source,
	.axis_stop = pointer_axis_stop,
	.axis_discrete = pointer_axis_discrete,
};

/* release (seat version 3 and up) tells the compositor; destroy does not. */
static void drop_keyboard(struct wl_keyboard *keyboard)
{
	if (wl_keyboard_get_version(keyboard) >= 3)
		wl_keyboard_release(keyboard);
	else
		wl_keyboard_destroy(keyboard);
}

static void drop_pointer(struct wl_pointer *pointer)
{
	if (wl_pointer_get_version(pointer) >= 3)
		wl_pointer_release(pointer);
	else
		wl_pointer_destroy(pointer);
}

static void seat_capabilities(void *data, struct wl_seat *seat,
			      uint32_t caps)
{
	struct app *app = data;
	int has_keyboard = caps & WL_SEAT_CAPABILITY_KEYBOARD;
	int has_pointer = caps & WL_SEAT_CAPABILITY_POINTER;

	if (has_keyboard && !app->keyboard) {
		app->keyboard = wl_seat_get_keyboard(seat);
		wl_keyboard_add_listener(app->keyboard, &keyboard_listener, app);
	} else if (!has_keyboard && app->keyboard) {
		drop_keyboard(app->keyboard);
		app->keyboard = NULL;
		stop_repeat(app);
	}
	if (has_pointer && !app->pointer) {
		app->pointer = wl_seat_get_pointer(seat);
		wl_pointer_add_listener(app->pointer, &pointer_listener, app);
	} else if (!has_pointer && app->pointer) {
		drop_pointer(app->pointer);
		app->pointer = NULL;
	}
}

static void seat_name(void *data, struct wl_seat *seat, const char *name)
{
	(void)data, (void)seat, (void)name;
}

static const struct wl_seat_listener seat_listener = {
	.capabilities = seat_capabilities,
	.name = seat_name,
};

void input_bind_seat(struct app *app, struct wl_registry *registry,
		     uint32_t id, uint32_t version)
{
	/* 5 for axis_discrete and release requests; 4 for repeat_info. */
	app->seat = wl_registry_bind(registry, id, &wl_seat_interface,
				     version < 5 ? version : 5);
	wl_seat_add_listener(app->seat, &seat_listener, app);
}

void input_close(struct app *app)
{
	if (app->keyboard)
		drop_keyboard(app->keyboard);
	if (app->pointer)
		drop_pointer(app->pointer);
	if (app->seat)
		wl_seat_destroy(app->seat);
	xkb_state_unref(app->xkb_state);
	xkb_keymap_unref(app->keymap);
	if (app->repeat_fd >= 0)
		close(app->repeat_fd);
}

/*
 * The seat: keyboards with the keymap and repeat rate from surface.conf,
 * bindings before clients, and the selections (clipboard and primary)
 * and drags clients ask for. Key repeat is the clients' work: we only
 * tell them the rate and delay.
 */
#include <stdlib.h>
#include <wlr/backend/session.h>
#include <wlr/interfaces/wlr_keyboard.h>
#include <wlr/types/wlr_cursor.h>
#include <wlr/types/wlr_data_device.h>
#include <wlr/types/wlr_input_device.h>
#include <wlr/types/wlr_keyboard.h>
#include <wlr/types/wlr_primary_selection.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/util/log.h>
#include <xkbcommon/xkbcommon.h>

#include "keyspec.h"
#include "server.h"

_Static_assert((unsigned)KEYSPEC_SHIFT == (unsigned)WLR_MODIFIER_SHIFT &&
		       (unsigned)KEYSPEC_CTRL == (unsigned)WLR_MODIFIER_CTRL &&
		       (unsigned)KEYSPEC_ALT == (unsigned)WLR_MODIFIER_ALT &&
		       (unsigned)KEYSPEC_LOGO == (unsigned)WLR_MODIFIER_LOGO,
	       "keyspec's modifier bits are wlroots's");

#define BINDING_MODIFIERS \
	(KEYSPEC_SHIFT | KEYSPEC_CTRL | KEYSPEC_ALT | KEYSPEC_LOGO)

struct keyboard {
	struct wl_list link;
	struct server *server;
	struct wlr_input_device *device;
	/* Keys whose press ran a binding: their release is ours too. */
	unsigned char eaten[256 / 8];
	struct wl_listener modifiers, key, destroy;
};

/*
 * The keymap surface.conf names; if xkbcommon cannot compile it, say
 * so and use its default rather than leave the keyboard dead. The
 * context is the server's, made at start: a new one checks its include
 * folders with access(2), which unveil answers for what is not "x".
 */
static struct xkb_keymap *config_keymap(struct xkb_context *context,
					const struct surface_config *c)
{
	struct xkb_rule_names names = {
		.rules = c->xkb_rules, .model = c->xkb_model,
		.layout = c->xkb_layout, .variant = c->xkb_variant,
		.options = c->xkb_options,
	};
	struct xkb_keymap *keymap;

	if (context == NULL)
		return NULL;
	keymap = xkb_keymap_new_from_names(context, &names,
					   XKB_KEYMAP_COMPILE_NO_FLAGS);
	if (keymap == NULL) {
		wlr_log(WLR_ERROR, "keyboard layout \"%s\" variant \"%s\" "
				   "does not compile: using the default",
			c->xkb_layout ? c->xkb_layout : "",
			c->xkb_variant ? c->xkb_variant : "");
		keymap = xkb_keymap_new_from_names(context, NULL,
						   XKB_KEYMAP_COMPILE_NO_FLAGS);
	}
	return keymap;
}

uint32_t seat_modifiers(struct server *server)
{
	struct wlr_keyboard *keyboard = wlr_seat_get_keyboard(server->seat);

	return keyboard ? wlr_keyboard_get_modifiers(keyboard) : 0;
}

/*
 * Give SURFACE the keyboard. With no keyboard at all (headless) the
 * client still gets its enter, without keys: tinywl 0.15 crashed here.
 */
void seat_focus_keyboard(struct server *server, struct wlr_surface *surface)
{
	struct wlr_keyboard *keyboard = wlr_seat_get_keyboard(server->seat);

	if (surface == NULL) {
		wlr_seat_keyboard_notify_clear_focus(server->seat);
		return;
	}
	if (keyboard == NULL) {
		wlr_seat_keyboard_notify_enter(server->seat, surface, NULL, 0,
					       NULL);
		return;
	}
	wlr_seat_keyboard_notify_enter(server->seat, surface,
				       keyboard->keycodes,
				       keyboard->num_keycodes,
				       &keyboard->modifiers);
}

/* Every keyboard to the next of the keymap's layouts. */
void seat_next_layout(struct server *server)
{
	struct keyboard *k;

	wl_list_for_each(k, &server->keyboards, link) {
		struct wlr_keyboard *kb = k->device->keyboard;
		xkb_layout_index_t n = xkb_keymap_num_layouts(kb->keymap);

		if (n < 2)
			continue;
		wlr_keyboard_notify_modifiers(kb, kb->modifiers.depressed,
					      kb->modifiers.latched,
					      kb->modifiers.locked,
					      (kb->modifiers.group + 1) % n);
	}
}

static void keyboard_modifiers(struct wl_listener *listener, void *data)
{
	struct keyboard *k = wl_container_of(listener, k, modifiers);

	(void)data;
	wlr_log(WLR_DEBUG, "%s: modifiers %#x, group %u", k->device->name,
		wlr_keyboard_get_modifiers(k->device->keyboard),
		k->device->keyboard->modifiers.group);
	wlr_seat_set_keyboard(k->server->seat, k->device);
	wlr_seat_keyboard_notify_modifiers(k->server->seat,
					   &k->device->keyboard->modifiers);
}

/* XF86Switch_VT_n: the session's, when there is one. */
static bool switch_vt(struct server *server, xkb_keysym_t sym)
{
	struct wlr_session *session;

	if (sym < XKB_KEY_XF86Switch_VT_1 || sym > XKB_KEY_XF86Switch_VT_12)
		return false;
	session = wlr_backend_get_session(server->backend);
	if (session != NULL)
		wlr_session_change_vt(session,
				      sym - XKB_KEY_XF86Switch_VT_1 + 1);
	return true;
}

/*
 * A press runs a binding if one matches the key's unshifted symbol
 * (level 0 of the active layout) and the modifiers held.
 */
static bool run_binding(struct keyboard *k, uint32_t keycode)
{
	struct wlr_keyboard *kb = k->device->keyboard;
	uint32_t mods = wlr_keyboard_get_modifiers(kb) & BINDING_MODIFIERS;
	xkb_layout_index_t layout =
		xkb_state_key_get_layout(kb->xkb_state, keycode);
	const xkb_keysym_t *syms;
	int n = xkb_keymap_key_get_syms_by_level(kb->keymap, keycode, layout,
						 0, &syms);
	const xkb_keysym_t *translated;
	int n_translated = xkb_state_key_get_syms(kb->xkb_state, keycode,
						  &translated);

	for (int i = 0; i < n_translated; i++)
		if (switch_vt(k->server, translated[i]))
			return true;
	for (int i = 0; i < n; i++)
		if (bindings_handle(k->server, mods,
				    xkb_keysym_to_lower(syms[i])))
			return true;
	return false;
}

static void keyboard_key(struct wl_listener *listener, void *data)
{
	struct keyboard *k = wl_container_of(listener, k, key);
	struct wlr_event_keyboard_key *event = data;
	uint32_t keycode = event->keycode + 8;
	bool in_range = keycode < 256;
	bool handled = false;

	if (event->state == WL_KEYBOARD_KEY_STATE_PRESSED) {
		handled = run_binding(k, keycode);
		if (handled && in_range)
			k->eaten[keycode / 8] |= (unsigned char)(1u << (keycode % 8));
	} else if (in_range && (k->eaten[keycode / 8] >> (keycode % 8)) & 1) {
		k->eaten[keycode / 8] &= (unsigned char)~(1u << (keycode % 8));
		handled = true;
	}
	if (handled)
		return;
	wlr_seat_set_keyboard(k->server->seat, k->device);
	wlr_seat_keyboard_notify_key(k->server->seat, event->time_msec,
				     event->keycode, event->state);
}

static void update_capabilities(struct server *server)
{
	uint32_t caps = WL_SEAT_CAPABILITY_POINTER;

	if (!wl_list_empty(&server->keyboards))
		caps |= WL_SEAT_CAPABILITY_KEYBOARD;
	wlr_seat_set_capabilities(server->seat, caps);
}

static void keyboard_destroy(struct wl_listener *listener, void *data)
{
	struct keyboard *k = wl_container_of(listener, k, destroy);
	struct server *server = k->server;

	(void)data;
	wl_list_remove(&k->modifiers.link);
	wl_list_remove(&k->key.link);
	wl_list_remove(&k->destroy.link);
	wl_list_remove(&k->link);
	free(k);
	update_capabilities(server);
}

void seat_add_keyboard(struct server *server, struct wlr_input_device *dev)
{
	struct keyboard *k = calloc(1, sizeof *k);
	struct xkb_keymap *keymap = config_keymap(server->xkb, &server->config);

	if (k == NULL || keymap == NULL) {
		wlr_log(WLR_ERROR, "keyboard %s left out: no memory or keymap",
			dev->name);
		free(k);
		xkb_keymap_unref(keymap);
		return;
	}
	k->server = server;
	k->device = dev;
	wlr_keyboard_set_keymap(dev->keyboard, keymap);
	xkb_keymap_unref(keymap);
	wlr_keyboard_set_repeat_info(dev->keyboard, server->config.repeat_rate,
				     server->config.repeat_delay);
	k->modifiers.notify = keyboard_modifiers;
	wl_signal_add(&dev->keyboard->events.modifiers, &k->modifiers);
	k->key.notify = keyboard_key;
	wl_signal_add(&dev->keyboard->events.key, &k->key);
	k->destroy.notify = keyboard_destroy;
	wl_signal_add(&dev->events.destroy, &k->destroy);
	wlr_seat_set_keyboard(server->seat, dev);
	wl_list_insert(&server->keyboards, &k->link);
}

static void new_input(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server, new_input);
	struct wlr_input_device *dev = data;

	switch (dev->type) {
	case WLR_INPUT_DEVICE_KEYBOARD:
		seat_add_keyboard(server, dev);
		break;
	case WLR_INPUT_DEVICE_POINTER:
		wlr_cursor_attach_input_device(server->cursor, dev);
		break;
	default:
		break;
	}
	update_capabilities(server);
}

static void request_set_selection(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server,
						request_set_selection);
	struct wlr_seat_request_set_selection_event *event = data;

	wlr_seat_set_selection(server->seat, event->source, event->serial);
}

static void request_set_primary_selection(struct wl_listener *listener,
					  void *data)
{
	struct server *server = wl_container_of(listener, server,
						request_set_primary_selection);
	struct wlr_seat_request_set_primary_selection_event *event = data;

	wlr_seat_set_primary_selection(server->seat, event->source,
				       event->serial);
}

/* A drag starts only from a button the client really holds. */
static void request_start_drag(struct wl_listener *listener, void *data)
{
	struct server *server = wl_container_of(listener, server,
						request_start_drag);
	struct wlr_seat_request_start_drag_event *event = data;

	if (wlr_seat_validate_pointer_grab_serial(server->seat, event->origin,
						  event->serial))
		wlr_seat_start_pointer_drag(server->seat, event->drag,
					    event->serial);
	else if (event->drag->source != NULL)
		wlr_data_source_destroy(event->drag->source);
}

void seat_init(struct server *server)
{
	wl_list_init(&server->keyboards);
	server->xkb = xkb_context_new(XKB_CONTEXT_NO_FLAGS);
	server->seat = wlr_seat_create(server->display, "seat0");
	server->new_input.notify = new_input;
	wl_signal_add(&server->backend->events.new_input, &server->new_input);
	server->request_set_selection.notify = request_set_selection;
	wl_signal_add(&server->seat->events.request_set_selection,
		      &server->request_set_selection);
	server->request_set_primary_selection.notify =
		request_set_primary_selection;
	wl_signal_add(&server->seat->events.request_set_primary_selection,
		      &server->request_set_primary_selection);
	server->request_start_drag.notify = request_start_drag;
	wl_signal_add(&server->seat->events.request_start_drag,
		      &server->request_start_drag);
	update_capabilities(server);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * pledge: ioctls. stdio's short list and "tty" follow OpenBSD's
 * pledge_ioctl. "drm" and "evdev" are for a display server, which on
 * Nexus is an unprivileged process handed its card and input devices
 * by capd: what is left to decide is what it may do with them.
 */
#include <linux/fs.h>
#include <linux/input.h>
#include <linux/major.h>
#include <linux/termios.h>
#include <drm/drm.h>
#include <drm/drm_ioctl.h>

#include "pledge.h"

/*
 * The terminal requests "tty" allows, as OpenBSD's list: modes, sizes,
 * breaks and flow, the foreground group (with "proc" to set it), and
 * a pseudo-terminal's own. Never pushing input (TIOCSTI), consoles,
 * line disciplines or serial settings.
 */
static bool is_tty_ioctl(unsigned int cmd)
{
	switch (cmd) {
	case TCGETS: case TCSETS: case TCSETSW: case TCSETSF:
	case TCGETS2: case TCSETS2: case TCSETSW2: case TCSETSF2:
	case TCGETA: case TCSETA: case TCSETAW: case TCSETAF:
	case TCSBRK: case TCSBRKP: case TIOCSBRK: case TIOCCBRK:
	case TCXONC: case TCFLSH: case TIOCOUTQ:
	case TIOCGWINSZ: case TIOCSWINSZ: case TIOCGPGRP: case TIOCGSID:
	case TIOCEXCL: case TIOCNXCL: case TIOCGEXCL: case TIOCPKT:
	case TIOCGPTN: case TIOCSPTLCK: case TIOCGPTLCK: case TIOCGPTPEER:
	case FIOASYNC:
		return true;
	}
	return false;
}

static bool is_char_device(struct file *file, unsigned int major)
{
	struct inode *inode = file_inode(file);

	return S_ISCHR(inode->i_mode) && imajor(inode) == major;
}

/* DRM's minors 128 to 191 are render nodes (drm_minor_type). */
static bool is_render_node(struct file *file)
{
	unsigned int minor = iminor(file_inode(file));

	return minor >= 128 && minor < 192;
}

/*
 * On a card (a primary node), the requests that drive a display the
 * process already holds: its state, mode setting, planes and cursors,
 * page flips, dumb buffers, PRIME and sync objects. Never becoming or
 * dropping master, leasing outputs, authenticating other clients,
 * GEM's global names, the legacy requests or a driver's own; nor
 * GETFB and GETFB2, which hand a master a handle to any framebuffer
 * on the card, the console's included (wlroots needs them only for
 * drivers without atomic mode setting).
 */
static bool is_kms_request(unsigned int nr)
{
	switch (nr) {
	case _IOC_NR(DRM_IOCTL_VERSION):
	case _IOC_NR(DRM_IOCTL_GET_UNIQUE):
	case _IOC_NR(DRM_IOCTL_GEM_CLOSE):
	case _IOC_NR(DRM_IOCTL_GET_CAP):
	case _IOC_NR(DRM_IOCTL_SET_CLIENT_CAP):
	case _IOC_NR(DRM_IOCTL_PRIME_HANDLE_TO_FD):
	case _IOC_NR(DRM_IOCTL_PRIME_FD_TO_HANDLE):
	case _IOC_NR(DRM_IOCTL_WAIT_VBLANK):
	case _IOC_NR(DRM_IOCTL_CRTC_GET_SEQUENCE):
	case _IOC_NR(DRM_IOCTL_CRTC_QUEUE_SEQUENCE):
		return true;
	case _IOC_NR(DRM_IOCTL_MODE_GETFB):
	case _IOC_NR(DRM_IOCTL_MODE_GETFB2):
	case _IOC_NR(DRM_IOCTL_MODE_CREATE_LEASE):
	case _IOC_NR(DRM_IOCTL_MODE_LIST_LESSEES):
	case _IOC_NR(DRM_IOCTL_MODE_GET_LEASE):
	case _IOC_NR(DRM_IOCTL_MODE_REVOKE_LEASE):
		return false;
	}
	/* DRM_IOCTL_MODE_GETRESOURCES to DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL. */
	return nr >= _IOC_NR(DRM_IOCTL_MODE_GETRESOURCES) &&
	       nr <= _IOC_NR(DRM_IOCTL_SYNCOBJ_TIMELINE_SIGNAL);
}

/*
 * A render node takes any DRM request: the DRM core itself refuses
 * there what is not for rendering, which is OpenBSD's "drm".
 */
static bool is_drm_ioctl(struct file *file, unsigned int cmd)
{
	if (!is_char_device(file, DRM_MAJOR) || _IOC_TYPE(cmd) != DRM_IOCTL_BASE)
		return false;
	return is_render_node(file) || is_kms_request(_IOC_NR(cmd));
}

/*
 * Reading an input device's state (EVIOCG*: keys held, axes, names,
 * bits). Never grabbing it, revoking it, setting its keymap, axes,
 * clock or force feedback.
 */
static bool is_evdev_ioctl(struct file *file, unsigned int cmd)
{
	return is_char_device(file, INPUT_MAJOR) && _IOC_TYPE(cmd) == 'E' &&
	       _IOC_DIR(cmd) == _IOC_READ;
}

int pledge_ioctl(struct file *file, unsigned int cmd)
{
	u64 have = pledge_current();

	if (!(have & PLEDGE_ACTIVE))
		return 0;
	switch (cmd) {
	case FIONREAD:
	case FIONBIO:
	case FIOCLEX:
	case FIONCLEX:
	/* isatty(3) and line buffering ask these of every stream. */
	case TCGETS:
	case TIOCGWINSZ:
		return pledge_check(PROMISE(STDIO), "ioctl");
	}
	if (is_tty_ioctl(cmd))
		return pledge_check(PROMISE(TTY), "a tty ioctl");
	/* Who gets the terminal's signals: "tty" and "proc" both. */
	if (cmd == TIOCSPGRP)
		return pledge_check(PROMISE(TTY), "a tty ioctl") ?:
		       pledge_check(PROMISE(PROC), "TIOCSPGRP");
	if (is_drm_ioctl(file, cmd))
		return pledge_check(PROMISE(DRM), "a DRM ioctl");
	if (is_evdev_ioctl(file, cmd))
		return pledge_check(PROMISE(EVDEV), "an evdev ioctl");
	return pledge_fail(have, 0, "this ioctl");
}

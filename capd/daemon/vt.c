/*
 * The session's VT in VT_PROCESS mode: the kernel asks capd (by signal)
 * before it switches away or back, so capd can take the devices from the
 * session first. Keyboard input is off on the VT (K_OFF) so that keys
 * meant for the desktop never reach the text console under it.
 */
#include "vt.h"

#include <fcntl.h>
#include <linux/kd.h>
#include <linux/vt.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int vt_active(void)
{
	struct vt_stat st;
	int fd = open("/dev/tty0", O_RDONLY | O_NOCTTY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = ioctl(fd, VT_GETSTATE, &st);
	close(fd);
	return rc < 0 ? -1 : st.v_active;
}

int vt_take(struct vt *vt, int num)
{
	char path[32];
	struct vt_mode mode = {.mode = VT_PROCESS, .relsig = SIGUSR1,
			       .acqsig = SIGUSR2};

	snprintf(path, sizeof(path), "/dev/tty%d", num);
	vt->num = num;
	vt->fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (vt->fd < 0)
		return -1;
	if (ioctl(vt->fd, KDGKBMODE, &vt->kbmode) < 0 ||
	    ioctl(vt->fd, KDSKBMODE, K_OFF) < 0 ||
	    ioctl(vt->fd, KDSETMODE, KD_GRAPHICS) < 0 ||
	    ioctl(vt->fd, VT_SETMODE, &mode) < 0) {
		vt_restore(vt);
		return -1;
	}
	return 0;
}

void vt_restore(struct vt *vt)
{
	struct vt_mode mode = {.mode = VT_AUTO};

	if (vt->fd < 0)
		return;
	/* Best effort, in the reverse order: the console must come back. */
	ioctl(vt->fd, VT_SETMODE, &mode);
	ioctl(vt->fd, KDSETMODE, KD_TEXT);
	ioctl(vt->fd, KDSKBMODE, vt->kbmode);
	close(vt->fd);
	vt->fd = -1;
}

int vt_ack_release(struct vt *vt)
{
	return vt->fd < 0 ? 0 : ioctl(vt->fd, VT_RELDISP, 1);
}

int vt_ack_acquire(struct vt *vt)
{
	return vt->fd < 0 ? 0 : ioctl(vt->fd, VT_RELDISP, VT_ACKACQ);
}

int vt_switch(struct vt *vt, int num)
{
	return vt->fd < 0 ? 0 : ioctl(vt->fd, VT_ACTIVATE, num);
}

/* The devices a seat session may be granted, and taking them back. */
#ifndef CAPD_DEVICES_H
#define CAPD_DEVICES_H

enum device_kind { DEVICE_DRM, DEVICE_EVDEV };

/*
 * Open PATH for a session if it is a DRM or evdev character device;
 * *KIND says which. Anything else is refused (EPERM), as is a name
 * that changes what it points at between the check and the open.
 */
int device_open(const char *path, enum device_kind *kind);
/* Make the session's use of FD possible again (DRM master). */
int device_activate(int fd, enum device_kind kind);
/*
 * Take FD back from everyone holding it: an evdev descriptor is revoked
 * for good (EVIOCREVOKE), a DRM one loses master. capd's own copy and
 * every copy the session passed on share one open file, so this reaches
 * them all.
 */
int device_revoke(int fd, enum device_kind kind);

#endif

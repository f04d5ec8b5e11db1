/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pledge and unveil for Linux: the prctl(2) options of the pledge LSM.
 * See pledge(2) and unveil(2).
 *
 *   prctl(PR_NEXUS_PLEDGE, promises, execpromises, 0, 0)
 *	promises, execpromises: space-separated words, or NULL to leave
 *	that set as it is. Only reductions are allowed.
 *
 *   prctl(PR_NEXUS_UNVEIL, path, permissions, 0, 0)
 *	path: made visible with permissions, any of "rwxc"; both NULL
 *	lock the set.
 *
 * A process's sets are in /proc/PID/attr/pledge/promises and
 * .../execpromises ("unpledged", or the words in effect) and
 * .../unveil (one "RIGHTS PATH" line per entry).
 */
#ifndef _UAPI_LINUX_PLEDGE_H
#define _UAPI_LINUX_PLEDGE_H

/* Far above the kernel's own options ("NXp" and a number). */
#define PR_NEXUS_PLEDGE		0x4e587001
#define PR_NEXUS_UNVEIL		0x4e587002

#endif /* _UAPI_LINUX_PLEDGE_H */

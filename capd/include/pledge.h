/*
 * libpledge: OpenBSD's pledge(2) and unveil(2) on the Nexus kernel,
 * through prctl(2) to the pledge LSM. Both return 0, or -1 with errno.
 */
#ifndef PLEDGE_H
#define PLEDGE_H

int pledge(const char *promises, const char *execpromises);
int unveil(const char *path, const char *permissions);

#endif /* PLEDGE_H */

/*
 * libpledge: the calls, each one prctl(2) to the pledge LSM. A kernel
 * without it answers EINVAL to the unknown option: that is told apart
 * from a bad argument by asking again with nothing to change, and
 * reported as ENOSYS.
 */
#include <pledge.h>

#include <errno.h>
#include <linux/pledge.h>
#include <sys/prctl.h>

static int call(int option, const char *a, const char *b)
{
	if (prctl(option, a, b, 0, 0) == 0)
		return 0;
	if (errno != EINVAL)
		return -1;
	/* Nothing to change: only a kernel without the LSM refuses it. */
	if (prctl(PR_NEXUS_PLEDGE, (char *)0, (char *)0, 0, 0) == -1 &&
	    errno == EINVAL)
		errno = ENOSYS;
	else
		errno = EINVAL;
	return -1;
}

int pledge(const char *promises, const char *execpromises)
{
	return call(PR_NEXUS_PLEDGE, promises, execpromises);
}

int unveil(const char *path, const char *permissions)
{
	return call(PR_NEXUS_UNVEIL, path, permissions);
}

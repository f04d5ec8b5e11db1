/* libpledge: the calls, each one prctl(2) to the pledge LSM. */
#include <pledge.h>

#include <linux/pledge.h>
#include <sys/prctl.h>

int pledge(const char *promises, const char *execpromises)
{
	return prctl(PR_NEXUS_PLEDGE, promises, execpromises, 0, 0);
}

int unveil(const char *path, const char *permissions)
{
	return prctl(PR_NEXUS_UNVEIL, path, permissions, 0, 0);
}

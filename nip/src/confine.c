/*
 * nip under pledge and unveil. Before it reads a signed index or a
 * package, nip gives up the rest of the system: what a bug in a parser
 * could then reach is the root being changed, nothing else. The checks
 * nip makes itself come first; this is the wall behind them.
 */
#include "confine.h"
#include "fetch.h"

#include <errno.h>
#include <pledge.h>
#include <stdio.h>
#include <unistd.h>

/* What a remote repository needs: the resolver's files and the CAs. */
static const char *const net_files[] = {
	"/etc/resolv.conf", "/etc/hosts", "/etc/services", "/etc/ssl",
};

/*
 * A path whose folder is not there cannot be unveiled, and needs no
 * unveil: nip will say it is missing. (A missing file in a folder that
 * is there is unveiled by name, as unveil(2) does.)
 */
static int see(const char *path, const char *rights)
{
	if (unveil(path, rights) == 0 || errno == ENOENT)
		return 0;
	return fail_errno("cannot unveil %s for itself", path);
}

int nip_confine(const char *root, int write, const char *keys_dir,
		const struct strlist *urls)
{
	char promises[96];
	int remote = 0;

	if (unveil(root, write ? "rwc" : "r") < 0) {
		if (errno == ENOSYS)
			return 0;	/* no pledge LSM in this kernel */
		return fail_errno("cannot unveil %s for itself", root);
	}
	if (keys_dir && see(keys_dir, "r") < 0)
		return -1;
	for (size_t i = 0; urls && i < urls->n; i++) {
		const char *url = urls->v[i];

		if (url_is_remote(url)) {
			remote = 1;
			continue;
		}
		if (see(url_local_path(url), "r") < 0)
			return -1;
	}
	for (size_t i = 0; remote && i < sizeof(net_files) / sizeof(*net_files);
	     i++)
		if (see(net_files[i], "r") < 0)
			return -1;
	if (remote && see(fetch_ca_file(), "r") < 0)
		return -1;
	if (see("/etc/localtime", "r") < 0)
		return -1;
	/*
	 * stdio: reads, writes, threads; rpath/wpath/cpath: the root;
	 * fattr: modes exactly as packaged, whatever the umask; chown: the
	 * owners a manifest names, as root; flock: the database lock;
	 * inet/dns: remote repositories. Leaving out unveil locks the set.
	 */
	snprintf(promises, sizeof(promises), "stdio rpath%s%s flock%s",
		 write ? " wpath cpath fattr" : "",
		 write && geteuid() == 0 ? " chown" : "",
		 remote ? " inet dns" : "");
	if (pledge(promises, NULL) < 0)
		return fail_errno("cannot pledge \"%s\"", promises);
	return 0;
}

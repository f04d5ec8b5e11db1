/*
 * The build sandbox: a shell script run in fresh user, mount, network,
 * PID, IPC and UTS namespaces, on a root assembled from read-only host
 * tools (/usr), the build's own directories and nothing else. No
 * network: the new network namespace has only a loopback that is down.
 */
#ifndef NIP_SANDBOX_H
#define NIP_SANDBOX_H

/* A host directory and where the build sees it. */
struct sandbox_bind {
	const char *host;
	const char *inside;	/* absolute */
	int writable;
};

struct sandbox {
	const char *rootdir;	/* an empty host directory, the new root */
	const struct sandbox_bind *binds;
	int nbinds;
	const char *cwd;	/* inside */
	const char *script;	/* run by /bin/sh -e */
	char *const *env;	/* the whole environment */
	int outfd;		/* stdout and stderr of the build */
};

/*
 * Run SB->script; returns its exit status (0..255, or 128+signal), or
 * -1 with fail() set when the sandbox itself could not be made.
 */
int sandbox_run(const struct sandbox *sb);

#endif

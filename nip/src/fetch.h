/* Getting bytes from a repository: local paths, file:// and http(s)://. */
#ifndef NIP_FETCH_H
#define NIP_FETCH_H

#include "util.h"

#include <stdint.h>

/* Is URL remote (fetched with libcurl) rather than a local directory? */
int url_is_remote(const char *url);
/* The local directory of a path or file:// URL. */
const char *url_local_path(const char *url);

/*
 * The one name of the repository at URL, which keys its seen serials:
 * a local one (DIR, ./DIR, DIR/, DIR//, file://DIR) is its real absolute
 * path; a remote one has its scheme and host in lower case and no
 * trailing or doubled slashes in its path. Allocated.
 */
char *url_repo_key(const char *url);

/* Where the system's trusted CAs are, unless SSL_CERT_FILE says. */
#define NIP_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
/* The PEM bundle https servers are verified against. */
const char *fetch_ca_file(void);

/* Fetch BASE/NAME into memory; *MISSING set when it does not exist. */
int fetch_buf(const char *base, const char *name, struct buf *out,
	      int *missing);
/* Fetch URL (http or https) into the new file DEST beneath DIRFD. */
int fetch_url(const char *url, int dirfd, const char *dest);
/*
 * Many files at once, as nip downloads packages: up to FETCH_PARALLEL
 * transfers in flight, one progress bar for them all on a terminal
 * (SIZE, when known, sizes it). Each URL goes to the new file DEST
 * beneath DIRFD. At the first failure, said, the others stop and
 * every DEST is removed.
 */
#define FETCH_PARALLEL 4
struct fetch_job {
	const char *url, *dest;
	uint64_t size;
};
int fetch_urls(struct fetch_job *jobs, size_t n, int dirfd);

#endif

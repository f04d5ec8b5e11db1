/* Downloads through libcurl; local repositories are read in place. */
#define _GNU_SOURCE
#include "fetch.h"
#include "fileio.h"
#include "fsops.h"
#include "progress.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* URL schemes and host names are case-insensitive (RFC 3986). */
int url_is_remote(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 ||
	       strncasecmp(url, "https://", 8) == 0;
}

/* file:///DIR and file://localhost/DIR are both DIR (RFC 8089). */
const char *url_local_path(const char *url)
{
	if (strncasecmp(url, "file://", 7) != 0)
		return url;
	url += 7;
	if (strncasecmp(url, "localhost/", 10) == 0)
		url += 9;
	return url;
}

/* Doubled and trailing slashes out of PATH, in place ("/" stays). */
static void squeeze_slashes(char *path)
{
	char *out = path;

	for (const char *in = path; *in; in++)
		if (!(*in == '/' && out > path && out[-1] == '/'))
			*out++ = *in;
	while (out > path + 1 && out[-1] == '/')
		out--;
	*out = '\0';
}

/*
 * A remote repository's one name, as libcurl parses it: scheme and
 * host in lower case, no default port, the path with its dot segments
 * resolved, percent-escapes decoded and slashes squeezed, the query as
 * written. NULL when libcurl cannot parse it (fetching will say why).
 */
static char *remote_key(const char *url)
{
	CURLU *h = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
	char *query = NULL, *key = NULL;

	if (!h ||
	    curl_url_set(h, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ||
	    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0) ||
	    curl_url_get(h, CURLUPART_HOST, &host, 0) ||
	    curl_url_get(h, CURLUPART_PATH, &path, CURLU_URLDECODE))
		goto out;
	/* Absent, or the scheme's default: no port in the key. */
	curl_url_get(h, CURLUPART_PORT, &port, CURLU_NO_DEFAULT_PORT);
	curl_url_get(h, CURLUPART_QUERY, &query, 0);
	for (char *c = host; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	key = xasprintf("%s://%s%s%s%s%s%s", scheme, host, port ? ":" : "",
			port ? port : "", path, query ? "?" : "",
			query ? query : "");
	squeeze_slashes(key + strlen(scheme) + 3 + strlen(host));
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(h);
	return key;
}

char *url_repo_key(const char *url)
{
	char resolved[PATH_MAX];
	char *key;

	if (url_is_remote(url)) {
		key = remote_key(url);
		return key ? key : xstrdup(url);
	}
	if (realpath(url_local_path(url), resolved))
		return xstrdup(resolved);
	/* Not there: fetching will say so; the key is only tidied. */
	key = xstrdup(url_local_path(url));
	squeeze_slashes(key);
	return key;
}

/*
 * The CA bundle https is verified against: SSL_CERT_FILE, as OpenSSL and
 * most TLS clients read it, or the ca-certificates package's bundle.
 */
const char *fetch_ca_file(void)
{
	const char *env = getenv("SSL_CERT_FILE");

	return env && *env ? env : NIP_CA_FILE;
}

static int is_https(const char *url)
{
	return strncasecmp(url, "https://", 8) == 0;
}

static size_t to_buf(char *data, size_t size, size_t n, void *user)
{
	buf_add(user, data, size * n);
	return size * n;
}

struct file_sink {
	int fd;
	int failed;
	struct progress bar;
	uint64_t seen;
};

/* libcurl reports totals; the bar wants increments. */
static int on_progress(void *user, curl_off_t total, curl_off_t now,
		       curl_off_t up_total, curl_off_t up_now)
{
	struct file_sink *s = user;

	(void)up_total;
	(void)up_now;
	if (total > 0)
		s->bar.total = (uint64_t)total;
	if (now > 0 && (uint64_t)now > s->seen) {
		progress_add(&s->bar, (uint64_t)now - s->seen);
		s->seen = (uint64_t)now;
	}
	return 0;
}

static size_t to_file(char *data, size_t size, size_t n, void *user)
{
	struct file_sink *s = user;

	if (fs_write_all(s->fd, data, size * n) < 0) {
		s->failed = errno;
		return 0;
	}
	return size * n;
}

static int curl_get(const char *url, curl_write_callback cb, void *user,
		    struct file_sink *progress, int *missing)
{
	static int initialised;
	char errbuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURLcode rc;
	CURL *c;

	/* Without trust anchors every server would be refused: say why. */
	if (is_https(url) && access(fetch_ca_file(), R_OK) < 0)
		return fail_errno("cannot fetch %s: no CA store to verify the "
				  "server with (%s; install ca-certificates, "
				  "or set SSL_CERT_FILE)", url,
				  fetch_ca_file());
	if (!initialised++)
		curl_global_init(CURL_GLOBAL_DEFAULT);
	c = curl_easy_init();
	if (!c)
		return fail("%s: cannot start libcurl", url);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, user);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	/* A repository reached over https is never redirected out of it. */
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR,
			 is_https(url) ? "https" : "http,https");
	/* The one bundle, never a library's built-in folder. */
	curl_easy_setopt(c, CURLOPT_CAINFO, fetch_ca_file());
	curl_easy_setopt(c, CURLOPT_CAPATH, NULL);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "nip");
	if (progress) {
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, progress);
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	}
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	if (missing)
		*missing = rc == CURLE_OK && status == 404;
	if (rc == CURLE_PEER_FAILED_VERIFICATION)
		return fail("cannot fetch %s: the server's certificate is not "
			    "trusted (CA store %s): %s", url, fetch_ca_file(),
			    errbuf[0] ? errbuf : curl_easy_strerror(rc));
	if (rc != CURLE_OK)
		return fail("cannot fetch %s: %s", url,
			    errbuf[0] ? errbuf : curl_easy_strerror(rc));
	if (status != 200)
		return fail("cannot fetch %s: HTTP status %ld", url, status);
	return 0;
}

int fetch_buf(const char *base, const char *name, struct buf *out,
	      int *missing)
{
	char *url = xasprintf("%s/%s", base, name);
	int rc;

	*missing = 0;
	if (url_is_remote(base)) {
		rc = curl_get(url, to_buf, out, NULL, missing);
		buf_add(out, "", 0);
	} else {
		char *path = xasprintf("%s/%s", url_local_path(base), name);

		rc = read_file(AT_FDCWD, path, out);
		*missing = rc < 0 && errno == ENOENT;
		free(path);
	}
	free(url);
	return rc;
}

int fetch_url(const char *url, int dirfd, const char *dest)
{
	struct file_sink sink = {.fd = fs_create(dirfd, dest, 0644)};
	const char *name = strrchr(url, '/');
	int rc;

	if (sink.fd < 0)
		return fail_errno("cannot create %s", dest);
	progress_start(&sink.bar, "fetching", 0);
	progress_label(&sink.bar, name ? name + 1 : url);
	rc = curl_get(url, to_file, &sink, &sink, NULL);
	progress_end(&sink.bar);
	if (sink.failed) {
		errno = sink.failed;
		rc = fail_errno("cannot write %s", dest);
	}
	close(sink.fd);
	if (rc < 0)
		fs_unlinkat(dirfd, dest, 0);
	return rc;
}

int fetch_file(const char *base, const char *name, int dirfd,
	       const char *dest)
{
	char *url = xasprintf("%s/%s", base, name);
	int rc = fetch_url(url, dirfd, dest);

	free(url);
	return rc;
}

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

static void curl_once(void)
{
	static int initialised;

	if (!initialised++)
		curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* A transfer of URL set up as every one of nip's is; NULL said. */
static CURL *easy_new(const char *url, char *errbuf, curl_write_callback cb,
		      void *user)
{
	CURL *c;

	/* Without trust anchors every server would be refused: say why. */
	if (is_https(url) && access(fetch_ca_file(), R_OK) < 0) {
		fail_errno("cannot fetch %s: no CA store to verify the server "
			   "with (%s; install ca-certificates, or set "
			   "SSL_CERT_FILE)", url, fetch_ca_file());
		return NULL;
	}
	curl_once();
	c = curl_easy_init();
	if (!c) {
		fail("%s: cannot start libcurl", url);
		return NULL;
	}
	errbuf[0] = '\0';
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
	return c;
}

/* How transfer C of URL ended (RC), said as nip says it; C is freed. */
static int easy_done(CURL *c, const char *url, CURLcode rc,
		     const char *errbuf, int *missing)
{
	long status = 0;

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

static int curl_get(const char *url, curl_write_callback cb, void *user,
		    struct file_sink *progress, int *missing)
{
	char errbuf[CURL_ERROR_SIZE];
	CURL *c = easy_new(url, errbuf, cb, user);

	if (!c)
		return -1;
	if (progress) {
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, progress);
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	}
	return easy_done(c, url, curl_easy_perform(c), errbuf, missing);
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

/* One transfer of fetch_urls: its file, its share of the one bar. */
struct parallel_sink {
	int fd, failed;
	uint64_t got, max;	/* max: the index's size, 0 unknown */
	struct progress *bar;
	CURL *easy;
	char errbuf[CURL_ERROR_SIZE];
};

static size_t to_parallel(char *data, size_t size, size_t n, void *user)
{
	struct parallel_sink *s = user;

	/* A server may not fill the disk: no more than the index says. */
	if (s->max && s->got + size * n > s->max) {
		s->failed = EFBIG;
		return 0;
	}
	s->got += size * n;
	if (fs_write_all(s->fd, data, size * n) < 0) {
		s->failed = errno;
		return 0;
	}
	progress_add(s->bar, size * n);
	return size * n;
}

/* Start JOB on M into S; -1 said when it cannot start. */
static int start_job(CURLM *m, struct fetch_job *job,
		     struct parallel_sink *s, struct progress *bar, int dirfd)
{
	s->bar = bar;
	s->max = job->size;
	s->fd = fs_create(dirfd, job->dest, 0644);
	if (s->fd < 0)
		return fail_errno("cannot create %s", job->dest);
	s->easy = easy_new(job->url, s->errbuf, to_parallel, s);
	if (!s->easy)
		return -1;
	curl_easy_setopt(s->easy, CURLOPT_PRIVATE, s);
	if (curl_multi_add_handle(m, s->easy) != CURLM_OK)
		return fail("%s: cannot start libcurl", job->url);
	return 0;
}

/* JOB is over (RC from libcurl): its file closed, the outcome said. */
static int end_job(CURLM *m, struct fetch_job *job, struct parallel_sink *s,
		   CURLcode rc)
{
	int ret;

	curl_multi_remove_handle(m, s->easy);
	if (s->failed == EFBIG) {
		curl_easy_cleanup(s->easy);
		fail_clear();
		ret = fail_code(NIP_EXIT_TRUST, "cannot fetch %s: the server "
				"sends more than the %llu bytes the signed index "
				"says", job->url, (unsigned long long)s->max);
	} else {
		ret = easy_done(s->easy, job->url, rc, s->errbuf, NULL);
	}
	s->easy = NULL;
	if (ret == 0 && s->failed) {
		errno = s->failed;
		ret = fail_errno("cannot write %s", job->dest);
	}
	close(s->fd);
	s->fd = -1;
	return ret;
}

/* The bar's words: the one file's name, or how many of N are in. */
static void fetch_label(char *label, size_t size,
			const struct fetch_job *jobs, size_t n, size_t done)
{
	const char *name = strrchr(jobs[0].url, '/');

	if (n == 1)
		snprintf(label, size, "%s", name ? name + 1 : jobs[0].url);
	else if (done < n)
		snprintf(label, size, "%zu of %zu files", done, n);
	else
		snprintf(label, size, "%zu files", n);
}

int fetch_urls(struct fetch_job *jobs, size_t n, int dirfd)
{
	struct parallel_sink *sinks = xcalloc(n, sizeof(*sinks));
	struct progress bar;
	char label[64];
	uint64_t total = 0;
	size_t next = 0, done = 0, i;
	int running = 0, rc = 0;
	CURLM *m;

	if (n == 0) {
		free(sinks);
		return 0;
	}
	for (i = 0; i < n; i++) {
		sinks[i].fd = -1;
		total += jobs[i].size;
	}
	curl_once();
	m = curl_multi_init();
	if (!m) {
		free(sinks);
		return fail("cannot start libcurl");
	}
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS,
			  (long)FETCH_PARALLEL);
	progress_start(&bar, "fetching", total);
	while (rc == 0 && done < n) {
		CURLMsg *msg;
		int left;

		/* Up to FETCH_PARALLEL transfers at a time. */
		while (rc == 0 && next < n && next - done < FETCH_PARALLEL) {
			rc = start_job(m, &jobs[next], &sinks[next], &bar, dirfd);
			next++;
		}
		fetch_label(label, sizeof(label), jobs, n, done);
		progress_label(&bar, label);
		if (rc < 0 || curl_multi_perform(m, &running) != CURLM_OK ||
		    curl_multi_poll(m, NULL, 0, 1000, NULL) != CURLM_OK) {
			rc = rc < 0 ? rc : fail("libcurl failed");
			break;
		}
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left))) {
			struct parallel_sink *s;
			char *priv = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  &priv);
			s = (struct parallel_sink *)priv;
			if (end_job(m, &jobs[s - sinks], s, msg->data.result) < 0)
				rc = -1;
			done++;
		}
	}
	if (rc == 0) {
		fetch_label(label, sizeof(label), jobs, n, n);
		progress_label(&bar, label);
	}
	progress_end(&bar);
	/* After a failure: the others stopped, nothing partial kept. */
	for (i = 0; i < n; i++) {
		if (sinks[i].easy) {
			curl_multi_remove_handle(m, sinks[i].easy);
			curl_easy_cleanup(sinks[i].easy);
		}
		if (sinks[i].fd >= 0)
			close(sinks[i].fd);
		if (rc < 0 && i < next)
			fs_unlinkat(dirfd, jobs[i].dest, 0);
	}
	curl_multi_cleanup(m);
	free(sinks);
	return rc;
}

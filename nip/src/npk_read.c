/* Streaming .npk reader: libarchive over the file, entry by entry. */
#define _GNU_SOURCE
#include "npk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MANIFEST_MAX (64u << 20)

static la_ssize_t file_read(struct archive *a, void *data,
			   const void **block)
{
	struct npk_reader *r = data;
	ssize_t n;

	do
		n = read(r->fd, r->chunk, sizeof(r->chunk));
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		archive_set_error(a, errno, "read error");
		return -1;
	}
	*block = r->chunk;
	return n;
}

int npk_open(struct npk_reader *r, int dirfd, const char *path,
	     const char *what)
{
	memset(r, 0, sizeof(*r));
	r->what = xstrdup(what);
	r->fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0) {
		fail_errno("%s: cannot open %s", what, path);
		free(r->what);
		return -1;
	}
	r->a = archive_read_new();
	archive_read_support_filter_zstd(r->a);
	archive_read_support_format_tar(r->a);
	if (archive_read_open(r->a, r, NULL, file_read, NULL) !=
	    ARCHIVE_OK) {
		fail_code(NIP_EXIT_TRUST, "%s: not an npk archive: %s", what,
			  archive_error_string(r->a));
		npk_close(r);
		return -1;
	}
	return 0;
}

void npk_close(struct npk_reader *r)
{
	if (r->a)
		archive_read_free(r->a);
	if (r->fd >= 0)
		close(r->fd);
	free(r->what);
	r->a = NULL;
	r->fd = -1;
	r->what = NULL;
}

int npk_next(struct npk_reader *r, struct archive_entry **e)
{
	int rc = archive_read_next_header(r->a, e);

	if (rc == ARCHIVE_EOF)
		return 0;
	if (rc != ARCHIVE_OK)
		return fail_code(NIP_EXIT_TRUST,
				 "%s: damaged or truncated archive: %s",
				 r->what, archive_error_string(r->a));
	return 1;
}

int npk_read_manifest(struct npk_reader *r, struct npk_manifest *m,
		      char identity[HASH_HEX], char **out_text)
{
	struct archive_entry *e;
	struct buf text = {0};
	la_int64_t size;
	int rc;

	if ((rc = npk_next(r, &e)) <= 0)
		return rc < 0 ? -1 :
				fail_code(NIP_EXIT_TRUST, "%s: empty archive",
					  r->what);
	size = archive_entry_size(e);
	if (strcmp(archive_entry_pathname(e), MANIFEST_NAME) != 0 ||
	    archive_entry_filetype(e) != AE_IFREG || size <= 0 ||
	    size > (la_int64_t)MANIFEST_MAX)
		return fail_code(NIP_EXIT_TRUST,
				 "%s: first member is not the manifest",
				 r->what);
	text.data = xmalloc((size_t)size + 1);
	text.cap = (size_t)size + 1;
	if (archive_read_data(r->a, text.data, (size_t)size) != size) {
		buf_free(&text);
		return fail_code(NIP_EXIT_TRUST,
				 "%s: truncated manifest: %s", r->what,
				 archive_error_string(r->a));
	}
	text.len = (size_t)size;
	text.data[size] = '\0';
	if (memchr(text.data, '\0', text.len)) {
		buf_free(&text);
		return fail_code(NIP_EXIT_TRUST, "%s: NUL byte in manifest",
				 r->what);
	}
	hash_buffer_hex(text.data, text.len, identity);
	rc = m ? manifest_parse(m, text.data, r->what) : 0;
	if (rc == 0 && out_text) {
		*out_text = text.data;
		text.data = NULL;
	}
	buf_free(&text);
	return rc;
}

int npk_finish(struct npk_reader *r)
{
	struct archive_entry *e;

	/* Consume any entries left, then the tar padding after them. */
	for (;;) {
		int rc = npk_next(r, &e);

		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
		return fail_code(NIP_EXIT_TRUST,
				 "%s: entry %s is not in the manifest", r->what,
				 archive_entry_pathname(e));
	}
	return 0;
}

int npk_load_manifest(int dirfd, const char *path, struct npk_manifest *m,
		      char identity[HASH_HEX])
{
	struct npk_reader r;
	int rc;

	if (npk_open(&r, dirfd, path, path) < 0)
		return -1;
	rc = npk_read_manifest(&r, m, identity, NULL);
	npk_close(&r);
	return rc;
}

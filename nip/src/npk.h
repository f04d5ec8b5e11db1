/* Reading and writing .npk archives (tar + zstd through libarchive). */
#ifndef NIP_NPK_H
#define NIP_NPK_H

#include <archive.h>
#include <archive_entry.h>

#include "manifest.h"
#include "sig.h"

#define NPK_ZSTD_LEVEL "9"
#define NPK_SIG_SUFFIX ".minisig"
#define NPK_SIG_PREFIX "nip-npk "

/*
 * A package being read. Its file is not hashed: the signed index names
 * its manifest (the identity), and every entry is checked against that
 * (path, type, mode, size, target, content hash). A download's file is
 * checked against the index's file hash before it is read here.
 */
struct npk_reader {
	struct archive *a;
	int fd;
	char *what;
	unsigned char chunk[1 << 17];
};

int npk_open(struct npk_reader *r, int dirfd, const char *path,
	     const char *what);
/*
 * Read the first member, the manifest; checks it and gives its identity
 * and, when TEXT is not NULL, its bytes. With M NULL it is not parsed:
 * for a reader who knows the identity it must have.
 */
int npk_read_manifest(struct npk_reader *r, struct npk_manifest *m,
		      char identity[HASH_HEX], char **text);
/* Next payload entry: 1 with *E set, 0 at the end, -1 on error. */
int npk_next(struct npk_reader *r, struct archive_entry **e);
/* Check that no entry is left. */
int npk_finish(struct npk_reader *r);
void npk_close(struct npk_reader *r);

/* Read only the manifest of the package at PATH. */
int npk_load_manifest(int dirfd, const char *path, struct npk_manifest *m,
		      char identity[HASH_HEX]);

struct mode_override;

/* Write OUTDIR/FILE.minisig for the package FILE with IDENTITY. */
int npk_sign(const char *outdir, const char *file, const char *identity,
	     const struct sig_secret *sk);

/*
 * Pack STAGEDIR with META into OUTDIR/NAME-VERSION-RELEASE.npk and sign
 * it with SK. MTIME is every entry's modification time; MODES set the
 * modes normalisation cannot know (0600 files, say).
 */
int npk_pack(const struct npk_meta *meta, const char *stagedir,
	     const char *outdir, const struct sig_secret *sk, long long mtime,
	     const struct mode_override *modes, size_t nmodes,
	     char **out_path);

#endif

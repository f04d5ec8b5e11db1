/*
 * hash_file and npk_pack from two threads at once: each thread must get
 * the answer it gets alone. A buffer shared between calls (a static one)
 * mixes the two threads' bytes and fails this.
 */
#define _GNU_SOURCE
#include "npk.h"
#include "tap.h"
#include "tree.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define WORKERS 2
#define FILE_BYTES (512 * 1024)
#define HASH_ROUNDS 100
#define PACK_ROUNDS 30

struct worker {
	int n;
	char *stage, *data, *out;
	struct npk_meta meta;
	char want_data[HASH_HEX], want_npk[HASH_HEX];
	int hash_wrong, pack_wrong;
};

static struct sig_secret key;

/* Its own contents for each worker, so mixed bytes change the hash. */
static int write_data(const char *path, int n)
{
	unsigned char *bytes = xmalloc(FILE_BYTES);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc;

	for (size_t i = 0; i < FILE_BYTES; i++)
		bytes[i] = (unsigned char)(i * (size_t)(n + 3) + (i >> 12));
	rc = fd >= 0 && write(fd, bytes, FILE_BYTES) == FILE_BYTES ? 0 : -1;
	if (fd >= 0)
		close(fd);
	free(bytes);
	return rc;
}

/* Pack W's stage into DIR; the hash of the package file in HEX. */
static int pack(struct worker *w, const char *dir, char hex[HASH_HEX])
{
	char *path = NULL;
	int rc = npk_pack(&w->meta, w->stage, dir, &key, 0, NULL, 0, &path);

	if (rc == 0)
		rc = hash_file(AT_FDCWD, path, hex, NULL, NULL);
	free(path);
	return rc;
}

static int setup(struct worker *w, const char *top, int n)
{
	char *usr, *ref;
	int rc;

	w->n = n;
	w->stage = xasprintf("%s/stage%d", top, n);
	w->data = xasprintf("%s/usr/data", w->stage);
	w->out = xasprintf("%s/out%d", top, n);
	w->meta.name = xasprintf("t%d", n);
	w->meta.version = "1.0";
	w->meta.release = 1;
	w->meta.summary = "threads";
	w->meta.license = "ISC";
	usr = xasprintf("%s/usr", w->stage);
	ref = xasprintf("%s/ref%d", top, n);
	rc = mkdir_p(usr) < 0 || mkdir_p(w->out) < 0 || mkdir_p(ref) < 0 ||
			     write_data(w->data, n) < 0 ||
			     hash_file(AT_FDCWD, w->data, w->want_data, NULL,
				       NULL) < 0 ||
			     pack(w, ref, w->want_npk) < 0 ?
		     -1 :
		     0;
	free(usr);
	free(ref);
	return rc;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	char got[HASH_HEX];

	for (int i = 0; i < HASH_ROUNDS; i++)
		if (hash_file(AT_FDCWD, w->data, got, NULL, NULL) < 0 ||
		    strcmp(got, w->want_data) != 0)
			w->hash_wrong++;
	for (int i = 0; i < PACK_ROUNDS; i++)
		if (pack(w, w->out, got) < 0 || strcmp(got, w->want_npk) != 0)
			w->pack_wrong++;
	return NULL;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char *top = xasprintf("%s/nip-threads.XXXXXX",
			      tmp && *tmp ? tmp : "/tmp");
	struct worker w[WORKERS] = {0};
	pthread_t tid[WORKERS];
	int ready = 1;

	if (sodium_init() < 0 || !mkdtemp(top))
		return 1;
	randombytes_buf(key.id, sizeof(key.id));
	{
		unsigned char pk[crypto_sign_PUBLICKEYBYTES];

		crypto_sign_keypair(pk, key.sk);
	}
	for (int n = 0; n < WORKERS; n++)
		if (setup(&w[n], top, n) < 0)
			ready = 0;
	ok(ready, "two stages, each hashed and packed alone");
	if (!ready)
		printf("# %s\n", fail_message());
	ok(strcmp(w[0].want_data, w[1].want_data) != 0,
	   "the two files differ");
	for (int n = 0; ready && n < WORKERS; n++)
		ready = pthread_create(&tid[n], NULL, work, &w[n]) == 0;
	ok(ready, "two threads started");
	for (int n = 0; ready && n < WORKERS; n++)
		pthread_join(tid[n], NULL);
	for (int n = 0; n < WORKERS; n++) {
		ok(w[n].hash_wrong == 0,
		   "thread %d: hash_file alone's answer %d times in %d", n,
		   HASH_ROUNDS - w[n].hash_wrong, HASH_ROUNDS);
		ok(w[n].pack_wrong == 0,
		   "thread %d: npk_pack alone's package %d times in %d", n,
		   PACK_ROUNDS - w[n].pack_wrong, PACK_ROUNDS);
	}
	tree_remove(AT_FDCWD, top);
	free(top);
	for (int n = 0; n < WORKERS; n++) {
		free(w[n].stage);
		free(w[n].data);
		free(w[n].out);
		free(w[n].meta.name);
	}
	return done_testing();
}

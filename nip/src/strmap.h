/* An open-addressing map from strings (borrowed) to indexes. */
#ifndef NIP_STRMAP_H
#define NIP_STRMAP_H

#include <stddef.h>

struct strmap {
	const char **keys;
	size_t *values;
	size_t cap, n;
};

/* Insert KEY unless present; returns the value now stored for KEY. */
size_t strmap_put(struct strmap *m, const char *key, size_t value);
/* Insert or overwrite. */
void strmap_set(struct strmap *m, const char *key, size_t value);
/* 1 and *VALUE when KEY is present, else 0. */
int strmap_get(const struct strmap *m, const char *key, size_t *value);
/* The same for a key given as LEN bytes, not NUL-terminated. */
int strmap_get_n(const struct strmap *m, const char *key, size_t len,
		 size_t *value);
void strmap_free(struct strmap *m);

#endif

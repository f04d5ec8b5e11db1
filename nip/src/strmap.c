/* Linear probing over a power-of-two table, FNV-1a hashes. */
#include "strmap.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv1a(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
	return h;
}

static int same_key(const char *stored, const char *key, size_t len)
{
	return strncmp(stored, key, len) == 0 && stored[len] == '\0';
}

static size_t slot_for_n(const struct strmap *m, const char *key, size_t len)
{
	size_t i = (size_t)fnv1a(key, len) & (m->cap - 1);

	while (m->keys[i] && !same_key(m->keys[i], key, len))
		i = (i + 1) & (m->cap - 1);
	return i;
}

static size_t slot_for(const struct strmap *m, const char *key)
{
	return slot_for_n(m, key, strlen(key));
}

static void grow(struct strmap *m)
{
	const char **old_keys = m->keys;
	size_t *old_values = m->values, old_cap = m->cap;

	m->cap = old_cap ? old_cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->values = xcalloc(m->cap, sizeof(*m->values));
	for (size_t i = 0; i < old_cap; i++) {
		if (!old_keys[i])
			continue;
		size_t j = slot_for(m, old_keys[i]);

		m->keys[j] = old_keys[i];
		m->values[j] = old_values[i];
	}
	free(old_keys);
	free(old_values);
}

size_t strmap_put(struct strmap *m, const char *key, size_t value)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	i = slot_for(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->values[i] = value;
		m->n++;
	}
	return m->values[i];
}

void strmap_set(struct strmap *m, const char *key, size_t value)
{
	size_t i;

	strmap_put(m, key, value);
	i = slot_for(m, key);
	m->values[i] = value;
}

int strmap_get_n(const struct strmap *m, const char *key, size_t len,
		 size_t *value)
{
	size_t i;

	if (!m->cap)
		return 0;
	i = slot_for_n(m, key, len);
	if (!m->keys[i])
		return 0;
	*value = m->values[i];
	return 1;
}

int strmap_get(const struct strmap *m, const char *key, size_t *value)
{
	return strmap_get_n(m, key, strlen(key), value);
}

void strmap_free(struct strmap *m)
{
	free(m->keys);
	free(m->values);
	memset(m, 0, sizeof(*m));
}

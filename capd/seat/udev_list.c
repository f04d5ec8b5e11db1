/* libudev's context and its lists of names and values. */
#include "udev_int.h"

#include <stdlib.h>
#include <string.h>

const char *capd_udev_sysfs_root = "/sys";

struct udev *udev_new(void)
{
	struct udev *u = calloc(1, sizeof(*u));

	if (u)
		u->refs = 1;
	return u;
}

struct udev *udev_ref(struct udev *u)
{
	if (u)
		u->refs++;
	return u;
}

struct udev *udev_unref(struct udev *u)
{
	if (u && --u->refs == 0)
		free(u);
	return NULL;
}

struct udev_list_entry *udev_list_entry_get_next(struct udev_list_entry *e)
{
	return e ? e->next : NULL;
}

const char *udev_list_entry_get_name(struct udev_list_entry *e)
{
	return e ? e->name : NULL;
}

const char *udev_list_entry_get_value(struct udev_list_entry *e)
{
	return e ? e->value : NULL;
}

int udev_list_add(struct udev_list_entry **list, const char *name,
		  const char *value)
{
	struct udev_list_entry *e = calloc(1, sizeof(*e));

	if (!e || !(e->name = strdup(name)) ||
	    (value && !(e->value = strdup(value)))) {
		if (e)
			free(e->name);
		free(e);
		return -1;
	}
	while (*list)
		list = &(*list)->next;
	*list = e;
	return 0;
}

struct udev_list_entry *udev_list_find(struct udev_list_entry *list,
				       const char *name)
{
	for (; list; list = list->next)
		if (strcmp(list->name, name) == 0)
			return list;
	return NULL;
}

int udev_list_set(struct udev_list_entry **list, const char *name,
		  const char *value)
{
	struct udev_list_entry *e = udev_list_find(*list, name);
	char *copy;

	if (!e)
		return udev_list_add(list, name, value);
	copy = value ? strdup(value) : NULL;
	if (value && !copy)
		return -1;
	free(e->value);
	e->value = copy;
	return 0;
}

void udev_list_free(struct udev_list_entry *list)
{
	while (list) {
		struct udev_list_entry *next = list->next;

		free(list->name);
		free(list->value);
		free(list);
		list = next;
	}
}

static int by_name(const void *a, const void *b)
{
	const struct udev_list_entry *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

void udev_list_sort(struct udev_list_entry **list)
{
	struct udev_list_entry **v, *e;
	size_t n = 0, i = 0;

	for (e = *list; e; e = e->next)
		n++;
	if (n < 2 || !(v = calloc(n, sizeof(struct udev_list_entry *))))
		return;	/* unsorted is still a correct list */
	for (e = *list; e; e = e->next)
		v[i++] = e;
	qsort(v, n, sizeof(struct udev_list_entry *), by_name);
	for (i = 0; i + 1 < n; i++)
		v[i]->next = v[i + 1];
	v[n - 1]->next = NULL;
	*list = v[0];
	free(v);
}

int udev_parse_records(const char *buf, size_t len, char sep,
		       struct udev_list_entry **list)
{
	size_t at = 0;

	while (at < len) {
		const char *rec = buf + at, *end = memchr(rec, sep, len - at);
		size_t rlen = end ? (size_t)(end - rec) : len - at;
		const char *eq = memchr(rec, '=', rlen);

		at += rlen + 1;
		if (!eq || eq == rec)
			continue;
		{
			char *name = strndup(rec, (size_t)(eq - rec));
			char *value = strndup(eq + 1, rlen - (size_t)(eq - rec) - 1);
			int rc = name && value ? udev_list_set(list, name, value) : -1;

			free(name);
			free(value);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

#include "scrollback.h"

#include <stdlib.h>
#include <string.h>

int scrollback_init(struct scrollback *sb, int capacity)
{
	memset(sb, 0, sizeof(*sb));
	sb->capacity = capacity;
	if (capacity == 0)
		return 0;
	sb->lines = calloc((size_t)capacity, sizeof(*sb->lines));
	return sb->lines ? 0 : -1;
}

void scrollback_free(struct scrollback *sb)
{
	for (int i = 0; i < sb->capacity; i++)
		free(sb->lines[i].cells);
	free(sb->lines);
	memset(sb, 0, sizeof(*sb));
}

/* The slot of line AGE; the caller checks AGE < count. */
static int slot_of(const struct scrollback *sb, int age)
{
	return (sb->newest - age + sb->capacity) % sb->capacity;
}

int scrollback_push(struct scrollback *sb, const struct cell *cells, int cols)
{
	struct scrollback_line *line;
	struct cell *copy;
	int slot;

	if (sb->capacity == 0)
		return 0;
	slot = (sb->newest + 1) % sb->capacity;
	line = &sb->lines[slot];
	/* A full ring reuses the oldest line's memory when it fits. */
	if (line->cells && line->cols >= cols) {
		copy = line->cells;
	} else {
		copy = malloc(sizeof(*cells) * (size_t)(cols ? cols : 1));
		if (!copy)
			return -1;
		free(line->cells);
	}
	memcpy(copy, cells, sizeof(*cells) * (size_t)cols);
	line->cells = copy;
	line->cols = cols;
	sb->newest = slot;
	if (sb->count < sb->capacity)
		sb->count++;
	if (sb->view > 0 && sb->view < sb->count)
		sb->view++;
	return 0;
}

int scrollback_pop(struct scrollback *sb, struct cell *cells, int cols,
		   const struct cell *blank)
{
	const struct scrollback_line *line;
	int keep;

	if (sb->count == 0)
		return -1;
	line = &sb->lines[sb->newest];
	keep = line->cols < cols ? line->cols : cols;
	memcpy(cells, line->cells, sizeof(*cells) * (size_t)keep);
	for (int c = keep; c < cols; c++)
		cells[c] = *blank;
	sb->newest = (sb->newest - 1 + sb->capacity) % sb->capacity;
	sb->count--;
	if (sb->view > sb->count)
		sb->view = sb->count;
	return 0;
}

const struct scrollback_line *scrollback_get(const struct scrollback *sb,
					     int age)
{
	if (age < 0 || age >= sb->count)
		return NULL;
	return &sb->lines[slot_of(sb, age)];
}

int scrollback_scroll(struct scrollback *sb, int delta)
{
	long view = (long)sb->view + delta;
	int before = sb->view;

	if (view < 0)
		view = 0;
	if (view > sb->count)
		view = sb->count;
	sb->view = (int)view;
	return sb->view != before;
}

#include "damage.h"

#include <stdlib.h>

int damage_init(struct damage *damage, int rows, int cols)
{
	damage->rows = rows;
	damage->cols = cols;
	damage->lo = calloc((size_t)rows, sizeof(int));
	damage->hi = calloc((size_t)rows, sizeof(int));
	if (!damage->lo || !damage->hi) {
		damage_free(damage);
		return -1;
	}
	damage_add_all(damage);
	return 0;
}

void damage_free(struct damage *damage)
{
	free(damage->lo);
	free(damage->hi);
	damage->lo = damage->hi = NULL;
	damage->rows = damage->cols = 0;
}

static int clamp(int value, int low, int high)
{
	return value < low ? low : value > high ? high : value;
}

void damage_add(struct damage *damage, int row0, int row1, int col0,
		int col1)
{
	row0 = clamp(row0, 0, damage->rows);
	row1 = clamp(row1, 0, damage->rows);
	col0 = clamp(col0, 0, damage->cols);
	col1 = clamp(col1, 0, damage->cols);
	if (col0 >= col1)
		return;
	for (int r = row0; r < row1; r++) {
		if (damage->hi[r] == 0) {
			damage->lo[r] = col0;
			damage->hi[r] = col1;
			continue;
		}
		if (col0 < damage->lo[r])
			damage->lo[r] = col0;
		if (col1 > damage->hi[r])
			damage->hi[r] = col1;
	}
}

void damage_add_all(struct damage *damage)
{
	damage_add(damage, 0, damage->rows, 0, damage->cols);
}

int damage_is_clean(const struct damage *damage)
{
	for (int r = 0; r < damage->rows; r++)
		if (damage->hi[r])
			return 0;
	return 1;
}

int damage_next(struct damage *damage, int *cursor, struct damage_rect *out)
{
	int r = *cursor, end;

	while (r < damage->rows && damage->hi[r] == 0)
		r++;
	if (r >= damage->rows) {
		*cursor = r;
		return 0;
	}
	end = r + 1;
	while (end < damage->rows && damage->lo[end] == damage->lo[r] &&
	       damage->hi[end] == damage->hi[r])
		end++;
	out->row = r;
	out->rows = end - r;
	out->col = damage->lo[r];
	out->cols = damage->hi[r] - damage->lo[r];
	for (int i = r; i < end; i++)
		damage->hi[i] = 0;
	*cursor = end;
	return 1;
}

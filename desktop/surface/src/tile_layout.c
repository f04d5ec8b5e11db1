/* Master + stack: the master on the left, the stack split evenly. */
#include "tile_layout.h"

static int at_least_one(int v)
{
	return v < 1 ? 1 : v;
}

void tile_layout(struct box area, int n, double master_ratio, struct box *out)
{
	int master_width, stack_n, y;

	if (n <= 0)
		return;
	if (n == 1) {
		out[0] = area;
		out[0].width = at_least_one(area.width);
		out[0].height = at_least_one(area.height);
		return;
	}
	master_width = at_least_one((int)(area.width * master_ratio));
	out[0] = (struct box){ area.x, area.y, master_width,
			       at_least_one(area.height) };
	stack_n = n - 1;
	y = area.y;
	for (int i = 0; i < stack_n; i++) {
		/* The last one takes what integer division left over. */
		int h = i == stack_n - 1 ? area.y + area.height - y
					 : area.height / stack_n;

		out[i + 1] = (struct box){ area.x + master_width, y,
					   at_least_one(area.width -
							master_width),
					   at_least_one(h) };
		y += h;
	}
}

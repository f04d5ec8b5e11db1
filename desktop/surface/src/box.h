/* A rectangle in layout coordinates, for the pure layout code. */
#ifndef SURFACE_BOX_H
#define SURFACE_BOX_H

struct box {
	int x, y, width, height;
};

#endif

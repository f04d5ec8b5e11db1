/* Redrawn only when the percentage moves, so it costs nothing per file. */
#include "progress.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void draw(struct progress *p)
{
	int pct = p->total ? (int)(p->done * 100 / p->total) : 100;
	char bar[31];

	if (pct > 100)
		pct = 100;
	if (pct == p->shown)
		return;
	p->shown = pct;
	memset(bar, ' ', 30);
	memset(bar, '#', (size_t)(pct * 30 / 100));
	bar[30] = '\0';
	printf("\r%s [%s] %3d%% %-24.24s", p->verb, bar, pct, p->label);
	fflush(stdout);
}

void progress_start(struct progress *p, const char *verb, uint64_t total)
{
	memset(p, 0, sizeof(*p));
	p->verb = verb;
	p->total = total;
	p->shown = -1;
	p->enabled = !nip_quiet && isatty(STDOUT_FILENO);
	if (p->enabled)
		draw(p);
}

void progress_label(struct progress *p, const char *label)
{
	snprintf(p->label, sizeof(p->label), "%s", label);
	if (p->enabled) {
		p->shown = -1;
		draw(p);
	}
}

void progress_add(struct progress *p, uint64_t n)
{
	p->done += n;
	if (p->enabled)
		draw(p);
}

void progress_end(struct progress *p)
{
	if (p->enabled && p->shown >= 0)
		fputc('\n', stdout);
	p->enabled = 0;
}

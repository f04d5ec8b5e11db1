/* Redrawn only when the percentage moves, so it costs nothing per file. */
#include "progress.h"
#include "util.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void draw(struct progress *p)
{
	/* An unknown total (a download before its headers) shows 0%. */
	int pct = p->total ? (int)(p->done * 100 / p->total) :
			     p->done ? 100 : 0;
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
	pthread_mutex_init(&p->lock, NULL);
	p->verb = verb;
	p->total = total;
	p->shown = -1;
	p->enabled = !nip_quiet && isatty(STDOUT_FILENO);
	if (p->enabled)
		draw(p);
}

void progress_label(struct progress *p, const char *label)
{
	if (!p->enabled)
		return;
	pthread_mutex_lock(&p->lock);
	snprintf(p->label, sizeof(p->label), "%s", label);
	p->shown = -1;
	draw(p);
	pthread_mutex_unlock(&p->lock);
}

void progress_add(struct progress *p, uint64_t n)
{
	if (!p->enabled)
		return;
	pthread_mutex_lock(&p->lock);
	p->done += n;
	draw(p);
	pthread_mutex_unlock(&p->lock);
}

void progress_end(struct progress *p)
{
	if (p->enabled && p->shown >= 0)
		fputc('\n', stdout);
	p->enabled = 0;
	pthread_mutex_destroy(&p->lock);
}

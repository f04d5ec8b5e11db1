/*
 * A package trigger for triggers.t, built static so it runs chrooted in
 * a test root with nothing else there. It appends its arguments to
 * /var/log/trigger.log, and the journal it ran under to
 * /var/log/trigger-journal. /fail-once makes it fail once; /crash-once
 * makes it kill nip, its parent, once: a crash while triggers run.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void copy_journal(void)
{
	FILE *in = fopen("/var/lib/nip/journal", "r");
	FILE *out = fopen("/var/log/trigger-journal", "w");
	char line[4096];

	while (in && out && fgets(line, sizeof(line), in))
		if (strncmp(line, "trigger ", 8) == 0)
			fputs(line, out);
	if (in)
		fclose(in);
	if (out)
		fclose(out);
}

int main(int argc, char **argv)
{
	FILE *log = fopen("/var/log/trigger.log", "a");
	const char *env = getenv("NIP_TRIGGER");

	if (!log)
		return 2;
	fprintf(log, "%s env=%s", argv[0], env ? env : "-");
	for (int i = 1; i < argc; i++)
		fprintf(log, " %s", argv[i]);
	fputc('\n', log);
	fclose(log);
	copy_journal();
	if (unlink("/fail-once") == 0)
		return 3;
	if (unlink("/crash-once") == 0)
		kill(getppid(), SIGKILL);
	return 0;
}

/*
 * Service policies: ETC/services/NAME.policy gives the service NAME
 * the promises and unveils it runs under (pledge(2), unveil(2)):
 *
 *	# what the service may do, and all it runs
 *	pledge stdio rpath proc exec
 *	unveil rx /usr/bin
 *	unveil r /etc/motd
 *
 * The promises become the service's execpromises, so they hold from its
 * first instruction and pass to everything it starts; the unveils go
 * with them, and the service's own program is unveiled "rx". The file
 * is read at every start, so an edit holds from the next restart. A
 * policy that cannot be read or applied keeps the service from starting:
 * it never runs with less than was asked.
 */
#define _GNU_SOURCE
#include "init.h"

#include <errno.h>
#include <pledge.h>
#include <stdio.h>
#include <string.h>

static int parse_line(struct policy *p, char *line, const char *file,
		      int lineno)
{
	char *word = strtok(line, " \t"), *arg1, *arg2;

	if (!word || *word == '#')
		return 0;
	arg1 = strtok(NULL, " \t");
	if (!strcmp(word, "pledge")) {
		size_t len = 0;

		if (p->has_pledge) {
			say("%s:%d: a second pledge line", file, lineno);
			return -1;
		}
		p->has_pledge = 1;
		/* The words as written; the kernel names a bad one. */
		for (; arg1; arg1 = strtok(NULL, " \t")) {
			int n = snprintf(p->promises + len,
					 sizeof(p->promises) - len, "%s%s",
					 len ? " " : "", arg1);

			if (n < 0 || (size_t)n >= sizeof(p->promises) - len) {
				say("%s:%d: too many promises", file, lineno);
				return -1;
			}
			len += (size_t)n;
		}
		return 0;
	}
	if (!strcmp(word, "unveil")) {
		arg2 = strtok(NULL, " \t");
		if (!arg1 || !arg2 || strtok(NULL, " \t")) {
			say("%s:%d: unveil needs RIGHTS PATH", file, lineno);
			return -1;
		}
		if (arg1[strspn(arg1, "rwxc")] || strlen(arg1) > 4) {
			say("%s:%d: '%s' is not unveil rights (r, w, x, c)",
			    file, lineno, arg1);
			return -1;
		}
		if (*arg2 != '/') {
			say("%s:%d: '%s' is not an absolute path", file, lineno,
			    arg2);
			return -1;
		}
		if (p->nunveil == POLICY_UNVEILS_MAX ||
		    strlen(arg2) >= sizeof(p->unveil[0].path)) {
			say("%s:%d: too many unveils, or too long a path", file,
			    lineno);
			return -1;
		}
		snprintf(p->unveil[p->nunveil].rights,
			 sizeof(p->unveil[0].rights), "%s", arg1);
		snprintf(p->unveil[p->nunveil].path,
			 sizeof(p->unveil[0].path), "%s", arg2);
		p->nunveil++;
		return 0;
	}
	say("%s:%d: unknown directive '%s' (pledge or unveil)", file, lineno,
	    word);
	return -1;
}

int policy_read(struct policy *p, FILE *f, const char *file)
{
	char line[1024];
	int lineno = 0, rc = 0;

	memset(p, 0, sizeof(*p));
	p->present = 1;
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			say("%s:%d: line too long", file, lineno);
			rc = -1;
			break;
		}
		line[strcspn(line, "\n")] = 0;
		rc = parse_line(p, line, file, lineno);
	}
	if (rc == 0 && ferror(f)) {
		say("%s: cannot read: %s", file, strerror(errno));
		rc = -1;
	}
	/* Without execpromises, exec drops the unveils: they would be lost. */
	if (rc == 0 && p->nunveil && !p->has_pledge) {
		say("%s: unveil needs a pledge line: exec keeps unveils only "
		    "with promises", file);
		rc = -1;
	}
	return rc;
}

int policy_load(struct policy *p, const char *name)
{
	char file[600];
	FILE *f;
	int rc;

	memset(p, 0, sizeof(*p));
	snprintf(file, sizeof(file), "%s/services/%s.policy", init_etc(),
		 name);
	f = fopen(file, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		say("%s: cannot read: %s", file, strerror(errno));
		return -1;
	}
	rc = policy_read(p, f, file);
	fclose(f);
	return rc;
}

/* In the service's child, before exec; errors go to its stderr. */
int policy_apply(const struct policy *p, const char *name,
		 const char *program)
{
	if (!p->present)
		return 0;
	for (size_t i = 0; i < p->nunveil; i++) {
		if (unveil(p->unveil[i].path, p->unveil[i].rights) == 0)
			continue;
		fprintf(stderr, "init: %s: unveil %s %s: %s\n", name,
			p->unveil[i].rights, p->unveil[i].path,
			errno == ENOSYS ? "this kernel has no pledge LSM" :
					  strerror(errno));
		return -1;
	}
	if (p->nunveil && unveil(program, "rx") < 0) {
		fprintf(stderr, "init: %s: unveil rx %s: %s\n", name, program,
			strerror(errno));
		return -1;
	}
	if (p->has_pledge && pledge(NULL, p->promises) < 0) {
		fprintf(stderr, "init: %s: pledge \"%s\": %s\n", name,
			p->promises,
			errno == ENOSYS ? "this kernel has no pledge LSM" :
			errno == EINVAL ? "a word that is no promise" :
					  strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Which files make the configuration: the system's, then the user's
 * over it; or with -c, only the one named.
 */
#define _POSIX_C_SOURCE 200809L
#include "config_load.h"

#include <stdlib.h>

int config_user_path(char *buf, size_t size)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;

	/* The XDG base directory spec ignores a relative XDG_CONFIG_HOME. */
	if (xdg != NULL && xdg[0] == '/')
		n = snprintf(buf, size, "%s/surface/surface.conf", xdg);
	else if (home != NULL && home[0] == '/')
		n = snprintf(buf, size, "%s/.config/surface/surface.conf",
			     home);
	else
		return -1;
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int config_way_out(struct surface_config *config, FILE *err)
{
	if (config->n_bindings > 0)
		return 0;
	config_parse_text(config, "built-in",
			  "bind Super+Return exec nexus-term\n"
			  "bind Super+Shift+e exit\n", err);
	fprintf(err, "surface: no key bindings: Super+Return opens "
		     "nexus-term, Super+Shift+e exits\n");
	return 1;
}

int config_load(struct surface_config *config, const char *only,
		const char *system_path, FILE *err)
{
	char user[4096];
	int errors = 0, rc;

	if (only != NULL)
		return config_parse_file(config, only, 0, err);
	rc = config_parse_file(config, system_path, 1, err);
	if (rc > 0)
		errors += rc;
	if (config_user_path(user, sizeof user) == 0) {
		rc = config_parse_file(config, user, 1, err);
		if (rc > 0)
			errors += rc;
	}
	return errors;
}

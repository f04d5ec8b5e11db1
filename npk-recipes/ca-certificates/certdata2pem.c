/*
 * certdata2pem: Mozilla's root store (NSS certdata.txt) as one PEM
 * bundle, the certificates trusted to identify TLS servers only.
 *
 *   certdata2pem CERTDATA BLACKLIST >BUNDLE
 *
 * A certificate is kept when the trust object with its label says
 * CKA_TRUST_SERVER_AUTH CKT_NSS_TRUSTED_DELEGATOR and BLACKLIST (one
 * quoted label per line, # comments) does not name it: the rule of
 * Debian's own converter, which needs Python and a crypto module a
 * Nexus build does not have. Each certificate is written as it comes,
 * after a comment with its label, so the bundle is the same bytes
 * from the same input. Anything it cannot read is an error naming
 * the file and line.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct object {
	char *label;		/* as written, quotes included */
	int is_cert, is_trust, server_trusted;
	unsigned char *der;
	size_t der_len;
};

static struct object *objs;
static size_t nobjs;
static const char *path;
static unsigned long lineno;

static void die(const char *what)
{
	fprintf(stderr, "certdata2pem: %s:%lu: %s\n", path, lineno, what);
	exit(1);
}

static void *grow(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fputs("certdata2pem: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

/* The octal escapes (\ooo) of a MULTILINE_OCTAL value, up to END. */
static void read_octal(FILE *f, unsigned char **out, size_t *len)
{
	char line[512];
	size_t n = 0;
	unsigned char *b = NULL;

	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!strcmp(line, "END")) {
			*out = b;
			*len = n;
			return;
		}
		for (const char *p = line; *p; p += 4) {
			unsigned v = 0;

			if (p[0] != '\\')
				die("an octal value that is not \\ooo");
			for (int i = 1; i <= 3; i++) {
				if (p[i] < '0' || p[i] > '7')
					die("an octal value that is not \\ooo");
				v = v * 8 + (unsigned)(p[i] - '0');
			}
			if (v > 255)
				die("an octal byte over 255");
			b = grow(b, n + 1);
			b[n++] = (unsigned char)v;
		}
	}
	die("a MULTILINE_OCTAL value without END");
}

static void parse(FILE *f)
{
	char line[1024], attr[128], type[128];
	struct object *o = NULL;

	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			die("a line too long");
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#' || !strcmp(line, "BEGINDATA"))
			continue;
		int off = 0;

		if (sscanf(line, "%127s %127s %n", attr, type, &off) != 2)
			die("not an attribute line (NAME TYPE VALUE)");
		const char *value = line + off;

		if (!strcmp(attr, "CKA_CLASS")) {
			objs = grow(objs, (nobjs + 1) * sizeof(*objs));
			o = &objs[nobjs++];
			memset(o, 0, sizeof(*o));
			o->is_cert = !strcmp(value, "CKO_CERTIFICATE");
			o->is_trust = !strcmp(value, "CKO_NSS_TRUST");
		} else if (!o) {
			die("an attribute before the first CKA_CLASS");
		} else if (!strcmp(type, "MULTILINE_OCTAL")) {
			unsigned char *b;
			size_t n;

			read_octal(f, &b, &n);
			if (!strcmp(attr, "CKA_VALUE") && o->is_cert) {
				o->der = b;
				o->der_len = n;
			} else {
				free(b);
			}
		} else if (!strcmp(attr, "CKA_LABEL")) {
			size_t n = strlen(value);

			if (n < 2 || value[0] != '"' || value[n - 1] != '"')
				die("CKA_LABEL without a quoted value");
			o->label = strdup(value);
		} else if (!strcmp(attr, "CKA_TRUST_SERVER_AUTH")) {
			o->server_trusted =
				!strcmp(value, "CKT_NSS_TRUSTED_DELEGATOR");
		}
	}
	if (ferror(f))
		die("cannot read");
}

static int trusted(const char *label)
{
	for (size_t i = 0; i < nobjs; i++)
		if (objs[i].is_trust && objs[i].label &&
		    !strcmp(objs[i].label, label) && objs[i].server_trusted)
			return 1;
	return 0;
}

static char **blacklist;
static size_t nblack;

static void read_blacklist(FILE *f)
{
	char line[1024];

	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (line[0] != '"' || line[strlen(line) - 1] != '"')
			die("not a quoted label");
		blacklist = grow(blacklist, (nblack + 1) * sizeof(*blacklist));
		blacklist[nblack++] = strdup(line);
	}
}

static int blacklisted(const char *label)
{
	for (size_t i = 0; i < nblack; i++)
		if (!strcmp(blacklist[i], label))
			return 1;
	return 0;
}

static void put_pem(const unsigned char *d, size_t n)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t col = 0;

	puts("-----BEGIN CERTIFICATE-----");
	for (size_t i = 0; i < n; i += 3) {
		unsigned long v = (unsigned long)d[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned long)d[i + 1] << 8;
		if (i + 2 < n)
			v |= d[i + 2];
		q[0] = b64[(v >> 18) & 63];
		q[1] = b64[(v >> 12) & 63];
		q[2] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? b64[v & 63] : '=';
		fwrite(q, 1, 4, stdout);
		col += 4;
		if (col == 64) {
			putchar('\n');
			col = 0;
		}
	}
	if (col)
		putchar('\n');
	puts("-----END CERTIFICATE-----");
}

int main(int argc, char **argv)
{
	size_t kept = 0;
	FILE *f;

	if (argc != 3) {
		fputs("usage: certdata2pem CERTDATA BLACKLIST >BUNDLE\n", stderr);
		return 2;
	}
	path = argv[2];
	f = fopen(path, "r");
	if (!f)
		die("cannot open");
	read_blacklist(f);
	fclose(f);
	path = argv[1];
	lineno = 0;
	f = fopen(path, "r");
	if (!f)
		die("cannot open");
	parse(f);
	fclose(f);
	for (size_t i = 0; i < nobjs; i++) {
		struct object *o = &objs[i];

		if (!o->is_cert)
			continue;
		if (!o->label || !o->der_len)
			die("a certificate without CKA_LABEL or CKA_VALUE");
		if (!trusted(o->label) || blacklisted(o->label))
			continue;
		printf("# %s\n", o->label);
		put_pem(o->der, o->der_len);
		kept++;
	}
	if (fflush(stdout) || ferror(stdout)) {
		fputs("certdata2pem: cannot write the bundle\n", stderr);
		return 1;
	}
	fprintf(stderr, "certdata2pem: %zu of the certificates kept\n", kept);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <string.h>
#include "pmb_names.h"

#define PMB_X_BE_NAME(e, ops, s, caps, role, d) s,
#define PMB_X_WL_NAME(e, ops, s, n, p, jf, fig, m, pl, d) s,
#define PMB_X_METHOD_NAME(e, s, d) s,
static const char *const backend_names[] = { PMB_BACKENDS(PMB_X_BE_NAME) };
static const char *const workload_names[] = { PMB_WORKLOADS(PMB_X_WL_NAME) };
static const char *const method_names[] = { PMB_PROTECT_METHODS(PMB_X_METHOD_NAME) };
#undef PMB_X_BE_NAME
#undef PMB_X_WL_NAME
#undef PMB_X_METHOD_NAME

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *name_at(const char *const *tab, unsigned int n,
			   unsigned int i)
{
	return i < n ? tab[i] : NULL;
}

static int index_of(const char *const *tab, unsigned int n, const char *name)
{
	unsigned int i;

	for (i = 0; name && i < n; i++)
		if (!strcmp(tab[i], name))
			return (int)i;
	return -1;
}

const char *pmb_backend_name(unsigned int b)
{
	return name_at(backend_names, NELEM(backend_names), b);
}

const char *pmb_workload_name(unsigned int w)
{
	return name_at(workload_names, NELEM(workload_names), w);
}

const char *pmb_method_name(unsigned int m)
{
	return name_at(method_names, NELEM(method_names), m);
}

int pmb_backend_from_name(const char *name)
{
	return index_of(backend_names, NELEM(backend_names), name);
}

int pmb_workload_from_name(const char *name)
{
	return index_of(workload_names, NELEM(workload_names), name);
}

int pmb_method_from_name(const char *name)
{
	return index_of(method_names, NELEM(method_names), name);
}

/*
 * Read patterns: the one table of their names.  Index 1 is the pattern
 * PMB_JOB_READ_SWEEP selects, index 0 the default pointer chase.
 */
static const char *const pattern_names[] = { "chase", "sweep" };

const char *pmb_pattern_name(unsigned int p)
{
	return name_at(pattern_names, NELEM(pattern_names), p);
}

int pmb_pattern_from_name(const char *name)
{
	return index_of(pattern_names, NELEM(pattern_names), name);
}

/* ---------------------------------------------------------------- text */

bool pmb_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, more;
	unsigned int cp, min;

	while (i < n) {
		if (!s[i])
			return false;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			more = 1, cp = s[i] & 0x1f, min = 0x80;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			more = 2, cp = s[i] & 0x0f, min = 0x800;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			more = 3, cp = s[i] & 0x07, min = 0x10000;
		else
			return false;
		if (n - i <= more)
			return false;
		for (k = 1; k <= more; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* overlong forms, UTF-16 surrogates, past U+10FFFF */
		if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return false;
		i += more + 1;
	}
	return true;
}

bool pmb_text_valid(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	if (!pmb_utf8_valid(str, strlen(str)))
		return false;
	for (; *s; s++) {
		/* C0 controls, DEL, and C1 controls (U+0080..U+009F: C2 80..9F) */
		if (*s < 0x20 || *s == 0x7f ||
		    (*s == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f))
			return false;
	}
	return true;
}

bool pmb_run_id_valid(const char *id)
{
	size_t n = strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			      "0123456789._+-");

	return n && !id[n] && n < PMB_RUN_ID_MAX && isalnum((unsigned char)id[0]);
}

int pmb_read_line(FILE *f, char *buf, size_t cap, size_t *len)
{
	size_t n = 0;
	int c = EOF;

	while (n + 1 < cap) {
		c = getc(f);
		if (c == EOF)
			break;
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	*len = n;
	if (ferror(f))
		return -2;
	/* Full and no newline yet: too long, unless the file ends right here. */
	if (n + 1 == cap && c != '\n' && c != EOF && getc(f) != EOF)
		return -1;
	if (ferror(f))
		return -2;
	return n ? 1 : 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unit-test helper: write files under a fake root (its /proc, /sys, /boot),
 * creating the directories on the way.  Include after <cmocka.h>.
 */
#ifndef PMB_TEST_FAKE_ROOT_H
#define PMB_TEST_FAKE_ROOT_H

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void put(const char *root, const char *path, const char *text)
{
	char full[4096], *slash;
	FILE *f;

	snprintf(full, sizeof(full), "%s%s", root, path);
	for (slash = strchr(full + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(full, 0755);
		*slash = '/';
	}
	f = fopen(full, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

#endif /* PMB_TEST_FAKE_ROOT_H */

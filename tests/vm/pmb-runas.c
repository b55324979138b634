// SPDX-License-Identifier: GPL-2.0
/* pmb-runas UID PROGRAM [ARGS...]: drop to UID (and GID) and exec PROGRAM.
 * busybox's setpriv cannot change uid, and the initramfs has no passwd. */
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	uid_t id;

	if (argc < 3) {
		fprintf(stderr, "usage: pmb-runas UID PROGRAM [ARGS...]\n");
		return 2;
	}
	id = (uid_t)strtoul(argv[1], NULL, 10);
	if (setgroups(0, NULL) || setgid(id) || setuid(id)) {
		perror("pmb-runas");
		return 2;
	}
	execvp(argv[2], argv + 2);
	perror("pmb-runas: exec");
	return 127;
}

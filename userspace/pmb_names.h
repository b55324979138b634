/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Name <-> enum lookups, expanded from the X-macro tables of the ABI header;
 * and the checks every string read from a file or the command line passes.
 */
#ifndef PMB_NAMES_H
#define PMB_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "uapi/pmbench.h"

const char *pmb_backend_name(unsigned int b);
const char *pmb_workload_name(unsigned int w);
const char *pmb_method_name(unsigned int m);
/* Return the enum value, or -1 when @name is not in the table. */
int pmb_backend_from_name(const char *name);
int pmb_workload_from_name(const char *name);
int pmb_method_from_name(const char *name);
/* Read patterns: 0 "chase", 1 "sweep" (PMB_JOB_READ_SWEEP). */
const char *pmb_pattern_name(unsigned int p);
int pmb_pattern_from_name(const char *name);

/*
 * Whether @s[0..n) is well-formed UTF-8: no NUL byte, no overlong form,
 * no UTF-16 surrogate, nothing past U+10FFFF (what jansson accepts).
 */
bool pmb_utf8_valid(const char *s, size_t n);
/* UTF-8 without control characters (C0, DEL, C1): one line of text. */
bool pmb_text_valid(const char *s);

/* Run ids: [A-Za-z0-9._+-], a letter or digit first, shorter than this. */
#define PMB_RUN_ID_MAX	100
bool pmb_run_id_valid(const char *id);

/*
 * Read one line of at most @cap - 1 bytes, its newline included, into @buf
 * (NUL-terminated; *@len bytes, which may hold NUL bytes of the input).
 * Never reads more than that: returns 1 for a line, 0 at the end of the
 * file, -1 when the line is longer (the rest is left unread), -2 on a read
 * error.
 */
int pmb_read_line(FILE *f, char *buf, size_t cap, size_t *len);

#endif /* PMB_NAMES_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the suite parser (pmb_suite_parse) on arbitrary bytes,
 * with the module's registry and with the userspace twin's
 * (twin_suite_parse: the same parser, the twin's names and threads=).
 * Besides the sanitizers' findings it checks the parser's promises: a
 * suite either parses into jobs within the limits, or is refused with a
 * "FILE:..." message and no job at all.  tests/fuzz/test-fuzz-userspace.sh
 * builds and runs it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmb_names.h"
#include "pmb_suite.h"
#include "twin/twin_names.h"
#include "twin/twin_suite.h"

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "fuzz_suite: %s:%d: %s\n",	\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The twin's registry: its names, threads= where its workloads take it. */
static void twin_one(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), err[1024] = "";
	struct twin_suite s;
	const struct twin_job *j;
	size_t i;
	int ret;

	if (!text)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	ret = twin_suite_parse(&s, text, "fuzz.suite", err, sizeof(err));
	free(text);
	if (ret) {
		CHECK(ret == -1);
		CHECK(!strncmp(err, "fuzz.suite", 10));
		CHECK(!strchr(err, '\n'));
		CHECK(s.nr_jobs == 0 && !s.jobs);
		return;
	}
	CHECK(s.nr_jobs > 0 && s.nr_jobs <= PMB_SUITE_MAX_JOBS);
	for (i = 0; i < s.nr_jobs; i++) {
		j = &s.jobs[i];
		CHECK(twin_backend_name(j->backend) && twin_workload_name(j->workload));
		CHECK(j->size >= 1 && j->size <= PMB_SUITE_MAX_AMOUNT);
		CHECK(j->count >= 1 && j->count <= PMB_SUITE_MAX_AMOUNT);
		CHECK(j->repeats >= 1 && j->repeats + j->warmup <= PMB_SUITE_MAX_SAMPLES);
		CHECK((j->threads < 0) == (twin_workload_threads(j->workload) < 0));
		CHECK(j->threads <= PMB_SUITE_MAX_THREADS);
		CHECK(j->line >= 1);
	}
	twin_suite_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pmb_suite s = { 0 };
	char err[1024] = "", what[256];
	const struct pmb_job *j;
	size_t i;
	FILE *f;
	int ret;

	if (!size)
		return 0;
	twin_one(data, size);
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	ret = pmb_suite_parse(&s, f, "fuzz.suite", err, sizeof(err));
	fclose(f);
	if (ret) {
		CHECK(ret == -1);
		CHECK(!strncmp(err, "fuzz.suite", 10));
		CHECK(!strchr(err, '\n'));
		CHECK(s.nr_jobs == 0 && !s.jobs);
		return 0;
	}
	CHECK(s.nr_jobs > 0 && s.nr_jobs <= PMB_SUITE_MAX_JOBS);
	for (i = 0; i < s.nr_jobs; i++) {
		j = &s.jobs[i].job;
		CHECK(pmb_backend_name(j->backend) && pmb_workload_name(j->workload));
		CHECK(j->size >= 1 && j->size <= PMB_SUITE_MAX_AMOUNT);
		CHECK(j->count >= 1 && j->count <= PMB_SUITE_MAX_AMOUNT);
		CHECK(j->repeats >= 1 &&
		      j->repeats + j->warmup <= PMB_SUITE_MAX_SAMPLES);
		CHECK(j->protect_method == PMB_PROT_DEFAULT ||
		      pmb_method_name(j->protect_method));
		CHECK(s.jobs[i].line >= 1);
		pmb_suite_job_describe(&s.jobs[i], what, sizeof(what));
		CHECK(pmb_text_valid(what));
	}
	pmb_suite_free(&s);
	return 0;
}

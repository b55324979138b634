/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The twin's backends, one ops struct each (the fio way): the engine only
 * calls ops and never names a backend.  A set is @count objects of @size
 * bytes from one backend.
 */
#ifndef TWIN_BACKEND_H
#define TWIN_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

#include "upm_pool.h"

struct twin_set {
	unsigned int backend;		/* enum twin_backend */
	size_t size, count;
	void **obj;			/* the objects, allocation order */
	size_t nr;			/* allocated so far */
	struct upm_pool *pool;		/* pool backends */
	bool seal;			/* protect with mseal on top */
	bool is_protected;
	size_t malloc_before;		/* malloc: bytes in use (heap + mmapped) at create */
	long vmas_before;		/* mappings of the process at create, -1 unknown */
	size_t copies;			/* pool-rcu: objects living in a copy of their own */
	bool *is_copy;			/* pool-rcu: per object, whether it does (no pool walk) */
};

/* What a set holds now; SIZE_MAX where the backend cannot tell. */
struct twin_footprint {
	size_t pages;			/* distinct pages the objects lie in */
	size_t mappings;		/* mappings (VMAs) added since create */
	size_t bytes_consumed;		/* memory taken, bookkeeping included */
	size_t metadata_bytes;		/* the allocator's own bookkeeping */
	size_t va_bytes;		/* address space mapped for the objects */
};

struct twin_backend_ops {
	int (*create)(struct twin_set *s);
	void *(*alloc)(struct twin_set *s);
	int (*free)(struct twin_set *s, void *obj);
	/* whole set; *@flips: mprotect() calls made */
	int (*protect)(struct twin_set *s, size_t *flips);
	int (*unprotect)(struct twin_set *s, size_t *flips);
	/* everything the set holds; after it the set is empty */
	int (*destroy)(struct twin_set *s);
	void (*footprint)(const struct twin_set *s, struct twin_footprint *fp);
	/*
	 * One write of a new @version into every word of protected object
	 * @i, the set protected again when it returns; *@flips: mprotect()
	 * calls made.  In place (unprotect, write, protect: the whole pool,
	 * or the object's own mapping), or by copy (pool-rcu).
	 */
	int (*write_rare)(struct twin_set *s, size_t i, unsigned long long version,
			  size_t *flips);
	/* readers must take rcu_read_lock() and rcu_dereference() the object */
	bool readers_use_rcu;
};

const struct twin_backend_ops *twin_backend_ops(unsigned int backend);

/*
 * A set: ops->create plus the object array.  0 or -errno.  twin_set_alloc
 * fills it to @count (each object written once, so its page is there).
 */
int twin_set_init(struct twin_set *s, unsigned int backend, size_t size,
		  size_t count, bool seal);
int twin_set_alloc_all(struct twin_set *s);
int twin_set_destroy(struct twin_set *s);

/* Mappings (lines of /proc/self/maps) of this process, -1 unreadable. */
long twin_count_mappings(void);
/* Distinct pages the @n objects of @size bytes at @obj[] lie in. */
size_t twin_pages_spanned(void *const *obj, size_t n, size_t size);

#endif /* TWIN_BACKEND_H */

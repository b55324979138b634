#!/bin/bash
# Build pmbench.ko for one more kernel of the matrix, from the same source
# tree as the configured build: kmod/'s sources are mirrored into
# kmod-build/RELEASE/ (Kbuild wants the sources beside the objects), that
# kernel's tree is probed there (scripts/kernel-probes.sh writes its own
# pmb_probe.h, so kmod/compat/ picks that kernel's APIs), and Kbuild
# builds kmod-build/RELEASE/pmbench.ko.  Incremental: unchanged sources
# keep their timestamps, and the probes rerun only when the probe script
# or the kernel tree changed.
#
#   scripts/build-kmod.sh RELEASE...
#
# The kernel ./configure chose is built by `make` into kmod/ as before;
# this script is for the others (`make kmod-kernels KERNELS=...`).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top_src=${PMB_TOP_SRCDIR:-$(cd "$here/.." && pwd)}
top_build=${PMB_TOP_BUILDDIR:-$top_src}
prog=build-kmod

[ $# -gt 0 ] || { echo "$prog: usage: scripts/build-kmod.sh RELEASE..." >&2; exit 2; }
"$here/kernels.sh" check "$@" || exit 1

files=$(cd "$top_src" && ls kmod/Kbuild kmod/*.[ch] kmod/uapi/*.h kmod/compat/*.[ch] | grep -v '^kmod/pmb_probe.h$')
for release; do
	kbuild=$("$here/kernels.sh" build-dir "$release")
	out=$top_build/kmod-build/$release
	mkdir -p "$out"
	# Mirror the sources: copy only what changed, drop what kmod/ no longer has.
	for f in $files; do
		rel=${f#kmod/}
		mkdir -p "$out/$(dirname "$rel")"
		cmp -s "$top_src/$f" "$out/$rel" || cp -p "$top_src/$f" "$out/$rel"
	done
	(cd "$out" && find . -name '*.[ch]' ! -name '*.mod.c' ! -name pmb_probe.h) | while read -r f; do
		grep -qxF "kmod/${f#./}" <<<"$files" || rm -f "$out/$f"
	done
	stamp=$out/.probed
	if [ ! -f "$out/pmb_probe.h" ] || [ ! -f "$stamp" ] ||
	   [ "$here/kernel-probes.sh" -nt "$stamp" ] || [ "$kbuild/include/generated/autoconf.h" -nt "$stamp" ]; then
		echo "$prog: $release: probing $kbuild" >&2
		if ! "$here/kernel-probes.sh" "$kbuild" "$out/pmb_probe.h" 2>&1 | sed "s/^/  /" >&2; then
			echo "$prog: $release: the kernel probes failed (above)" >&2
			exit 1
		fi
		touch "$stamp"
	fi
	echo "$prog: $release: building $out/pmbench.ko" >&2
	make -C "$kbuild" M="$out" modules >"$out/build.log" 2>&1 || {
		grep -E 'error|Error' "$out/build.log" | head -20 >&2
		echo "$prog: $release: the module does not build against $kbuild (log: $out/build.log)" >&2
		exit 1
	}
	got=$(modinfo -F vermagic "$out/pmbench.ko" 2>/dev/null | cut -d ' ' -f 1)
	[ "$got" = "$release" ] || { echo "$prog: $release: built a module for '$got' instead" >&2; exit 1; }
done

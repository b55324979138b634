#!/bin/bash
# Builds kmod/pmbench.ko for one kernel, as DKMS runs it (dkms.conf's MAKE)
# in its copy of the module's sources; works in a clone too.
#
#   scripts/dkms-make.sh KERNEL_BUILD_DIR   probe that kernel, then build
#   scripts/dkms-make.sh --clean            remove what the build made
#
# The probe (scripts/kernel-probes.sh, what ./configure runs) writes
# kmod/pmb_probe.h for that kernel: each kernel DKMS builds for gets its
# own answers, never another kernel's.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ "${1:-}" = --clean ]; then
	cd "$top/kmod"
	rm -f pmb_probe.h ./*.o compat/*.o ./*.ko ./*.mod ./*.mod.c ./.*.cmd compat/.*.cmd \
		Module.symvers modules.order
	exit 0
fi
kbuild=${1:-}
if [ -z "$kbuild" ] || [ ! -f "$kbuild/Makefile" ]; then
	echo "dkms-make: '${kbuild}' is not a kernel build tree (install linux-headers-RELEASE for that kernel)" >&2
	exit 1
fi
bash "$top/scripts/kernel-probes.sh" "$kbuild" "$top/kmod/pmb_probe.h"
make -C "$kbuild" M="$top/kmod" modules

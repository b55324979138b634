#!/bin/bash
# The module under DKMS, so that every kernel on a test box gets its own
# build (README, "Many kernels: DKMS").  Behind `make dkms-install` and
# `make dkms-uninstall`.
#
#   scripts/dkms-install.sh install VERSION   copy the sources to
#       /usr/src/pmbench-VERSION, `dkms add`, then build and install the
#       module for every kernel here that has its build tree
#       (/lib/modules/RELEASE/build); later kernels get it from DKMS
#   scripts/dkms-install.sh build VERSION     the same, but only build
#       (nothing goes into /lib/modules: for a machine that cannot load it)
#   scripts/dkms-install.sh remove VERSION    undo both
#
# PMB_DKMS_KERNELS="R1 R2" picks the kernel releases instead of all.
# Each kernel's result is one line; the status is 1 if any failed.
set -uo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
action=${1:-} version=${2:-}
die() { echo "dkms-install: $*" >&2; exit 1; }
case $action in install | build | remove) ;; *)
	die "usage: scripts/dkms-install.sh install|build|remove VERSION" ;;
esac
[[ $version =~ ^[0-9A-Za-z.+~-]+$ ]] || die "'$version' is not a package version"
[ "$(id -u)" -eq 0 ] || die "run as root (DKMS writes /usr/src and /var/lib/dkms)"
command -v dkms > /dev/null || die "dkms not found: run scripts/install-deps.sh (it installs the dkms package)"
src=/usr/src/pmbench-$version

# The sources DKMS needs, nothing built: the module, its probe and build
# scripts, and dkms.conf with this package's version.  Written first, for
# every action: `dkms remove` reads dkms.conf from there too.
rm -rf "$src"
mkdir -p "$src/scripts" || die "cannot create $src"
(cd "$top" && { git ls-files -- kmod 2>/dev/null | grep . ||
	ls kmod/Kbuild kmod/*.[ch] kmod/uapi/*.h kmod/compat/*.[ch] | grep -v pmb_probe.h; } |
	xargs tar cf -) | tar xf - -C "$src" || die "cannot copy kmod/ to $src"
cp "$top/scripts/kernel-probes.sh" "$top/scripts/dkms-make.sh" "$src/scripts/" &&
	sed "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$version\"/" "$top/dkms.conf" > "$src/dkms.conf" ||
	die "cannot copy the scripts and dkms.conf to $src"
# A version DKMS has already (from an earlier install or build) goes
# first, with every kernel's build of it.
if [ -d "/var/lib/dkms/pmbench/$version" ]; then
	dkms remove -m pmbench -v "$version" --all > /tmp/pmb-dkms-remove.log 2>&1 ||
		die "dkms remove pmbench/$version failed: $(grep -m1 . /tmp/pmb-dkms-remove.log)"
fi
if [ "$action" = remove ]; then
	rm -rf "$src"
	echo "dkms-install: pmbench/$version removed"
	exit 0
fi
dkms add -m pmbench -v "$version" > /dev/null || die "dkms add pmbench/$version failed"

kernels=${PMB_DKMS_KERNELS:-$(cd /lib/modules && for k in *; do [ -e "$k/build/Makefile" ] && echo "$k"; done)}
[ -n "$kernels" ] || die "no kernel here has its build tree (/lib/modules/*/build): install linux-headers-\$(uname -r)"
bad=0
for k in $kernels; do
	log=/var/lib/dkms/pmbench/$version/build/make.log
	if dkms "$action" -m pmbench -v "$version" -k "$k" > "/tmp/pmb-dkms-$k.log" 2>&1; then
		echo "dkms-install: $k: $action ok ($(dkms status -m pmbench -v "$version" -k "$k" 2>/dev/null | head -1))"
	else
		bad=1
		why=$(grep -m1 -E 'pmb-probe:|error:|Error' "/tmp/pmb-dkms-$k.log" "$log" 2>/dev/null | head -1)
		echo "dkms-install: $k: $action FAILED: ${why:-see /tmp/pmb-dkms-$k.log}"
	fi
done
exit $bad

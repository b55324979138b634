#!/bin/bash
# The DKMS files without DKMS: dkms.conf says what DKMS needs and names
# scripts that exist, its version is the package's, and the scripts behind
# `make dkms-install` refuse bad input with one line each.  The build for
# each kernel is DKMS's own (README, "Many kernels: DKMS", has the run).
# Prints TAP; exits 0 only if all pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$here/../tap.sh"
T=$(mktemp -d "${TMPDIR:-/tmp}/test-dkms.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

# DKMS reads dkms.conf as shell.
conf=$(cd "$top" && bash -c '. ./dkms.conf && printf "%s|" "$PACKAGE_NAME" "$PACKAGE_VERSION" \
	"${BUILT_MODULE_NAME[0]}" "${BUILT_MODULE_LOCATION[0]}" "$AUTOINSTALL"' 2>&1)
[ "$conf" = "pmbench|$(sed -n 's/^AC_INIT(\[pmbench\], \[\([^]]*\)\].*/\1/p' "$top/configure.ac")|pmbench|kmod/|yes|" ] &&
	ok "dkms.conf: name, the version of configure.ac's AC_INIT, module kmod/pmbench, autoinstall" ||
	not_ok "dkms.conf: name, the version of configure.ac's AC_INIT, module kmod/pmbench, autoinstall" "$conf"
make_cmd=$(cd "$top" && bash -c 'kernel_source_dir=/K; . ./dkms.conf; echo "${MAKE[0]}"')
[ "$make_cmd" = "bash scripts/dkms-make.sh /K" ] && [ -f "$top/scripts/dkms-make.sh" ] &&
	ok "dkms.conf: MAKE runs scripts/dkms-make.sh on the kernel's build tree" ||
	not_ok "dkms.conf: MAKE runs scripts/dkms-make.sh on the kernel's build tree" "$make_cmd"

out=$(bash "$top/scripts/dkms-make.sh" "$T/no-tree" 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$(wc -l <<<"$out")" = 1 ] && grep -q "is not a kernel build tree" <<<"$out" &&
	ok "dkms-make.sh: no build tree is one line, status 1" ||
	not_ok "dkms-make.sh: no build tree is one line, status 1" "rc=$rc" "$out"

# --clean in a copy: what a build leaves goes, the sources stay.
mkdir -p "$T/copy/scripts" "$T/copy/kmod/compat"
cp "$top/scripts/dkms-make.sh" "$T/copy/scripts/"
touch "$T/copy/kmod/pmb_probe.h" "$T/copy/kmod/a.o" "$T/copy/kmod/compat/b.o" "$T/copy/kmod/pmbench.ko" \
	"$T/copy/kmod/.a.o.cmd" "$T/copy/kmod/a.c" "$T/copy/kmod/Kbuild"
bash "$T/copy/scripts/dkms-make.sh" --clean
left=$(cd "$T/copy/kmod" && find . -type f | sort | tr '\n' ' ')
[ "$left" = "./Kbuild ./a.c " ] && ok "dkms-make.sh --clean removes the build's files only" ||
	not_ok "dkms-make.sh --clean removes the build's files only" "left: $left"

inst=$top/scripts/dkms-install.sh
out=$(bash "$inst" frob 0.1 2>&1); rc=$?
[ $rc -eq 1 ] && grep -qx 'dkms-install: usage: scripts/dkms-install.sh install|build|remove VERSION' <<<"$out" &&
	ok "dkms-install.sh: an unknown action is the usage line" || not_ok "dkms-install.sh: an unknown action is the usage line" "$out"
out=$(bash "$inst" install '0.1/../x' 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$out" = "dkms-install: '0.1/../x' is not a package version" ] &&
	ok "dkms-install.sh: a version that is not one is refused" || not_ok "dkms-install.sh: a version that is not one is refused" "$out"
mkdir "$T/bin"
printf '#!/bin/sh\necho 1000\n' > "$T/bin/id"
chmod +x "$T/bin/id"
out=$(PATH=$T/bin:$PATH bash "$inst" install 0.1 2>&1); rc=$?
[ $rc -eq 1 ] && [ "$out" = "dkms-install: run as root (DKMS writes /usr/src and /var/lib/dkms)" ] &&
	ok "dkms-install.sh: not root is one line, before anything is written" ||
	not_ok "dkms-install.sh: not root is one line, before anything is written" "$out"
echo "1..$n"
[ "$failed" -eq 0 ]

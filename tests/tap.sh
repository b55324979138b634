# Sourced by the host-side test scripts: TAP lines, counted.
#   ok NAME                  a pass
#   not_ok NAME [DETAIL...]  a failure; every line of every DETAIL follows
#                            as a '# ' comment
#   skip NAME WHY            neither
# $n counts the tests, $failed the failures; end with: echo "1..$n".
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	[ $# -eq 0 ] || printf '%s\n' "$@" | sed 's/^/# /'
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

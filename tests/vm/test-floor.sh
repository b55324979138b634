#!/bin/bash
# The ro-after-init floor in the VM (TCG): objects in the module's own
# __ro_after_init data, laid at load for fixed shapes by the read
# workload's own code, read-only once the module's init returns.
#   - its self-tests: every set laid holds what the read workload lays in
#     the same shape on any backend (chase order by object index, sweep
#     words), and every page is read-only: PTEs, and a write into the
#     first and last object of each set faults and changes nothing (the
#     fault drill, page faults disabled: never an oops; the VM runner
#     fails the test on any oops, BUG or WARNING);
#   - reads of the laid shapes run, chase and sweep, plain and protected,
#     under both methods: no flip, no flush, verified read-only (PTEs and
#     the drill again, through the job's verify);
#   - the same shapes run on the backends that allocate (their chase is
#     laid by the same code: the self-test above is the comparison);
#   - any other shape is "unsupported", the kernel log says why; every
#     workload but read is "unsupported" (the registry's PMB_CAN_ALLOC);
#   - the ro_after_init_shapes parameter: other shapes, and bad values
#     refused at load with one clear line.
set -u
. "$(dirname "$0")/lib.sh"
vm_guest_tap 600 "" <<'GUEST'
job() { ./pmbench job "$@" 2>&1; }
params=/sys/module/pmbench/parameters
B=ro-after-init
insmod /pmbench/pmbench.ko && ok "insmod" || { nok "insmod"; done_tap; exit 1; }

case $(./pmbench caps) in
*'"backends":['*"\"$B\""*) ok "caps lists $B" ;;
*) nok "caps lists $B" "$(./pmbench caps)" ;;
esac
shapes=$(cat $params/ro_after_init_shapes)
expect "ro_after_init_shapes defaults to the suites' read shapes" \
	"\"$shapes\" == \"64x64,64x256,64x1k,64x4k,4kx256\"" "$shapes"
laid=$(dmesg | grep -c 'ro-after-init floor: 10 sets laid')
expect "the load laid 10 sets (5 shapes, chase and sweep) and said so" "$laid == 1" \
	"$(dmesg | grep 'ro-after-init' | tail -2)"

# ---- self-tests: contents and protection of every set ----
./pmbench selftest read_layout_cycle ro_after_init_layout ro_after_init_readonly > /tmp/st.out 2>&1
rc=$?
relay "selftest: " < /tmp/st.out
expect "self-tests ro_after_init_*: exit status 0" "$rc == 0" "rc=$rc"

# ---- reads of the laid shapes ----
# No flip and no flush ever; protected reads are verified (PTEs of every
# page, a write into the first and last object faults) and carry the
# job's method, so the report puts them beside the others' protected reads.
for SN in 64:256 4096:256; do
	S=${SN%:*} N=${SN#*:}
	for p in chase sweep; do
		sw=; [ $p = sweep ] && sw=--sweep
		for m in none cpa pte; do
			pr=; [ $m != none ] && pr="--protected --verify --method $m"
			out=$(job --backend $B --workload read --size $S --count $N --repeats 2 $sw $pr)
			name="$B/read $p size $S count $N ${pr:-plain}"
			lines=$(echo "$out" | grep -c '"status":"ok"')
			ops=$(echo "$out" | field ops | sort -u)
			ns=$(echo "$out" | field ns_per_op | sort -u | head -1)
			pages=$(echo "$out" | field pages | sort -u)
			areas=$(echo "$out" | field vmap_areas | sort -u)
			pat=$(echo "$out" | field pattern | sort -u | tr -d '"')
			vf=$(echo "$out" | field verified | sort -u)
			fl=$(echo "$out" | field tlb_flushes | sort -u)
			fp=$(echo "$out" | field flips | sort -u)
			pm=$(echo "$out" | field protect_method | sort -u | tr -d '"')
			want_pages=$(( (S * N + 4095) / 4096 ))
			detail="lines=$lines ops=$ops ns=$ns pages=$pages areas=$areas pattern=$pat verified=$vf flushes=$fl flips=$fp method=$pm"
			if [ $m = none ]; then
				good="\"$vf\" == \"null\" && \"$pm\" == \"null\""
			else
				good="\"$vf\" == \"true\" && \"$fl\" == \"0\" && \"$fp\" == \"0\" && \"$pm\" == \"$m\""
			fi
			expect "$name: 2 samples of $N loads, $want_pages pages, no area${pr:+, verified, 0 flips, 0 flushes}" \
				"$lines == 2 && \"$ops\" == \"$N\" && $ns > 0 && \"$pages\" == \"$want_pages\" && \"$areas\" == \"0\" && \"$pat\" == \"$p\" && $good" \
				"$detail $(echo "$out" | head -1 | head -c 300)"
		done
	done
	# The same shape on the backends that allocate: the same code laid it.
	for b in kmalloc vmalloc pmalloc-bump; do
		out=$(job --backend $b --workload read --size $S --count $N --repeats 1)
		case $out in
		*'"status":"ok"'*) ok "$b/read size $S count $N: runs (its chase laid by the same code)" ;;
		*) nok "$b/read size $S count $N: runs (its chase laid by the same code)" "$(echo "$out" | head -1)" ;;
		esac
	done
done
# The largest laid set, once: 4096 chase loads.
out=$(job --backend $B --workload read --size 64 --count 4096 --repeats 1 --protected --verify)
case $out in
*'"status":"ok"'*'"verified":true'*) ok "$B/read size 64 count 4096 protected: ok, verified" ;;
*) nok "$B/read size 64 count 4096 protected: ok, verified" "$(echo "$out" | head -1)" ;;
esac

# ---- what was not laid: unsupported, and the log says why ----
unsupported() { # NAME ARGS...: one unsupported line, status 0
	name=$1; shift
	out=$(job "$@"); rc=$?
	case "$rc:$out" in
	0:*'"status":"unsupported"'*) ok "$name" ;;
	*) nok "$name" "rc=$rc $(echo "$out" | head -1)" ;;
	esac
}
unsupported "$B/read size 64 count 512 (not laid): unsupported" \
	--backend $B --workload read --size 64 --count 512
dmesg | grep -q 'ro-after-init: no chase of 512 objects of 64 bytes was laid at load' &&
	ok "the log says which shape was not laid" ||
	nok "the log says which shape was not laid" "$(dmesg | grep 'ro-after-init' | tail -2)"
unsupported "$B/read sweep size 128 count 256 (not laid): unsupported" \
	--backend $B --workload read --size 128 --count 256 --sweep
unsupported "$B/read size 4096 count 4096 (past the capacity): unsupported" \
	--backend $B --workload read --size 4096 --count 4096
# Every workload but read: unsupported, from the registry alone.
n_uns=0
for w in $(./pmbench list pairs | awk -v b=$B '$1 == b && $3 == "unsupported" { print $2 }'); do
	unsupported "$B/$w: unsupported (nothing is allocated at run time)" \
		--backend $B --workload $w --size 64 --count 256
	n_uns=$((n_uns + 1))
done
n_wl=$(./pmbench list workloads | wc -l)
expect "every workload but read is unsupported on $B" "$n_uns == $n_wl - 1" "$n_uns of $n_wl"
# The read workload's own constraints hold here too.
out=$(job --backend $B --workload read --size 4 --count 8); rc=$?
case "$rc:$out" in 1:*invalid*) ok "$B/read of 4-byte objects: EINVAL" ;; *) nok "$B/read of 4-byte objects: EINVAL" "rc=$rc $out" ;; esac
out=$(job --backend $B --workload read --size 64 --count 256 --verify); rc=$?
case "$rc:$out" in 1:*invalid*) ok "$B/read --verify without --protected: EINVAL" ;; *) nok "$B/read --verify without --protected: EINVAL" "rc=$rc $out" ;; esac
# The data is still what was laid after all these jobs.
./pmbench selftest ro_after_init_layout > /tmp/st2.out 2>&1 &&
	ok "after the jobs: every set still holds what was laid" ||
	nok "after the jobs: every set still holds what was laid" "$(head -c 300 /tmp/st2.out)"
rmmod pmbench && ok "rmmod" || nok "rmmod"

# ---- the parameter ----
if insmod /pmbench/pmbench.ko ro_after_init_shapes=64x100,1kx8; then
	ok "insmod ro_after_init_shapes=64x100,1kx8"
	out=$(job --backend $B --workload read --size 64 --count 100 --repeats 1 --protected --verify)
	case $out in *'"status":"ok"'*'"verified":true'*) ok "$B: 64x100 laid and read" ;; *) nok "$B: 64x100 laid and read" "$(echo "$out" | head -1)" ;; esac
	out=$(job --backend $B --workload read --size 1024 --count 8 --repeats 1 --sweep)
	case $out in *'"status":"ok"'*) ok "$B: 1kx8 sweep laid and read" ;; *) nok "$B: 1kx8 sweep laid and read" "$(echo "$out" | head -1)" ;; esac
	unsupported "$B: 64x256 not laid this time: unsupported" --backend $B --workload read --size 64 --count 256
	./pmbench selftest ro_after_init_layout ro_after_init_readonly > /tmp/st3.out 2>&1 &&
		ok "self-tests on the parameter's sets" || nok "self-tests on the parameter's sets" "$(head -c 300 /tmp/st3.out)"
	rmmod pmbench || nok "rmmod"
else
	nok "insmod ro_after_init_shapes=64x100,1kx8"
fi
# Bad values: the load fails, one line in the log says why.
refused_load() { # VALUE LOG-TEXT
	dmesg -c > /dev/null
	if insmod /pmbench/pmbench.ko "ro_after_init_shapes=$1" 2>/dev/null; then
		nok "ro_after_init_shapes=$1: load refused" "it loaded"
		rmmod pmbench
	elif dmesg | grep -q "ro_after_init_shapes: .*$2"; then
		ok "ro_after_init_shapes=$1: load refused, the log says why"
	else
		nok "ro_after_init_shapes=$1: load refused, the log says why" "$(dmesg | tail -3)"
	fi
}
refused_load 4kx4k "needs 16384 KiB"
refused_load 64 "expected SIZExCOUNT"
refused_load 64xabc "'64xabc': expected SIZExCOUNT"
refused_load 4x16 "objects of 8 to"
refused_load 64x256,64x256 "named twice"
insmod /pmbench/pmbench.ko ro_after_init_shapes= && ok "insmod with no shapes" || nok "insmod with no shapes"
unsupported "$B with no shapes: read unsupported" --backend $B --workload read --size 64 --count 256
rmmod pmbench || nok "rmmod"
trouble=$(kernel_trouble | head -5)
[ -z "$trouble" ] && ok "no oops, BUG or WARNING in dmesg" || nok "no oops, BUG or WARNING in dmesg" "$trouble"
done_tap
GUEST

#!/bin/bash
# The job engine in the VM (TCG): every backend x workload at a small size,
# pinning, bad input, cleanup after an allocation failure and after a
# signal, EBUSY.  It also prints, as '#' lines and never as a test, the
# three shapes TCG is expected to show (a test asserts behaviour, never
# speed: on a busy host any of them can come out the other way):
#   64-byte vmalloc alloc costs far more than pmalloc-genalloc's;
#   a chase through one vmalloc per object is slower than through pmalloc-genalloc;
#   protecting N vmalloc objects one by one costs more than one pool flip.
# The benchmark suites and the report are where these are measured.
# Uses $PMB_KO and $PMB_TOOL (default kmod/pmbench.ko, userspace/pmbench).
set -u
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
guest=$tmp/guest-engine.sh

cat > "$guest" <<'GUEST'
# Runs inside the VM (busybox sh).  Prints TAP.
. /pmbench/guest-lib.sh
# shape NAME AWK-CONDITION DETAIL: a '#' line saying whether it held.
shape() {
	if awk "BEGIN { exit !($2) }" 2>/dev/null; then echo "# shape holds: $1 ($3)"
	else echo "# shape does NOT hold this time: $1 ($3)"; fi
}
median() {
	sort -n | awk '{ a[NR] = $1 } END { if (!NR) print "nan";
		else if (NR % 2) print a[(NR + 1) / 2];
		else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
job() { ./pmbench job "$@" 2>&1; }
# What a backend takes, asked of the module where it may differ from the
# engine's limits: its largest object (ops->size_max; the lockable zone's
# is 4 KiB) and the methods it can flip with (the lockable zone refuses
# pte).  A job past either is refused, never run: "unsupported".
takes_size() { # BACKEND SIZE
	case $(job --backend $1 --workload footprint --size $2 --count 1 --repeats 1 --warmup 0) in
	*'"status":"unsupported"'*) return 1 ;;
	esac
	return 0
}
flips_with() { # BACKEND METHOD
	case $(job --backend $1 --workload protect --size 64 --count 1 --repeats 1 --warmup 0 --method $2) in
	*'"status":"unsupported"'*) return 1 ;;
	esac
	return 0
}

insmod /pmbench/pmbench.ko || { echo "not ok 1 - insmod"; echo "1..1"; exit 1; }
echo "# $(./pmbench caps)"

# ---- every backend x workload, 64 objects of 64 bytes ----
# The pairs, and which are unsupported, come from the registry the driver
# was built with (pmbench list pairs), so a new backend or workload is
# covered here without an edit.
S=64 N=64 R=3
./pmbench list pairs > /tmp/pairs
echo "# $(wc -l < /tmp/pairs) backend x workload pairs, $(grep -c ' unsupported$' /tmp/pairs) unsupported"
while read -r b w support; do
	v=
	case $w in protect|unprotect) v=--verify ;; esac
	out=$(job --backend $b --workload $w --size $S --count $N --repeats $R --warmup 1 $v < /dev/null)
	name="$b/$w"
	if [ "$support" = unsupported ]; then
		case $out in
		*'"status":"unsupported"'*) ok "$name: unsupported" ;;
		*) nok "$name: unsupported" "$(echo "$out" | head -1)" ;;
		esac
		continue
	fi
	lines=$(echo "$out" | grep -c '"status":"ok"')
	ops=$(echo "$out" | field ops | sort -u)
	ns=$(echo "$out" | field ns_per_op | median)
	cy=$(echo "$out" | field cycles_per_op | median)
	pages=$(echo "$out" | field pages | head -1)
	areas=$(echo "$out" | field vmap_areas | head -1)
	req=$(echo "$out" | field bytes_requested | head -1)
	cons=$(echo "$out" | field bytes_consumed | head -1)
	detail="lines=$lines ops=$ops ns=$ns cy=$cy pages=$pages areas=$areas req=$req cons=$cons"
	echo "# $name: $detail"
	# grow times its last round, a quarter of the objects.
	nops=$N; [ $w = grow ] && nops=$((N - N * 3 / 4))
	expect "$name: $R samples of $nops ops, ns and cycles > 0" \
		"$lines == $R && \"$ops\" == \"$nops\" && $ns > 0 && $cy > 0" "$detail $(echo "$out" | head -1)"
	meta=$(echo "$out" | field metadata_bytes | head -1)
	va=$(echo "$out" | field va_bytes | head -1)
	detail="$detail meta=$meta va=$va"
	# What each backend is known to do; a backend added later gets the
	# checks every backend passes.
	case $b in
	kmalloc) a="$areas == 0" ;;
	vmalloc) a="$areas == $N && $pages == $N && $va >= $N * 4096" ;;
	pmalloc-genalloc) a="$areas >= 1 && $pages < $N" ;;
	*) a=1 ;;
	esac
	expect "$name: figures" "$req == $S * $N && $cons >= $req && $pages > 0 && \"$meta\" != \"null\" && $meta <= $cons && $a" "$detail"
	# The lazy vmap purge before the clock: timed on its own where the
	# timed region allocates, frees or flips; null (not 0) elsewhere.
	pu=$(echo "$out" | field purge_ns | sort -u | tr '\n' ' ')
	case $w in
	alloc|free|protect|unprotect|destroy|grow|rare_write)
		case $pu in
		''|*null*|*' '?*' '*) nok "$name: purge_ns measured" "purge_ns='$pu'" ;;
		*) ok "$name: purge_ns measured (${pu% } ns)" ;;
		esac ;;
	*)
		case $pu in
		'null ') ok "$name: purge_ns null" ;;
		*) nok "$name: purge_ns null" "purge_ns='$pu'" ;;
		esac ;;
	esac
	if [ -n "$v" ]; then
		vf=$(echo "$out" | field verified | sort -u)
		fl=$(echo "$out" | field tlb_flushes | head -1)
		fp=$(echo "$out" | field flips | head -1)
		pm=$(echo "$out" | field protect_method | head -1)
		# The write-once slab's pages are read-only from allocation on:
		# its protect has nothing left to flip.
		case $b in
		wo-slab*) f="$fl == 0 && $fp == 0" ;;
		*) f="$fl >= 1 && $fp >= 1" ;;
		esac
		expect "$name: verified, flushed, flipped, method recorded" \
			"\"$vf\" == \"true\" && $f && \"$pm\" != \"null\"" "verified=$vf flushes=$fl flips=$fp method=$pm"
	fi
done < /tmp/pairs

# ---- read variants, on every backend that can protect and be read ----
# (the write-once slab cannot hold what read lays: its read is
# unsupported, checked with every pair above)
for b in $(awk '$2 == "protect" && $3 == "supported" { print $1 }' /tmp/pairs); do
	grep -qx "$b read supported" /tmp/pairs || continue
	out=$(job --backend $b --workload read --size 64 --count 256 --repeats 2 --protected --verify)
	vf=$(echo "$out" | field verified | sort -u)
	expect "$b/read --protected --verify: verified" "\"$vf\" == \"true\"" "$(echo "$out" | head -1)"
	out=$(job --backend $b --workload read --size 64 --count 256 --repeats 2 --sweep)
	case $(echo "$out" | field pattern | sort -u) in
	'"sweep"') ok "$b/read --sweep: pattern sweep" ;;
	*) nok "$b/read --sweep: pattern sweep" "$(echo "$out" | head -1)" ;;
	esac
done
# Backends that cannot protect: those that allocate but cannot protect
# (kmalloc); the ro-after-init floor (no alloc) is read-only from the
# start, and test-floor.sh reads it protected.
for b in $(awk '$2 == "protect" && $3 == "unsupported" { print $1 }' /tmp/pairs); do
	grep -qx "$b alloc supported" /tmp/pairs || continue
	out=$(job --backend $b --workload read --size 64 --count 64 --protected)
	case $out in
	*'"status":"unsupported"'*) ok "$b/read --protected: unsupported" ;;
	*) nok "$b/read --protected: unsupported" "$out" ;;
	esac
done

# ---- usercopy, copyout: the hardened-usercopy check, every backend and method ----
# Where the backend can protect, the objects are checked (and copied out)
# read-only, under each method; the check alone at sizes from one byte to
# past a page and past kmalloc's largest slab class (the page allocator's
# branch of the check), the copies with and without it at two.  A range
# the kernel check refused would be a BUG (the VM fails, status 125), so
# every job here also says the module never hands it one.
for b in $(awk '$2 == "usercopy" && $3 == "supported" { print $1 }' /tmp/pairs); do
	ms=none v=
	if grep -qx "$b protect supported" /tmp/pairs; then ms="cpa pte" v=--verify; fi
	for m in $ms; do
		mo=; [ $m != none ] && mo="--method $m"
		if [ $m != none ] && ! flips_with $b $m; then
			out=$(job --backend $b --workload usercopy --size 64 --count 16 --repeats 2 $mo $v)
			case $out in
			*'"status":"unsupported"'*) ok "$b/usercopy $m: unsupported (the backend refuses $m)" ;;
			*) nok "$b/usercopy $m: unsupported (the backend refuses $m)" "$(echo "$out" | head -1)" ;;
			esac
			continue
		fi
		for wS in usercopy:1 usercopy:64 usercopy:4096 usercopy:5000 usercopy:20000 \
			  copyout:64 copyout:5000 copyout_unchecked:64 copyout_unchecked:5000; do
			w=${wS%:*} S=${wS#*:}
			out=$(job --backend $b --workload $w --size $S --count 16 --repeats 2 $mo $v)
			name="$b/$w $m size $S"
			if [ $S -gt 4096 ] && ! takes_size $b $S; then
				case $out in
				*'"status":"unsupported"'*) ok "$name: unsupported, past the backend's largest object" ;;
				*) nok "$name: unsupported, past the backend's largest object" "$(echo "$out" | head -1)" ;;
				esac
				continue
			fi
			lines=$(echo "$out" | grep -c '"status":"ok"')
			ns=$(echo "$out" | field ns_per_op | median)
			pm=$(echo "$out" | field protect_method | head -1)
			vf=$(echo "$out" | field verified | sort -u)
			good=0
			if [ $m = none ]; then [ "$pm" = null ] && good=1
			else [ "$pm" = "\"$m\"" ] && [ "$vf" = true ] && good=1; fi
			expect "$name: 2 samples, ns sane, protected as asked" \
				"$lines == 2 && $ns > 0 && $ns < 1000000 && $good" \
				"lines=$lines ns=$ns method=$pm verified=$vf $(echo "$out" | head -1)"
		done
	done
	# The largest object the engine takes: ok, or out of memory; never a BUG.
	for w in usercopy copyout; do
		out=$(job --backend $b --workload $w --size 4194304 --count 2 --repeats 1)
		big='"status":"ok"'; takes_size $b 4194304 || big='"status":"unsupported"'
		case $out in
		*"$big"*|*'out of memory'*|*larger*) ok "$b/$w size 4M: runs or is refused, no BUG" ;;
		*) nok "$b/$w size 4M: runs or is refused, no BUG" "$(echo "$out" | head -1)" ;;
		esac
	done
done
for b in $(awk '$2 == "protect" && $3 == "unsupported" { print $1 }' /tmp/pairs); do
	out=$(job --backend $b --workload usercopy --size 64 --count 16 --verify)
	case $out in
	*'"status":"unsupported"'*) ok "$b/usercopy --verify: unsupported (nothing to verify)" ;;
	*) nok "$b/usercopy --verify: unsupported (nothing to verify)" "$out" ;;
	esac
done
live=$(live_vmalloc)
expect "after usercopy and copyout: no vmalloc area of ours left" "$live == 0" "$live areas"

# ---- grow: allocation after protect, every backend that can, both methods ----
# The module drills the old objects (still read-only) and the new ones
# (writable, then read-only) itself and fails the job (error) when one is
# not; --verify then checks every page.  The timed round is the last
# quarter: ops = count - count * 3 / 4 (count 2 and 3: one object).
for b in $(awk '$2 == "grow" && $3 == "supported" { print $1 }' /tmp/pairs); do
	for m in cpa pte; do
		for S in 64 5000; do
			for N in 2 3 64; do
				out=$(job --backend $b --workload grow --size $S --count $N --repeats 2 --method $m --verify)
				name="$b/grow $m size $S count $N"
				lines=$(echo "$out" | grep -c '"status":"ok"')
				ops=$(echo "$out" | field ops | sort -u)
				ns=$(echo "$out" | field ns_per_op | median)
				pm=$(echo "$out" | field protect_method | head -1)
				vf=$(echo "$out" | field verified | sort -u)
				fp=$(echo "$out" | field flips | head -1)
				want=$((N - N * 3 / 4)); [ $N -lt 4 ] && want=1
				good=0
				[ "$pm" = "\"$m\"" ] && [ "$vf" = true ] && good=1
				expect "$name: 2 samples of the last round, verified, flipped" \
					"$lines == 2 && \"$ops\" == \"$want\" && $ns > 0 && $fp >= 1 && $good" \
					"lines=$lines ops=$ops (want $want) ns=$ns flips=$fp method=$pm verified=$vf $(echo "$out" | head -1)"
			done
		done
	done
	out=$(job --backend $b --workload grow --size 64 --count 1); rc=$?
	case "$rc:$out" in
	1:*invalid*) ok "$b/grow of one object: EINVAL (nothing to grow)" ;;
	*) nok "$b/grow of one object: EINVAL (nothing to grow)" "rc=$rc $out" ;;
	esac
done
live=$(live_vmalloc)
expect "after grow: no vmalloc area of ours left" "$live == 0" "$live areas"

# ---- rare_write: one write into each protected object, both methods ----
# The module checks, untimed, after the timed writes, and fails the job
# (error) otherwise: every object holds the pass's pattern (the writes
# landed), a write to the first and last object faults (the protected
# mapping never became writable), and for the alias (PMB_CAN_WRITE_RARE,
# pmalloc-wr) the last alias's address is no longer mapped; --verify then
# checks every page read-only.  The alias flips nothing; the others
# unprotect and protect again around each write: two calls per write.
# 5000 bytes cross a page; 70000 take more pages than one alias maps.
for b in $(awk '$2 == "rare_write" && $3 == "supported" { print $1 }' /tmp/pairs); do
	alias=0; [ "$b" = pmalloc-wr ] && alias=1
	for m in cpa pte; do
		if ! flips_with $b $m; then
			out=$(job --backend $b --workload rare_write --size 64 --count 16 --method $m)
			case $out in
			*'"status":"unsupported"'*) ok "$b/rare_write $m: unsupported (the backend refuses $m)" ;;
			*) nok "$b/rare_write $m: unsupported (the backend refuses $m)" "$(echo "$out" | head -1)" ;;
			esac
			continue
		fi
		for SN in 64:1 64:64 4096:16 5000:16 70000:2; do
			S=${SN%:*} N=${SN#*:}
			out=$(job --backend $b --workload rare_write --size $S --count $N --repeats 2 --method $m --verify)
			name="$b/rare_write $m size $S count $N"
			if [ $S -gt 4096 ] && ! takes_size $b $S; then
				case $out in
				*'"status":"unsupported"'*) ok "$name: unsupported, past the backend's largest object" ;;
				*) nok "$name: unsupported, past the backend's largest object" "$(echo "$out" | head -1)" ;;
				esac
				continue
			fi
			lines=$(echo "$out" | grep -c '"status":"ok"')
			ops=$(echo "$out" | field ops | sort -u)
			ns=$(echo "$out" | field ns_per_op | median)
			pm=$(echo "$out" | field protect_method | head -1)
			vf=$(echo "$out" | field verified | sort -u)
			fp=$(echo "$out" | field flips | sort -u)
			want=$((2 * N)); [ $alias = 1 ] && want=0
			good=0
			[ "$pm" = "\"$m\"" ] && [ "$vf" = true ] && [ "$fp" = "$want" ] && good=1
			expect "$name: writes landed, mapping read-only, $want flips" \
				"$lines == 2 && \"$ops\" == \"$N\" && $ns > 0 && $good" \
				"lines=$lines ops=$ops ns=$ns flips=$fp (want $want) method=$pm verified=$vf $(echo "$out" | head -1)"
		done
	done
done
for b in $(awk '$2 == "rare_write" && $3 == "unsupported" { print $1 }' /tmp/pairs); do
	out=$(job --backend $b --workload rare_write --size 64 --count 16)
	case $out in
	*'"status":"unsupported"'*) ok "$b/rare_write: unsupported (cannot protect or unprotect, or cannot hold a fill)" ;;
	*) nok "$b/rare_write: unsupported (cannot protect or unprotect, or cannot hold a fill)" "$out" ;;
	esac
done
n_alias=$(awk '$2 == "rare_write" && $3 == "supported"' /tmp/pairs | grep -c '^pmalloc-wr ')
expect "rare_write: the alias backend pmalloc-wr is among those run" "$n_alias == 1" "$n_alias"
if dmesg | grep -q 'rare_write.*outlived\|rare_write.*took a write'; then
	nok "rare_write: no alias outlived its write, no write went through" "$(dmesg | grep rare_write | tail -3)"
else
	ok "rare_write: no alias outlived its write, no write went through"
fi
live=$(live_vmalloc)
expect "after rare_write: no vmalloc area of ours left" "$live == 0" "$live areas"

# ---- pinning ----
out=$(job --backend kmalloc --workload alloc --size 64 --count 64 --repeats 4 --cpu 1)
cpus=$(echo "$out" | field cpu | sort -u | tr '\n' ' ')
expect "--cpu 1: every sample ran on CPU 1" "\"$cpus\" == \"1 \"" "cpus: $cpus"

# ---- bad input: a clear error, nothing left behind ----
bad() { # NAME EXPECTED-TEXT ARGS...: the module refuses (status 1)
	name=$1 text=$2; shift 2
	out=$(job "$@"); rc=$?
	case "$rc:$out" in
	1:*"$text"*) ok "$name" ;;
	*) nok "$name" "rc=$rc $out" ;;
	esac
}
# The module's limits (kmod/uapi/pmbench.h) are the driver's too: it
# refuses first, naming the limit, status 2 (pmb-ioctl-probe sends the
# same jobs to the module itself, in test-module.sh).
refused() { # NAME EXPECTED-TEXT ARGS...: the driver refuses (status 2), no line
	name=$1 text=$2; shift 2
	out=$(job "$@"); rc=$?
	case "$rc:$out" in
	2:"pmbench: job: "*"$text"*) ok "$name" ;;
	*) nok "$name" "rc=$rc $out" ;;
	esac
}
refused "size 0: refused" "--size 0: must be at least 1" --backend kmalloc --workload alloc --size 0 --count 8
refused "size 8 MiB: past PMB_JOB_SIZE_MAX" "PMB_JOB_SIZE_MAX" --backend vmalloc --workload alloc --size 8388608 --count 1
refused "count 2^21: past PMB_JOB_COUNT_MAX" "PMB_JOB_COUNT_MAX" --backend kmalloc --workload alloc --size 64 --count 2097152
refused "repeats+warmup > 10000: past PMB_JOB_SAMPLES_MAX" "PMB_JOB_SAMPLES_MAX" --backend kmalloc --workload alloc --size 64 --count 8 --repeats 10000 --warmup 1
refused "--cpu 64: past the module's CPUs" "--cpu 64: the module sees" --backend kmalloc --workload alloc --size 64 --count 8 --cpu 64
bad "read of 4-byte objects: EINVAL" "invalid" --backend kmalloc --workload read --size 4 --count 8
bad "--verify on alloc: EINVAL" "invalid" --backend vmalloc --workload alloc --size 64 --count 8 --verify
bad "objects beyond RAM/4: E2BIG" "larger" --backend vmalloc --workload alloc --size 4194304 --count 4096

# ---- allocation failure in the middle of a pass (test hook) ----
echo 40 > /sys/module/pmbench/parameters/fail_alloc_at
for b in $(./pmbench list backends); do
	for w in alloc free read footprint destroy usercopy copyout grow rare_write; do
		grep -qx "$b $w supported" /tmp/pairs || continue
		bad "$b/$w: ENOMEM at object 40" "out of memory" --backend $b --workload $w --size 64 --count 64
	done
done
bad "vmalloc/protect: ENOMEM at object 40" "out of memory" --backend vmalloc --workload protect --size 64 --count 64
echo -1 > /sys/module/pmbench/parameters/fail_alloc_at
live=$(live_vmalloc)
expect "after the failures: no vmalloc area of ours left" "$live == 0" "$live areas"
out=$(job --backend vmalloc --workload alloc --size 64 --count 64 --repeats 1)
case $out in *'"status":"ok"'*) ok "jobs run again after the hook is off" ;; *) nok "jobs run again after the hook is off" "$out" ;; esac

# ---- one job at a time; a signal ends a job early and frees it ----
# ~0.1 s per pass under TCG, 10000 passes: only the signal can end it soon.
long="--backend vmalloc --workload protect --size 64 --count 1024 --repeats 10000 --warmup 0"
./pmbench job $long > /tmp/long.out 2>&1 &
pid=$!
wait_for 60 a_job_runs || echo "# the long job allocated nothing in $((60 * time_scale)) s"
bad "second job while one runs: refused, one at a time" "another pmbench process" --backend kmalloc --workload alloc --size 64 --count 8
t0=$(uptime_cs)
# SIGTERM: a non-interactive shell starts background jobs with SIGINT ignored.
kill -TERM $pid
wait $pid
rc=$?
dt=$(( $(uptime_cs) - t0 ))
echo "# SIGTERM: the job ended ${dt}0 ms after the signal"
# pmbench job does not catch SIGTERM: the process dies of it, mid-job.
expect "SIGTERM ends the job early: the process dies of it (143)" "$rc == 143" "rc=$rc after ${dt}0 ms; $(head -c 300 /tmp/long.out)"
live=$(live_vmalloc)
expect "after SIGTERM: the protected vmalloc objects are freed" "$live == 0" "$live areas left"

# ---- shapes (TCG) ----
med() { job "$@" | field ns_per_op | median; }
va=$(med --backend vmalloc --workload alloc --size 64 --count 1024 --repeats 5)
pa=$(med --backend pmalloc-genalloc --workload alloc --size 64 --count 1024 --repeats 5)
echo "# alloc 64 B x 1024, ns/op: vmalloc $va, pmalloc-genalloc $pa"
shape "64-B alloc: vmalloc >= 3x pmalloc-genalloc" "$va >= 3 * $pa" "vmalloc $va pmalloc-genalloc $pa"

# QEMU's soft TLB is kept across passes and sized by use: a random chase
# through 8192 pages mostly hits it (~2x pmalloc-genalloc), a sequential sweep
# mostly misses (~50x).
for p in chase sweep; do
	f=; [ $p = sweep ] && f=--sweep
	vc=$(med --backend vmalloc --workload read --size 64 --count 8192 --repeats 5 $f)
	pc=$(med --backend pmalloc-genalloc --workload read --size 64 --count 8192 --repeats 5 $f)
	kc=$(med --backend kmalloc --workload read --size 64 --count 8192 --repeats 5 $f)
	echo "# $p 64 B x 8192, ns/access: vmalloc $vc, pmalloc-genalloc $pc, kmalloc $kc"
	k=1.5; [ $p = sweep ] && k=10
	shape "$p: one vmalloc per object >= ${k}x slower than pmalloc-genalloc" "$vc >= $k * $pc" "vmalloc $vc pmalloc-genalloc $pc"
done

for m in cpa pte; do
	for N in 64 256; do
		vp=$(med --backend vmalloc --workload protect --size 64 --count $N --repeats 5 --method $m)
		pp=$(med --backend pmalloc-genalloc --workload protect --size 64 --count $N --repeats 5 --method $m)
		echo "# protect $N x 64 B ($m), ns/object: vmalloc $vp, pmalloc-genalloc $pp"
		shape "protect N=$N ($m): vmalloc one by one >= 2x one pmalloc-genalloc flip" \
			"$vp >= 2 * $pp" "vmalloc $vp pmalloc-genalloc $pp"
	done
done

live=$(live_vmalloc)
expect "at the end: no vmalloc area of ours left" "$live == 0" "$live areas"
rmmod pmbench && ok "rmmod pmbench" || nok "rmmod pmbench"
bad=$(dmesg -r | grep -E '^<[0-4]>' | grep -i pmbench | grep -vE 'taints kernel|tainting kernel')
[ -z "$bad" ] && ok "no pmbench kernel message above notice level" || nok "no pmbench kernel message above notice level" "$bad"
echo "1..$n"
[ "$failed" -eq 0 ]
GUEST

vm_tap "$guest"

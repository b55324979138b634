#!/bin/bash
# `pmbench run` end to end: the quick suite in the VM, its results brought
# back with --out, every line of results.jsonl and env.json checked with jq
# against doc/results.md; the driver without the module and as non-root.
set -u
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || { echo "not ok 1 - jq not found (apt-get install jq)"; exit 1; }

[ -x "$PMB_TOOL" ] || { echo "not ok 1 - $PMB_TOOL missing (run make first)"; exit 1; }
# The names a line may hold: the registry the driver was built with.
json_list() { "$PMB_TOOL" list "$1" | jq -R . | jq -sc .; }
backends=$(json_list backends)
workloads=$(json_list workloads)
methods=$(json_list methods)
figures=$(json_list figures)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pmb-test-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1${2:+ # $2}"; }

# ---------------------------------------------------------------- the contract
# Each prints one line per violation of doc/results.md, nothing when the
# object conforms.
contract_common='
def int: type == "number" and . == floor;
def iso: type == "string" and test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})$");
def field($k; cond; $want):
  if has($k) | not then "missing field \($k)"
  elif (.[$k] | cond) then empty
  else "\($k): \(.[$k] | tojson | .[0:80]) is not \($want)" end;
def oneof($set): type == "string" and (. as $v | $set | index($v) != null);
'
env_contract=$contract_common'
if type != "object" then "not an object" else
  field("schema"; . == 1; "1"),
  field("target"; oneof(["host", "vm-tcg", "vm-icount", "vm-kvm"]); "a target name"),
  field("kernel"; type == "string" and length > 0; "a release"),
  field("cpus"; int and . > 0; "a positive integer"),
  field("cpu_model"; type == "string" and length > 0; "a string"),
  field("protect_method"; oneof($methods); "a protection method"),
  field("suite"; type == "string" and length > 0; "a suite name"),
  field("suite_revision"; type == "string" and length > 0; "a string"),
  field("started"; iso; "ISO 8601"),
  field("finished"; . == null or iso; "ISO 8601 or null"),
  field("partial"; type == "boolean"; "a boolean"),
  field("hostname"; type == "string"; "a string"),
  field("tsc_khz"; . == null or (int and . > 0); "a positive integer or null"),
  field("abi_version"; int; "an integer"),
  field("kconfig"; . == null or (type == "object" and ([.[] | select(type != "string" and . != null)] | length == 0)); "an object of strings, or null"),
  field("mitigations"; type == "object" and ([.[] | select(type != "string")] | length == 0); "an object of strings"),
  field("clocksource"; . == null or type == "string"; "a string or null"),
  field("warnings"; type == "array" and ([.[] | select(type != "string")] | length == 0); "an array of strings"),
  field("rounds"; int and . > 0; "a positive integer"),
  field("vm"; . == null or (type == "object" and has("mode") and has("cpus") and has("mem_mib") and has("qemu")); "null or {mode, cpus, mem_mib, qemu}"),
  (if .partial == false and .finished == null then "partial is false but finished is null" else empty end)
end'
line_contract=$contract_common'
def num_or_null: . == null or type == "number";
def int_or_null: . == null or int;
def bool_or_null: . == null or type == "boolean";
def counters: ["cycles", "instructions", "dTLB-loads", "dTLB-load-misses", "iTLB-load-misses", "page-faults"];
if type != "object" then "not an object" else
  field("job"; int and . >= 0; "an index"),
  field("backend"; oneof($backends); "a backend name"),
  field("workload"; oneof($workloads); "a workload name"),
  field("size"; int and . > 0; "a positive integer"),
  field("count"; int and . > 0; "a positive integer"),
  field("repeat"; int and . >= 0; "a repeat index"),
  field("status"; oneof(["ok", "unsupported", "error"]); "ok, unsupported or error"),
  field("ops"; int_or_null; "an integer or null"),
  field("ns_per_op"; num_or_null; "a number or null"),
  field("cycles_per_op"; num_or_null; "a number or null"),
  field("baseline_ns_per_op"; num_or_null; "a number or null"),
  field("baseline_cycles_per_op"; num_or_null; "a number or null"),
  field("cpu"; int_or_null; "an integer or null"),
  field("disturbed"; type == "array" and ([.[] | select(oneof(["migrated", "preempted"]) | not)] | length == 0); "an array of migrated/preempted"),
  field("protect_method"; . == null or oneof($methods); "a protection method or null"),
  field("target"; . == $target; "env.json target \($target)"),
  field("counters"; type == "object"; "an object"),
  (.counters | objects | (counters[] as $c |
    if has($c) | not then "counters: missing \($c)"
    elif (.[$c] | int_or_null) | not then "counters.\($c): \(.[$c]) is not an integer or null"
    else empty end),
    (if (.scope | oneof(["job", "round"])) | not then "counters.scope is not \"job\" or \"round\"" else empty end)),
  field("round"; int and . >= 0; "a round index"),
  field("pages"; int_or_null; "an integer or null"),
  field("vmap_areas"; int_or_null; "an integer or null"),
  field("bytes_requested"; int_or_null; "an integer or null"),
  field("bytes_consumed"; int_or_null; "an integer or null"),
  field("tlb_flushes"; int_or_null; "an integer or null"),
  field("verified"; bool_or_null; "a boolean or null"),
  field("direct_map_ro"; bool_or_null; "a boolean or null"),
  field("metadata_bytes"; int_or_null; "an integer or null"),
  field("va_bytes"; int_or_null; "an integer or null"),
  field("flips"; int_or_null; "an integer or null"),
  ($figures[] as $f | field($f; int_or_null or type == "boolean"; "a figure or null")),
  (if .status != "ok" then ($figures[] as $f | if .[$f] != null then "\($f): a number on a line without numbers" else empty end) else empty end),
  field("direct_map_splits"; . == null or (type == "object" and ([.[] | select(int_or_null | not)] | length == 0)); "an object of counts or null"),
  field("directmap_kb"; . == null or type == "object"; "an object or null"),
  (if .workload == "read" then field("pattern"; oneof(["chase", "sweep"]); "chase or sweep"), field("protected"; type == "boolean"; "a boolean") else empty end),
  (if has("partitions") then field("partitions"; int and . >= 1 and . <= 16; "1 to 16 (PMB_JOB_PARTITIONS_MAX)") else empty end),
  (if .status == "ok" then
     (if (.ops | int and . > 0) | not then "status ok without ops" else empty end),
     (if (.ns_per_op | type) != "number" then "status ok without ns_per_op" else empty end),
     (if (.baseline_ns_per_op | type) != "number" then "status ok without baseline_ns_per_op" else empty end)
   elif .status == "error" then field("error"; type == "string" and length > 0; "a message")
   else (if .ns_per_op != null or .ops != null then "status unsupported with numbers" else empty end) end)
end'

# check_run DIR: every violation as "FILE[:LINE]: message"; status 1 if any.
check_run() {
	local dir=$1 target errs line i=0 bad=0
	if ! jq -e . "$dir/env.json" >/dev/null 2>&1; then
		echo "$dir/env.json: not valid JSON"
		return 1
	fi
	errs=$(jq -r --argjson methods "$methods" "$env_contract" "$dir/env.json")
	[ -z "$errs" ] || { sed "s|^|$dir/env.json: |" <<<"$errs"; bad=1; }
	target=$(jq -r .target "$dir/env.json")
	while IFS= read -r line; do
		i=$((i + 1))
		if ! errs=$(jq -r --arg target "$target" --argjson backends "$backends" \
			--argjson workloads "$workloads" --argjson methods "$methods" \
			--argjson figures "$figures" "$line_contract" <<<"$line" 2>&1); then
			errs="not valid JSON"
		fi
		[ -z "$errs" ] || { sed "s|^|$dir/results.jsonl:$i: |" <<<"$errs"; bad=1; }
	done < "$dir/results.jsonl"
	[ "$i" -gt 0 ] || { echo "$dir/results.jsonl: no line"; bad=1; }
	return "$bad"
}

# ---------------------------------------------------------------- the VM run
release=${PMB_VM_KERNEL:-}
release=${release##*/vmlinuz-}
config_add=()
if [ -n "$release" ] && [ -r "/boot/config-$release" ]; then
	config_add=(--add "/boot/config-$release:/boot/config-$release")
fi
PMB_VM_TIMEOUT=${PMB_VM_TIMEOUT:-300} vm_tap "$top_src/tests/vm/guest-bench.sh" \
	--add "$top_src/bench/suites/quick.suite:/pmbench/quick.suite" \
	--add-bin "$top_build/tests/vm/pmb-runas:/pmbench/pmb-runas" \
	"${config_add[@]+"${config_add[@]}"}" --out "$tmp/out" > "$tmp/guest.tap"
vm_rc=$?
cat "$tmp/guest.tap"
n=$(grep -cE '^(not )?ok [0-9]+' "$tmp/guest.tap")
failed=$(grep -cE '^not ok [0-9]+' "$tmp/guest.tap")
[ "$vm_rc" -eq 0 ] || [ "$failed" -gt 0 ] || nok "guest script" "exit status $vm_rc"

# The validator must be able to fail: a conforming run passes, a broken one does not.
mkdir -p "$tmp/good" "$tmp/bad"
cat > "$tmp/good/env.json" <<'EOF'
{"schema":1,"target":"vm-tcg","kernel":"6.1.0","cpus":2,"cpu_model":"QEMU","protect_method":"pte",
 "suite":"quick","suite_revision":"abc","started":"2024-05-01T12:00:00Z","finished":"2024-05-01T12:01:00Z",
 "partial":false,"hostname":"h","tsc_khz":null,"abi_version":1,"kconfig":null,"mitigations":{},
 "clocksource":"hpet","warnings":["w"],"rounds":5,"vm":{"mode":"tcg","cpus":2,"mem_mib":1024,"qemu":null}}
EOF
good_line='{"job":0,"backend":"vmalloc","workload":"read","size":64,"count":8,"repeat":0,"status":"ok","ops":8,"ns_per_op":1.5,"cycles_per_op":null,"baseline_ns_per_op":0.1,"baseline_cycles_per_op":null,"cpu":1,"disturbed":[],"protect_method":null,"target":"vm-tcg","round":0,"counters":{"scope":"job","cycles":null,"instructions":null,"dTLB-loads":null,"dTLB-load-misses":null,"iTLB-load-misses":null,"page-faults":0},"pages":8,"vmap_areas":8,"bytes_requested":512,"bytes_consumed":32768,"tlb_flushes":null,"verified":null,"direct_map_ro":null,"metadata_bytes":2048,"va_bytes":65536,"flips":null,"purge_ns":null,"window_ns":null,"direct_map_splits":null,"directmap_kb":null,"pattern":"chase","protected":false}'
echo "$good_line" > "$tmp/good/results.jsonl"
sed -e 's/"partial":false/"partial":"no"/' -e 's/"started":"[^"]*"/"started":"yesterday"/' \
	"$tmp/good/env.json" > "$tmp/bad/env.json"
{
	jq -c '.ns_per_op = "fast"' <<<"$good_line"
	jq -c 'del(.counters."page-faults")' <<<"$good_line"
	jq -c '.counters.cycles = 1.5 | .target = "host"' <<<"$good_line"
	jq -c '.status = "error"' <<<"$good_line"
	jq -c 'del(.pattern)' <<<"$good_line"
	echo '{"job":0,'
	jq -c '.backend = "slab" | .va_bytes = "lots"' <<<"$good_line"
	jq -c 'del(.flips)' <<<"$good_line"
	jq -c '.counters.scope = "pass" | del(.round)' <<<"$good_line"
	jq -c '.partitions = 0' <<<"$good_line"
} > "$tmp/bad/results.jsonl"
if errs=$(check_run "$tmp/good"); then ok "validator accepts a conforming run"; else nok "validator accepts a conforming run" "$errs"; fi
errs=$(check_run "$tmp/bad")
missing=
for w in "env.json: partial:" "env.json: started:" "results.jsonl:1: ns_per_op:" \
	"results.jsonl:2: counters: missing page-faults" "results.jsonl:3: target:" \
	"results.jsonl:3: counters.cycles:" "results.jsonl:4: missing field error" \
	"results.jsonl:5: missing field pattern" "results.jsonl:6: not valid JSON" \
	"results.jsonl:7: backend:" "results.jsonl:7: va_bytes:" "results.jsonl:8: missing field flips" \
	"results.jsonl:9: counters.scope" "results.jsonl:9: missing field round" \
	"results.jsonl:10: partitions:"; do
	grep -qF "$w" <<<"$errs" || missing+=" [$w]"
done
[ -z "$missing" ] && ok "validator rejects each broken field" || nok "validator rejects each broken field" "not reported:$missing"

q=$tmp/out/quick
if [ ! -f "$q/results.jsonl" ] || [ ! -f "$q/env.json" ]; then
	nok "quick run came back from the VM" "no $q/{env.json,results.jsonl}"
	echo "1..$n"
	exit 1
fi
ok "quick run came back from the VM ($(wc -l < "$q/results.jsonl") lines)"

if errs=$(check_run "$q"); then
	ok "every results.jsonl line and env.json follow doc/results.md"
else
	nok "every results.jsonl line and env.json follow doc/results.md" "$(head -5 <<<"$errs" | tr '\n' ';')"
fi
if errs=$(check_run "$tmp/out/alias"); then
	ok "the run of backend=pmalloc (an alias) follows doc/results.md: row names only"
else
	nok "the run of backend=pmalloc (an alias) follows doc/results.md: row names only" "$(head -5 <<<"$errs" | tr '\n' ';')"
fi
if errs=$(check_run "$tmp/out/interrupted"); then
	ok "the interrupted run follows doc/results.md too"
else
	nok "the interrupted run follows doc/results.md too" "$(head -5 <<<"$errs" | tr '\n' ';')"
fi

# What the quick suite promises, from the files alone.
jobs=$(jq -r .jobs.total "$q/env.json")
seen=$(jq -s '[.[].job] | unique | length' "$q/results.jsonl")
[ "$jobs" = "$seen" ] && ok "every one of the $jobs jobs has a line" || nok "every one of the $jobs jobs has a line" "$seen of $jobs"
jq -e '.target == "vm-tcg" and .suite == "quick" and .partial == false and (.finished | type) == "string"' \
	"$q/env.json" >/dev/null && ok "env.json: vm-tcg, quick, finished, not partial" ||
	nok "env.json: vm-tcg, quick, finished, not partial" "$(jq -c '{target, suite, partial, finished}' "$q/env.json")"
jq -e '.warnings | any(test("emulated CPU"))' "$q/env.json" >/dev/null &&
	ok "env.json warns that vm-tcg numbers come from an emulated CPU" ||
	nok "env.json warns that vm-tcg numbers come from an emulated CPU"
if [ ${#config_add[@]} -gt 0 ]; then
	jq -e '.kconfig.CONFIG_SLUB_DEBUG != null and .kconfig.CONFIG_PAGE_TABLE_ISOLATION != null' "$q/env.json" >/dev/null &&
		ok "env.json records the kernel config items" || nok "env.json records the kernel config items"
	# The memory layout beside the config: direct-map page sizes, the
	# kmalloc-rnd-* caches RANDOM_KMALLOC_CACHES makes (none without it),
	# init_on_alloc as the config sets it (the VM passes no init_on_alloc=).
	jq -e '.kernel_memory as $m | ($m.direct_map_kib | type == "object" and (.["4k"] | type) == "number") and
		($m.kmalloc_rnd_caches | type == "number") and
		(($m.kmalloc_rnd_caches > 0) == (.kconfig.CONFIG_RANDOM_KMALLOC_CACHES == "y")) and
		($m.init_on_alloc == (.kconfig.CONFIG_INIT_ON_ALLOC_DEFAULT_ON == "y"))' "$q/env.json" >/dev/null &&
		ok "env.json records direct-map page sizes, kmalloc-rnd-* caches (as the config says) and init_on_alloc" ||
		nok "env.json records direct-map page sizes, kmalloc-rnd-* caches (as the config says) and init_on_alloc" \
			"$(jq -c '{kernel_memory, rnd: .kconfig.CONFIG_RANDOM_KMALLOC_CACHES, ioa: .kconfig.CONFIG_INIT_ON_ALLOC_DEFAULT_ON}' "$q/env.json")"
fi
ran=$(jq -r 'select(.status == "ok" and .workload == "alloc") | .backend' "$q/results.jsonl" | sort -u | tr '\n' ' ')
want=$("$PMB_TOOL" list pairs | awk '$2 == "alloc" && $3 == "supported" { print $1 }' | sort | tr '\n' ' ')
[ "$ran" = "$want" ] && ok "alloc jobs ran (status ok) on every backend that allocates: $want" ||
	nok "alloc jobs ran (status ok) on every backend that allocates: $want" "ok alloc backends: '$ran'; statuses: $(jq -r .status "$q/results.jsonl" | sort | uniq -c | tr -s ' \n' ' ')"
# Jobs of a pair the registry says is unsupported (kmalloc protect): one
# unsupported line each; every other job of the quick suite ran, but for
# protected reads, which need a backend that can protect (the job flag's
# row) and are unsupported where it cannot.
unsup=$("$PMB_TOOL" list pairs | awk '$3 == "unsupported" { print $1 " " $2 }' | jq -R 'split(" ")' | jq -sc .)
jq -se --argjson unsup "$unsup" '
	[.[] | select([.backend, .workload] as $p | $unsup | index([$p]))] as $u |
	($u | length > 0) and ($u | all(.status == "unsupported")) and
	($u | group_by(.job) | all(length == 1)) and
	([.[] | select(([.backend, .workload] as $p | $unsup | index([$p]) | not) and .protected != true)] | all(.status == "ok"))' \
	"$q/results.jsonl" >/dev/null && ok "unsupported pairs ($(jq -r 'map(join("/")) | join(" ")' <<<"$unsup")): one unsupported line per job; the rest ok" ||
	nok "unsupported pairs ($(jq -r 'map(join("/")) | join(" ")' <<<"$unsup")): one unsupported line per job; the rest ok"
# The figures added to the registry reach the lines: every ok line has
# metadata_bytes and va_bytes, and flips where tlb_flushes are counted
# (0 on the write-once slab's rows: their pages are read-only from
# allocation on, so protect flips nothing).
jq -se '[.[] | select(.status == "ok")] | all((.metadata_bytes | type) == "number" and (.va_bytes | type) == "number")' \
	"$q/results.jsonl" >/dev/null && ok "every ok line has metadata_bytes and va_bytes" ||
	nok "every ok line has metadata_bytes and va_bytes" "$(jq -c 'select(.status == "ok" and (.metadata_bytes == null or .va_bytes == null)) | {backend, workload}' "$q/results.jsonl" | sort -u | head -3 | tr '\n' ' ')"
jq -se '[.[] | select(.status == "ok" and (.workload == "protect" or .workload == "unprotect"))] | length > 0 and all(.flips >= 1 or ((.backend | startswith("wo-slab")) and .flips == 0))' \
	"$q/results.jsonl" >/dev/null && ok "protect and unprotect lines count their flips" ||
	nok "protect and unprotect lines count their flips"
jq -se '[.[] | select(.status == "ok")] | group_by(.job) | all(length == 3)' "$q/results.jsonl" >/dev/null &&
	ok "every ok job has its 3 kept repeats" || nok "every ok job has its 3 kept repeats"
# Counters: report what this VM could count; a 0 for an event that could
# not be counted would be a lie, and is caught by null-vs-0 below.
echo "# counters seen: $(jq -s -c '[.[] | select(.status == "ok") | .counters | to_entries[] | select(.key != "scope") | {(.key): (if .value == null then "null" else "counted" end)}] | add' "$q/results.jsonl")"
jq -se '[.[] | select(.status != "ok") | .counters | to_entries[] | select(.key != "scope" and .value != null)] | length == 0' \
	"$q/results.jsonl" >/dev/null && ok "jobs without numbers have null counters" || nok "jobs without numbers have null counters"

echo "1..$n"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Measures `kg build` end to end on synthetic corpora from `kg gen`, as
# ratios of runs made side by side in the same session:
#
#   - throughput with 2 workers against 1 worker on a 100 MB corpus
#     (acceptance: >= 1.7, which needs two otherwise idle cores), from N
#     pairs of builds, 1 worker then 2, each pair's ratio printed and
#     their median taken, so that a burst of load from elsewhere on a
#     shared machine spoils one pair, not the figure;
#   - peak RSS on a 100 MB corpus against a 10 MB one (acceptance: <= 2,
#     i.e. memory does not grow with the corpus), read from /usr/bin/time
#     (or VmHWM in /proc when it is missing), the largest of the 2-worker
#     builds against the 10 MB build;
#   - the same 2-worker/1-worker ratio from the Go benchmark
#     (graph/build BenchmarkBuild, a 1 MiB corpus), median of N runs of
#     the pair.
#
# The corpora are generated once (seed 1) into $KG_BENCH_DIR (default
# /tmp/kg-bench) and reused; the outputs are deleted after each build.
# Generating 100 MB takes a few minutes, and each pair of builds about one.
#
# Usage: bash scripts/bench-build.sh [N]        (N pairs and Go benchmark runs, default 3)
# Env:   KG_BENCH_DIR, KG_BENCH_LARGE (default 100MB), KG_BENCH_SMALL (10MB)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
dir=${KG_BENCH_DIR:-/tmp/kg-bench}
large=${KG_BENCH_LARGE:-100MB}
small=${KG_BENCH_SMALL:-10MB}
mkdir -p "$dir"
bin="$dir/kg"
go build -o "$bin" ./cmd/kg

# corpus SIZE: generates (or reuses) the corpus of SIZE and prints its folder.
corpus() {
	local c="$dir/corpus-$1"
	if [ "$(cat "$c/.kg-gen" 2>/dev/null)" != "$1 seed 1" ]; then
		rm -rf "$c"
		echo "== kg gen --size $1" >&2
		"$bin" gen -q --out "$c" --size "$1" --seed 1
		echo "$1 seed 1" >"$c/.kg-gen"
	fi
	echo "$c"
}

# build CORPUS WORKERS: builds and prints "seconds peak-RSS-KiB".
build() {
	local out="$dir/out" stats="$dir/time"
	rm -rf "$out"
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %M' -o "$stats" "$bin" build -q --input "$1" --out "$out" --workers "$2"
	else
		local start end pid hwm=0 h
		start=$(date +%s.%N)
		"$bin" build -q --input "$1" --out "$out" --workers "$2" &
		pid=$!
		while kill -0 "$pid" 2>/dev/null; do
			h=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
			[ -n "$h" ] && [ "$h" -gt "$hwm" ] && hwm=$h
			sleep 0.05
		done
		wait "$pid"
		end=$(date +%s.%N)
		echo "$(echo "$end - $start" | bc) $hwm" >"$stats"
	fi
	rm -rf "$out"
	cat "$stats"
}

big=$(corpus "$large")
little=$(corpus "$small")
bytes() { find "$1" -name '*.txt' -printf '%s\n' | awk '{ n += $1 } END { print n }'; }
big_bytes=$(bytes "$big")
little_bytes=$(bytes "$little")

ratios=()
rss2=0
for i in $(seq "$runs"); do
	echo "== pair $i of $runs: kg build $large, 1 worker, then 2 workers" >&2
	read -r t1 r1 <<<"$(build "$big" 1)"
	read -r t2 r2 <<<"$(build "$big" 2)"
	[ "$r2" -gt "$rss2" ] && rss2=$r2
	ratios+=("$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", a / b }')")
	awk -v t1="$t1" -v t2="$t2" -v r1="$r1" -v r2="$r2" -v bb="$big_bytes" -v large="$large" -v i="$i" 'BEGIN {
		mb = 1048576
		printf "pair %d: build %s, 1 worker %6.1f s (%4.2f MB/s, %3.0f MiB), 2 workers %6.1f s (%4.2f MB/s, %3.0f MiB): %.2f\n",
			i, large, t1, bb / mb / t1, r1 / 1024, t2, bb / mb / t2, r2 / 1024, t1 / t2
	}'
done
echo "== kg build $small, 2 workers" >&2
read -r ts rsss <<<"$(build "$little" 2)"

median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'; }
awk -v s="$(median "${ratios[@]}")" -v n="$runs" -v ts="$ts" -v r2="$rss2" -v rs="$rsss" \
	-v lb="$little_bytes" -v large="$large" -v small="$small" 'BEGIN {
	mb = 1048576
	printf "build %s, 2 workers:  %7.1f s  %5.2f MB/s  peak RSS %4.0f MiB\n", small, ts, lb / mb / ts, rs / 1024
	printf "throughput, 2 workers / 1 worker on %s: %.2f, median of %d pairs (acceptance >= 1.7: %s)\n", large, s, n, (s >= 1.7 ? "met" : "NOT met")
	m = r2 / rs
	printf "peak RSS, %s / %s: %.2f (acceptance <= 2: %s)\n", large, small, m, (m <= 2 ? "met" : "NOT met")
}'

echo "== go test -bench BenchmarkBuild, $runs runs" >&2
: >"$dir/gobench"
for i in $(seq "$runs"); do
	go test -run '^$' -bench '^BenchmarkBuild$' -count 1 ./graph/build | tee -a "$dir/gobench" | grep '^Benchmark' >&2
done
awk '
	function fig(unit,   i) { for (i = 3; i <= NF; i++) if ($i == unit) return $(i-1) }
	function median(v, n,   i, j, t) {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
		return (n % 2) ? v[(n+1)/2] : (v[n/2] + v[n/2+1]) / 2
	}
	$1 ~ /^BenchmarkBuild\/workers=1(-[0-9]+)?$/ { one = fig("MB/s") }
	$1 ~ /^BenchmarkBuild\/workers=2(-[0-9]+)?$/ { r[++n] = fig("MB/s") / one }
	END {
		if (n == 0) { print "no benchmark figures" > "/dev/stderr"; exit 1 }
		printf "go bench BenchmarkBuild (1 MiB), 2 workers / 1 worker: %.2f, median of %d runs\n", median(r, n), n
	}' "$dir/gobench"

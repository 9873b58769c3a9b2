#!/usr/bin/env bash
# Measures, as ratios of benchmarks run side by side in the same session:
#
#   - extraction throughput against plain segmentation over the seeds:
#     extract/rules BenchmarkExtract against BenchmarkGseCut, gse's own
#     plain Cut with gse's dictionary (the issue's baseline; the target is
#     that extraction keeps at least 40% of its MB/s), and against
#     BenchmarkCut, kg's segmenter, which replays gse's algorithm faster
#     and so is the stricter baseline;
#   - the segmenter's start-up against gse's own dictionary loading
#     (extract/segment BenchmarkNew/zh_s.dict against BenchmarkNew/gse).
#
# Timings on a shared machine are noisy, so it runs the benchmarks N times
# (default 5), one after the other, and compares the medians.
#
# Usage: bash scripts/bench-extract.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go test -c -o "$tmp/rules.test" ./extract/rules
go test -c -o "$tmp/segment.test" ./extract/segment
for i in $(seq "$runs"); do
	echo "== run $i of $runs" >&2
	(cd extract/rules && "$tmp/rules.test" -test.run '^$' -test.bench '^Benchmark(Cut|GseCut|Extract)$' -test.benchmem) | tee -a "$tmp/out" | grep '^Benchmark' >&2
	(cd extract/segment && "$tmp/segment.test" -test.run '^$' -test.bench '^BenchmarkNew$' -test.benchmem) | tee -a "$tmp/out" | grep '^Benchmark' >&2
done

# Each run gives a ratio of two figures measured one after the other;
# report the median ratio.
awk -v runs="$runs" '
	function fig(unit,   i) { for (i = 3; i <= NF; i++) if ($i == unit) return $(i-1) }
	function median(v, n,   i, j, t) {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { t = v[j]; v[j] = v[j-1]; v[j-1] = t }
		return (n % 2) ? v[(n+1)/2] : (v[n/2] + v[n/2+1]) / 2
	}
	$1 ~ /^BenchmarkCut(-[0-9]+)?$/ { cut = fig("MB/s") }
	$1 ~ /^BenchmarkExtract(-[0-9]+)?$/ { x = fig("MB/s"); ext[++ne] = x / cut }
	$1 ~ /^BenchmarkGseCut(-[0-9]+)?$/ { gcut[++nc] = x / fig("MB/s") }
	$1 ~ /^BenchmarkNew\/zh_s\.dict(-[0-9]+)?$/ { dict = fig("ns/op") }
	$1 ~ /^BenchmarkNew\/gse(-[0-9]+)?$/ { gse[++ng] = fig("ns/op") / dict; ms[ng] = dict / 1e6 }
	END {
		if (ne == 0 || nc == 0 || ng == 0) { print "no benchmark figures" > "/dev/stderr"; exit 1 }
		g = median(gcut, nc)
		printf "extraction keeps %.0f%% of gse'"'"'s plain Cut throughput (target >= 40%%: %s), median of %d runs\n", 100 * g, (g >= 0.40 ? "met" : "NOT met"), nc
		r = median(ext, ne)
		printf "extraction keeps %.0f%% of kg'"'"'s own segmenter Cut throughput (the stricter baseline), median of %d runs\n", 100 * r, ne
		printf "segment.New is %.0f times faster than gse LoadDictEmbed(\"zh_s\") (%.1f ms), median of %d runs\n", median(gse, ng), median(ms, ng), ng
	}' "$tmp/out"

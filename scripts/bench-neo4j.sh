#!/usr/bin/env bash
# Benchmarks of loading kg's graph into a real Neo4j 5.26 Community server,
# as ratios measured in one run (timings alone depend on the machine and on
# what else runs on it):
#   - the Bolt load (cypher.Loader.Load) of a synthetic graph of 150,000
#     relationships, in relationships per second, at batch sizes 250 to
#     5000, and as a multiple of a naive load of one row per transaction
#     (batch size 1, on a sample of the same shape); also per second of the
#     server's CPU time, when the server runs here;
#   - 1, 2 and 4 concurrent writers for the node batches;
#   - neo4j-admin database import full of the CSV files of kg export
#     against the Bolt load of the same graph, of 150,000 and of 750,000
#     relationships (once: the larger takes minutes).
# Each iteration of a benchmark runs all of its variants in turn, so that
# the load of the machine weighs on each alike. The go test -bench lines
# come first, then a summary.
#
# Unless NEO4J_URI is set, it starts a server with scripts/neo4j.sh on
# KG_NEO4J_PORT (default 7687) and stops it at the end. neo4j-admin imports
# into a second server's home, on KG_NEO4J_IMPORT_PORT (default: the port
# after NEO4J_URI's). It takes some 20 minutes on a busy 2-core machine.
#
# Usage: bash scripts/bench-neo4j.sh [COUNT]
#   COUNT  iterations of the Bolt load benchmarks (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-3}"

started=""
if [ -z "${NEO4J_URI:-}" ]; then
	eval "$(bash scripts/neo4j.sh start)"
	started=yes
fi
export NEO4J_URI NEO4J_USERNAME NEO4J_PASSWORD
out=$(mktemp)
cleanup() {
	rm -f "$out"
	if [ -n "$started" ]; then bash scripts/neo4j.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

bench() { # regexp iterations
	echo "== go test ./graph/cypher -run '^\$' -bench '$1' -benchtime $2x   ($(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
	go test ./graph/cypher -run '^$' -bench "$1" -benchtime "$2x" -timeout 60m | tee -a "$out"
}
bench 'Load$|LoadWriters' "$count"
bench 'AdminImport' 1
echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# The metrics, with words (the median, should go test run with -count).
awk '
function median(key,    n, i, j, v, a) {
	n = split(vals[key], a, " ")
	for (i = 2; i <= n; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > v + 0; j--) a[j + 1] = a[j]; a[j + 1] = v }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
/^Benchmark/ {
	name = $1; sub(/-[0-9]+$/, "", name); sub(/^Benchmark/, "", name)
	if (!(name in seen)) { seen[name] = 1; names[++nn] = name }
	for (i = 3; i < NF; i += 2) { key = name SUBSEP $(i + 1); vals[key] = vals[key] " " $i }
}
END {
	if (nn == 0) exit 1
	print ""
	print "== summary"
	for (k = 1; k <= nn; k++) {
		name = names[k]
		if (name == "Load") {
			printf "Bolt load, one row per transaction (naive): %.0f relationships/s\n", median(name SUBSEP "rels/s-naive")
			n = split("250 500 1000 2000 5000", sizes, " ")
			for (i = 1; i <= n; i++) {
				b = sizes[i]
				if (!((name SUBSEP "rels/s-" b) in vals)) continue
				printf "Bolt load, batches of %4d rows: %6.0f relationships/s = %5.1f x naive",
					b, median(name SUBSEP "rels/s-" b), median(name SUBSEP "x-naive-" b)
				if ((name SUBSEP "rels/cpu-s-" b) in vals) printf "; %6.0f per CPU-second of the server", median(name SUBSEP "rels/cpu-s-" b)
				printf "\n"
			}
		} else if (name == "LoadWriters") {
			printf "node writers: %.2f s with 1, %.2f s with 2 (%.2f x), %.2f s with 4 (%.2f x)\n",
				median(name SUBSEP "s-1writers"), median(name SUBSEP "s-2writers"), median(name SUBSEP "x1-2writers"),
				median(name SUBSEP "s-4writers"), median(name SUBSEP "x1-4writers")
		} else if (name ~ /^AdminImport\//) {
			printf "neo4j-admin %s: export %.1f s + import %.1f s = %.2f x the Bolt load of the same graph (%.1f s)\n",
				substr(name, 13), median(name SUBSEP "export-s"), median(name SUBSEP "import-s"),
				median(name SUBSEP "x-bolt"), median(name SUBSEP "bolt-s")
		}
	}
}' "$out"

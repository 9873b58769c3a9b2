#!/usr/bin/env bash
# Runs every check of kg: gofmt, go vet, and all tests, the Neo4j ones
# against a real Neo4j 5.26 Community server.
#
# Unless NEO4J_URI is already set (any Neo4j 5 of yours), it starts one on
# 127.0.0.1 with scripts/neo4j.sh (fetched from Maven Central with mvn on
# first use, cached in ~/.cache/kg) and stops it at the end.
#
# After the tests it runs them again under the race detector (with -short,
# which leaves out the 50 MB inputs and the Ctrl-C test of the kg binary),
# then each fuzz target briefly. KG_RACE=0 skips the race run and
# KG_FUZZTIME=0 the fuzzing; KG_FUZZTIME (default 100000x) is the budget per
# target, a count of inputs.
#
# The budget is a count, not a duration, because Go 1.26's fuzzing
# coordinator can fail a target with a bare "context deadline exceeded"
# when a duration runs out while a worker is still minimizing an input
# (go.dev/issue/75804, fixed in Go 1.27): a failure with no failing input.
# A count sets no deadline. Minimizing is bounded by its own time.
#
# Usage: bash scripts/test.sh [go test flags…]
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== gofmt"
bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$bad" ]; then
	echo "gofmt would change:"; echo "$bad"; exit 1
fi
echo "== go vet"
go vet ./...

if ! python3 -c 'import networkx' 2>/dev/null; then
	echo "== pip install networkx (GraphML is checked with NetworkX)"
	python3 -m pip install --quiet networkx
fi

started=""
if [ -z "${NEO4J_URI:-}" ]; then
	if command -v java >/dev/null && command -v mvn >/dev/null; then
		echo "== starting Neo4j (scripts/neo4j.sh)"
		eval "$(bash scripts/neo4j.sh start)"
		started=yes
		trap 'bash scripts/neo4j.sh stop >/dev/null 2>&1 || true' EXIT
	else
		echo "!! neither NEO4J_URI nor Java and Maven: the Neo4j tests will SKIP (they never skip in CI)" >&2
	fi
fi

echo "== go test"
go test -count=1 "$@" ./...

if [ "${KG_RACE:-1}" != 0 ]; then
	echo "== go test -race -short"
	go test -count=1 -race -short "$@" ./...
fi

fuzztime=${KG_FUZZTIME:-100000x}
if [ "$fuzztime" != 0 ]; then
	echo "== go test -fuzz, $fuzztime per target"
	# go test -list prints a package's targets, then "ok  <package> <time>".
	targets=$(go test -list '^Fuzz' ./... | awk '/^Fuzz/ {f[n++] = $1} /^ok/ {for (i = 0; i < n; i++) print $2, f[i]; n = 0}')
	while read -r pkg target; do
		[ -n "$target" ] || continue
		echo "-- $target ($pkg)"
		go test -run '^$' -fuzz "^$target\$" -fuzztime "$fuzztime" -fuzzminimizetime 5s "$pkg"
	done <<<"$targets"
fi

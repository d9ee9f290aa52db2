#!/usr/bin/env bash
# Measure the library store on a synthetic corpus (default 100,000 files):
# indexing from nothing, the database's size against the corpus, a warm
# start to the first headline on the real binary, and search and "more like
# this" latencies (go test -bench, percentiles).
#
# The corpus is made under $BENCH_DIR (default /tmp/bulletin-bench) as
# scripts/bench-list.sh makes it, and reused; the store lives beside it in
# <corpus>.store (as XDG_DATA_HOME) and is reused too, unless FRESH=1, which
# indexes from nothing and times it (a minute or so for 100,000 files).
#
#   scripts/bench-store.sh                 # N=100000 SEED=1 REPS=11
#   FRESH=1 scripts/bench-store.sh         # time a full indexing too
#   N=10000 REPS=5 scripts/bench-store.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-/tmp/bulletin-bench}
n=${N:-100000}
seed=${SEED:-1}
reps=${REPS:-11}
benchtime=${BENCHTIME:-400x}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-store.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cd "$root"
go build -o "$tmp/bulletin" .
if ! "$tmp/bulletin" index --help >/dev/null 2>&1; then
	echo "bench-store: this bulletin has no index command (cli/root.go must add storeCommands())" >&2
	exit 1
fi
go build -o "$tmp/gencorpus" ./internal/synth/cmd/gencorpus
gen=$(cat internal/synth/*.go internal/synth/cmd/gencorpus/*.go | sha256sum | cut -c1-16)

dir="$bench/n$n-seed$seed"
if [ "$(cat "$dir.done" 2>/dev/null)" != "$gen" ]; then
	rm -rf "$dir" "$dir.done" "$dir.store"
	mkdir -p "$dir"
	"$tmp/gencorpus" -n "$n" -seed "$seed" "$dir" >&2
	echo "$gen" >"$dir.done"
fi
store="$dir.store"
db="$store/bulletin/bulletin.db"
export XDG_DATA_HOME="$store" NO_COLOR=1

now() { date +%s.%N; }
index_time="(not measured: FRESH=1 measures it)"
if [ "${FRESH:-0}" = 1 ] || [ ! -f "$db" ]; then
	rm -rf "$store"
	echo "bench-store: indexing $n files from nothing" >&2
	start=$(now)
	"$tmp/bulletin" index "$dir" 2>"$tmp/index.log"
	end=$(now)
	index_time=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f s", b - a }')
	listing=$(grep -c ' files$' "$tmp/index.log" || true)
	echo "bench-store: indexed in $index_time ($listing listing transactions)" >&2
else
	"$tmp/bulletin" index "$dir" 2>/dev/null # bring it up to date, untimed
fi

corpus_bytes=$(du -sb "$dir" | cut -f1)
db_bytes=$(($(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)))

# Warm start: the index is there and no file changed. The page cache is
# warmed by one untimed run; each run is the whole pipeline, so it counts
# the process's start and exit.
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -n 1; }
# bulletin ends on SIGPIPE once head has its line: not a failure here.
warm() {
	# shellcheck disable=SC2086 # $1 is the subcommand and its flag
	"$tmp/bulletin" $1 "$dir" | head -n 1 >/dev/null || true
	: >"$tmp/times"
	for _ in $(seq "$reps"); do
		start=$(now)
		# shellcheck disable=SC2086
		"$tmp/bulletin" $1 "$dir" | head -n 1 >/dev/null || true
		end=$(now)
		awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f\n", (b - a) * 1000 }' >>"$tmp/times"
	done
	echo "$(median <"$tmp/times") $(maximum <"$tmp/times")"
}
read -r json_med json_max < <(warm "list --json")
read -r text_med text_max < <(warm "list")

BULLETIN_BENCH_CORPUS="$dir" BULLETIN_BENCH_DB="$db" \
	go test ./store/ -run '^$' -bench 'Search$|Similar$|FirstHeadlines$' -benchtime "$benchtime" >"$tmp/bench.txt"
metric() { awk -v b="$1" -v m="$2" '$1 ~ "^"b"-" { for (i = 2; i < NF; i++) if ($(i+1) == m) print $i }' "$tmp/bench.txt"; }

echo
echo "library store on $n synthetic files (seed $seed, $(nproc) CPUs, warm page cache)"
echo
echo "| measure | result |"
echo "| --- | --- |"
echo "| index from nothing (listing and full text) | $index_time |"
printf '| database size / corpus size | %.0f MB / %.0f MB = %.2fx |\n' "$(echo "$db_bytes / 1000000" | bc -l)" "$(echo "$corpus_bytes / 1000000" | bc -l)" "$(echo "$db_bytes / $corpus_bytes" | bc -l)"
echo "| warm start to first headline, \`list --json | head -1\` ($reps runs) | median $json_med ms, max $json_max ms |"
echo "| warm start to first headline, \`list | head -1\` | median $text_med ms, max $text_max ms |"
echo "| first 50 headlines in-process (BenchmarkFirstHeadlines) | p50 $(metric BenchmarkFirstHeadlines p50-ms) ms, p95 $(metric BenchmarkFirstHeadlines p95-ms) ms |"
echo "| search, 20 hits with snippets (BenchmarkSearch) | p50 $(metric BenchmarkSearch p50-ms) ms, p95 $(metric BenchmarkSearch p95-ms) ms, p99 $(metric BenchmarkSearch p99-ms) ms |"
echo "| more like this, 5 articles (BenchmarkSimilar) | p50 $(metric BenchmarkSimilar p50-ms) ms, p95 $(metric BenchmarkSimilar p95-ms) ms, p99 $(metric BenchmarkSimilar p99-ms) ms |"

#!/usr/bin/env bash
# Measure the library store on a synthetic corpus (default 100,000 files):
# indexing from nothing, the database's size against the corpus, a warm
# start to the first headline on the real binary, and search and "more like
# this" latencies (go test -bench, percentiles). Beside them, the floors of
# this machine, timed by internal/synth/cmd/floor in the same run: reading
# every file with 2 workers for indexing, stating every file for a warm
# start (which must still see what changed).
#
# The corpus is made under $BENCH_DIR (default /tmp/bulletin-bench) as
# scripts/bench-list.sh makes it, and reused, unless CORPUS names an
# existing folder (used as it is, never written). The store (XDG_DATA_HOME)
# lives beside a made corpus in <corpus>.store, or in
# $BENCH_DIR/<folder name>.store for CORPUS, and is reused too, unless
# FRESH=1, which indexes from nothing and times it (a minute or so for
# 100,000 files). Prints a Markdown table: work | bulletin | floor | ratio.
#
#   scripts/bench-store.sh                 # N=100000 SEED=1 REPS=11
#   FRESH=1 scripts/bench-store.sh         # time a full indexing too
#   N=10000 REPS=5 scripts/bench-store.sh
#   CORPUS="$HOME/corpus-10k" FRESH=1 scripts/bench-store.sh
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
. scripts/corpus.sh
go build -o "$tmp/bulletin" .
if ! "$tmp/bulletin" index --help >/dev/null 2>&1; then
	echo "bench-store: this bulletin has no index command (cli/root.go must add storeCommands())" >&2
	exit 1
fi
go build -o "$tmp/floor" ./internal/synth/cmd/floor

if [ -n "${CORPUS:-}" ]; then
	dir=$CORPUS
	[ -d "$dir" ] || { echo "bench-store: CORPUS $dir is not a folder" >&2; exit 1; }
	mkdir -p "$bench"
	store="$bench/$(basename "$dir").store"
	n=$(find "$dir" -type f | wc -l)
	what="the $n files of $(basename "$dir")"
else
	dir="$bench/n$n-seed$seed"
	corpus "$dir" "$n" "$seed" "$dir.store"
	store="$dir.store"
	what="$n synthetic files (seed $seed)"
fi
db="$store/bulletin/bulletin.db"
export XDG_DATA_HOME="$store" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" NO_COLOR=1

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -n 1; }
ratio() { awk -v b="$1" -v f="$2" 'BEGIN { if (f > 0) printf "%.1fx", b / f }'; }
# floor_ms MODE: one run of the floor program, in ms.
floor_ms() { "$tmp/floor" -mode "$1" "$dir" 2>/dev/null | awk '{ printf "%.0f\n", $1 * 1000 }'; }

now() { date +%s.%N; }
index_row="| index from nothing (listing and full text) | not measured (FRESH=1 measures it) | | |"
if [ "${FRESH:-0}" = 1 ] || [ ! -f "$db" ]; then
	rm -rf "$store"
	"$tmp/floor" -mode read "$dir" >/dev/null 2>&1 # warm the page cache
	echo "bench-store: indexing $n files from nothing" >&2
	start=$(now)
	"$tmp/bulletin" index "$dir" 2>"$tmp/index.log"
	end=$(now)
	index_ms=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
	read_ms=$(for _ in 1 2 3; do floor_ms read; done | median)
	index_row=$(awk -v b="$index_ms" -v f="$read_ms" 'BEGIN {
		printf "| index from nothing (listing and full text) | %.1f s | %.2f s (read every file, 2 workers) | %.1fx |", b / 1000, f / 1000, b / f }')
	listing=$(grep -c ' files$' "$tmp/index.log" || true)
	echo "bench-store: indexed in $index_ms ms ($listing listing transactions)" >&2
else
	"$tmp/bulletin" index "$dir" 2>/dev/null # bring it up to date, untimed
fi

corpus_bytes=$(du -sb "$dir" | cut -f1)
db_bytes=$(($(stat -c %s "$db") + $(stat -c %s "$db-wal" 2>/dev/null || echo 0)))

# Warm start: the index is there and no file changed. The page cache is
# warmed by one untimed run; each run is the whole pipeline, so it counts
# the process's start and exit. Each run is followed by one of the stat
# floor, so that both see the same load.
# bulletin ends on SIGPIPE once head has its line: not a failure here.
warm() {
	# shellcheck disable=SC2086 # $1 is the subcommand and its flag
	"$tmp/bulletin" $1 "$dir" | head -n 1 >/dev/null || true
	: >"$tmp/times"
	: >"$tmp/floors"
	for _ in $(seq "$reps"); do
		start=$(now)
		# shellcheck disable=SC2086
		"$tmp/bulletin" $1 "$dir" | head -n 1 >/dev/null || true
		end=$(now)
		awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f\n", (b - a) * 1000 }' >>"$tmp/times"
		floor_ms stat >>"$tmp/floors"
	done
	echo "$(median <"$tmp/times") $(maximum <"$tmp/times") $(median <"$tmp/floors")"
}
read -r json_med json_max json_floor < <(warm "list --json")
read -r text_med text_max text_floor < <(warm "list")

BULLETIN_BENCH_CORPUS="$dir" BULLETIN_BENCH_DB="$db" \
	go test ./store/ -run '^$' -bench 'Search$|Similar$|FirstHeadlines$' -benchtime "$benchtime" >"$tmp/bench.txt"
metric() { awk -v b="$1" -v m="$2" '$1 ~ "^"b"-" { for (i = 2; i < NF; i++) if ($(i+1) == m) print $i }' "$tmp/bench.txt"; }

echo
echo "library store on $what ($(nproc) CPUs, warm page cache)"
echo
echo "| work | bulletin | floor | ratio |"
echo "|---|---:|---:|---:|"
echo "$index_row"
printf '| database size against the corpus | %.0f MB | %.0f MB (the corpus) | %.2fx |\n' "$(echo "$db_bytes / 1000000" | bc -l)" "$(echo "$corpus_bytes / 1000000" | bc -l)" "$(echo "$db_bytes / $corpus_bytes" | bc -l)"
echo "| warm start to first headline, \`list --json \| head -1\` ($reps runs) | median $json_med ms, max $json_max ms | $json_floor ms (stat every file, 2 workers) | $(ratio "$json_med" "$json_floor") |"
echo "| warm start to first headline, \`list \| head -1\` | median $text_med ms, max $text_max ms | $text_floor ms (stat every file, 2 workers) | $(ratio "$text_med" "$text_floor") |"
echo "| first 50 headlines in-process (BenchmarkFirstHeadlines) | p50 $(metric BenchmarkFirstHeadlines p50-ms) ms, p95 $(metric BenchmarkFirstHeadlines p95-ms) ms | | |"
echo "| search, 20 hits with snippets (BenchmarkSearch) | p50 $(metric BenchmarkSearch p50-ms) ms, p95 $(metric BenchmarkSearch p95-ms) ms, p99 $(metric BenchmarkSearch p99-ms) ms | | |"
echo "| more like this, 5 articles (BenchmarkSimilar) | p50 $(metric BenchmarkSimilar p50-ms) ms, p95 $(metric BenchmarkSimilar p95-ms) ms, p99 $(metric BenchmarkSimilar p99-ms) ms | | |"

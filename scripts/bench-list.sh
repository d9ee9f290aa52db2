#!/usr/bin/env bash
# Time `bulletin list` over synthetic corpora of 10,000 and 100,000 files,
# beside the floors of this machine: reading every file with 2 workers (what
# a first listing, which indexes every file, cannot beat) and stating every
# file (what a listing from an up-to-date index must still do to see what
# changed), both timed by internal/synth/cmd/floor.
#
# Builds the binary, the corpus generator and the floor program, generates
# the corpora under $BENCH_DIR (default /tmp/bulletin-bench; reused when
# complete and made by the same generator) unless CORPUS names existing
# folders (used as they are, never written), warms the page cache with one
# untimed run, then runs each measure REPS times, each bulletin run next to
# a run of its floor so that both see the same load, and prints a Markdown
# table of the medians. bulletin's configuration, data and cache live in a
# temporary folder, new for every "from nothing" run.
#
#   scripts/bench-list.sh              # SIZES="10000 100000" REPS=5 SEED=1
#   SIZES=2000 REPS=3 scripts/bench-list.sh
#   CORPUS="$HOME/corpus-10k" scripts/bench-list.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-/tmp/bulletin-bench}
sizes=${SIZES:-10000 100000}
reps=${REPS:-5}
seed=${SEED:-1}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-list.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export OUT="$tmp/out"
export XDG_CONFIG_HOME="$tmp/xdg/config" XDG_DATA_HOME="$tmp/xdg/data" XDG_CACHE_HOME="$tmp/xdg/cache" NO_COLOR=1

if [ ! -x /usr/bin/time ]; then
	echo "installing GNU time" >&2
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get install -y time >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y time >&2; }
fi

cd "$root"
. scripts/corpus.sh
if ! go build -o "$tmp/bulletin" .; then
	echo "bench-list: go build . failed" >&2
	exit 1
fi
if ! "$tmp/bulletin" list --help >/dev/null 2>&1; then
	echo "bench-list: this bulletin has no list command yet" >&2
	exit 1
fi
go build -o "$tmp/floor" ./internal/synth/cmd/floor

dirs=()
if [ -n "${CORPUS:-}" ]; then
	for d in $CORPUS; do
		[ -d "$d" ] || { echo "bench-list: CORPUS $d is not a folder" >&2; exit 1; }
		dirs+=("$d")
	done
else
	for n in $sizes; do
		dir="$bench/n$n-seed$seed"
		corpus "$dir" "$n" "$seed"
		dirs+=("$dir")
	done
fi

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
maximum() { sort -g | tail -n 1; }
commas() { sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$1"; }

# measure WORK FRESH FLOORMODE SUBCOMMAND...: REPS runs of bulletin, each
# followed by one of the floor; FRESH=1 starts each bulletin run without a
# store. Adds a table row.
rows=()
measure() {
	local work=$1 fresh=$2 mode=$3
	shift 3
	: >"$tmp/times"
	: >"$tmp/floors"
	: >"$tmp/ends"
	for _ in $(seq "$reps"); do
		[ "$fresh" = 1 ] && rm -rf "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
		# The output ends before the process does when a first listing
		# writes the index after it: time both. The output goes to a
		# FIFO that only bulletin opens (a shell opens it and becomes
		# bulletin), as time would hold a pipe open until bulletin exits.
		local t0
		rm -f "$tmp/out"
		mkfifo "$tmp/out"
		{ cat "$tmp/out" >/dev/null; date +%s%N >"$tmp/eof"; } &
		local reader=$!
		t0=$(date +%s%N)
		if ! /usr/bin/time -q -f '%e %M' -o "$tmp/t" sh -c 'exec "$0" "$@" >"$OUT"' "$tmp/bulletin" "$@" "$dir" 2>"$tmp/err"; then
			echo "bench-list: bulletin $* $dir failed:" >&2
			cat "$tmp/err" >&2
			exit 1
		fi
		wait "$reader"
		tail -n 1 "$tmp/t" >>"$tmp/times"
		echo "$((($(cat "$tmp/eof") - t0) / 1000000))" >>"$tmp/ends"
		"$tmp/floor" -mode "$mode" "$dir" 2>/dev/null >>"$tmp/floors"
	done
	local wall rss floor end
	wall=$(cut -d' ' -f1 "$tmp/times" | median)
	end=$(median <"$tmp/ends")
	rss=$(cut -d' ' -f2 "$tmp/times" | maximum)
	floor=$(median <"$tmp/floors")
	rows+=("$(awk -v w="$work" -v e="$end" -v b="$wall" -v k="$rss" -v f="$floor" -v m="$mode" 'BEGIN {
		what = (m == "read") ? "read every file, 2 workers" : "stat every file, 2 workers"
		e /= 1000
		printf "| %s | %.2f s | %.2f s (peak RSS %.0f MB) | %.3f s (%s) | %.1fx / %.1fx |", w, e, b, k * 1024 / 1e6, f, what, (f > 0) ? e / f : 0, (f > 0) ? b / f : 0
	}')")
}

for dir in "${dirs[@]}"; do
	n=$(find "$dir" -type f | wc -l)
	mb=$(du -sb "$dir" | awk '{ printf "%d", $1 / 1e6 }')
	label="$(commas "$n") files, $mb MB"

	# Warm the page cache, and check that every file is listed.
	rm -rf "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
	got=$("$tmp/bulletin" list --json "$dir" | wc -l)
	if [ "$got" -ne "$n" ]; then
		echo "bench-list: list --json printed $got lines for $n files" >&2
	fi
	"$tmp/floor" -mode read "$dir" >/dev/null 2>&1

	measure "\`list --json\` from nothing (indexes every file), $label" 1 read list --json
	measure "\`list --json\`, index up to date, $label" 0 stat list --json
	measure "\`list\`, index up to date, $label" 0 stat list
done

echo
echo "bulletin list against the floors (warm page cache, medians of $reps runs, $(nproc) CPUs)"
echo
echo "| work | output complete | process exit | floor | ratio (output / exit) |"
echo "|---|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"

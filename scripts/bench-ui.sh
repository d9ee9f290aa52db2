#!/usr/bin/env bash
# Time the reader's start on a synthetic corpus of 100,000 files: from the
# start of the binary to the first headline on screen, and to the status
# bar counting every article (the scan done), in a real terminal (tmux).
#
# Builds the binary and the corpus generator, generates the corpus under
# $BENCH_DIR (default /tmp/bulletin-bench, shared with bench-list.sh; reused
# when complete and made by the same generator), warms the page cache with
# one untimed run, then starts `bulletin DIR` $REPS times in a fresh tmux
# server (100x30), polling `capture-pane -p` every 10 ms, and prints a
# Markdown table of the medians. The start time is taken in the pane, just
# before the shell execs bulletin, so tmux's own start is not counted; a
# time is when a poll first saw the screen, so it is late by up to one poll
# (10 ms and the capture, a few ms).
#
#   scripts/bench-ui.sh                # N=100000 REPS=5 SEED=1
#   N=10000 REPS=3 scripts/bench-ui.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-/tmp/bulletin-bench}
n=${N:-100000}
reps=${REPS:-5}
seed=${SEED:-1}
timeout_s=${TIMEOUT:-60}

if ! command -v tmux >/dev/null; then
	echo "bench-ui: tmux is needed (apt-get install tmux)" >&2
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-ui.XXXXXX")
cleanup() {
	for s in "$tmp"/tmux.*.sock; do
		if [ -S "$s" ]; then
			tmux -S "$s" kill-server 2>/dev/null || true
		fi
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

cd "$root"
go build -o "$tmp/bulletin" .
go build -o "$tmp/gencorpus" ./internal/synth/cmd/gencorpus
gen=$(cat internal/synth/*.go internal/synth/cmd/gencorpus/*.go | sha256sum | cut -c1-16)

dir="$bench/n$n-seed$seed"
# The marker lives beside the corpus (as bench-list.sh keeps it): it holds
# the generator's hash, so a changed generator regenerates.
if [ "$(cat "$dir.done" 2>/dev/null)" != "$gen" ]; then
	rm -rf "$dir" "$dir.done"
	mkdir -p "$dir"
	"$tmp/gencorpus" -n "$n" -seed "$seed" "$dir" >&2
	echo "$gen" >"$dir.done"
fi
name=$(basename "$dir")

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# run NAME prints "first-headline-ms all-listed-ms" for one start of the
# reader, in a tmux server of its own.
run() {
	local sock="$tmp/tmux.$1.sock"
	rm -f "$tmp/start"
	# The pane's shell records the start, then becomes bulletin.
	tmux -f /dev/null -S "$sock" new-session -d -s app -x 100 -y 30 \
		"env -u NO_COLOR TERM=xterm-256color sh -c 'echo \$((\$(date +%s%N) / 1000000)) >\"$tmp/start\"; exec \"$tmp/bulletin\" --theme dark \"$dir\"'"
	tmux -S "$sock" set-option -t app remain-on-exit on >/dev/null
	local first="" all="" deadline=$(($(now_ms) + timeout_s * 1000)) screen t
	while [ -z "$all" ]; do
		screen=$(tmux -S "$sock" capture-pane -p -t app 2>/dev/null || true)
		t=$(now_ms)
		# A headline's second line: "date · source · n related".
		if [ -z "$first" ] && [[ $screen == *" · $name"* ]]; then
			first=$t
		fi
		if [[ $screen == *"$n articles"* && $screen != *"loading"* ]]; then
			all=$t
			[ -n "$first" ] || first=$t
		fi
		if [ "$t" -gt "$deadline" ]; then
			echo "bench-ui: no full list after ${timeout_s}s; last screen:" >&2
			echo "$screen" >&2
			exit 1
		fi
		sleep 0.01
	done
	local start
	start=$(cat "$tmp/start")
	tmux -S "$sock" send-keys -t app q
	tmux -S "$sock" kill-server 2>/dev/null || true
	echo "$((first - start)) $((all - start))"
}

run warm >/dev/null # warm the page cache (and the binary)
: >"$tmp/times"
for i in $(seq "$reps"); do
	r=$(run "$i")
	echo "run $i: first headline ${r% *} ms, all $n listed ${r#* } ms" >&2
	echo "$r" >>"$tmp/times"
done
first=$(cut -d' ' -f1 "$tmp/times" | median)
all=$(cut -d' ' -f2 "$tmp/times" | median)

echo
echo "bulletin DIR in tmux (100x30), synthetic corpus of $n files (seed $seed), warm page cache, median of $reps runs, $(nproc) CPUs"
echo
echo "| files | first headline on screen | status counts every article |"
echo "|---:|---:|---:|"
printf '| %d | %d ms | %d ms |\n' "$n" "$first" "$all"

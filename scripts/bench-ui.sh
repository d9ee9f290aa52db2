#!/usr/bin/env bash
# Time the reader as a person sees it, in a real terminal (tmux, 100x30),
# on the real binary, with `less` measured in the same run as the floor:
#
#   - start: exec to the first headline on screen, and to the status bar
#     counting every article, started with no argument (the folder is in
#     the library) and with the folder as argument; warm index and page
#     cache (one untimed run first);
#   - keys: from send-keys to the screen showing the result, for Enter
#     (open an article), 1 (open its first related story), Backspace
#     (back, to an article already rendered) and a filter letter, beside
#     less's j on a long file;
#   - memory: the reader's RSS after opening $OPENS articles one after
#     the other (and its peak), beside `bulletin list --json`'s peak.
#
# The library lives in an XDG home of its own under a temporary folder.
# The corpus is $DIR when set (it is only read), else one generated under
# $BENCH_DIR (default /tmp/bulletin-bench, shared with bench-list.sh).
# Times are medians, seen by keytime (internal/synth/cmd/keytime), which
# looks at the screen as the program writes: a start from the Enter that
# lets the pane's shell exec the program (less alike), a key from its
# send-keys, after a pause of 150 ms before each key, as a person reads the
# screen before the next.
#
#   scripts/bench-ui.sh                    # N=100000 REPS=5 KEYS=15 SEED=1
#   DIR=/data/corpus REPS=3 scripts/bench-ui.sh
#   BIN=/path/to/old/bulletin scripts/bench-ui.sh   # another build
#   LIBRARY=/tmp/lib scripts/bench-ui.sh  # keep the library between runs
#   PARTS="keys" scripts/bench-ui.sh      # only some of start, keys, memory
#   KEYS_OUT=/tmp/k scripts/bench-ui.sh   # add each key time to /tmp/k/KEY
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-/tmp/bulletin-bench}
n=${N:-100000}
reps=${REPS:-5}
keys=${KEYS:-15}
opens=${OPENS:-50}
seed=${SEED:-1}
timeout_s=${TIMEOUT:-120}
parts=" ${PARTS:-start keys memory} "

if ! command -v tmux >/dev/null || ! command -v less >/dev/null; then
	echo "bench-ui: tmux and less are needed (apt-get install tmux less)" >&2
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
. scripts/corpus.sh
if [ -n "${BIN:-}" ]; then
	cp "$BIN" "$tmp/bulletin"
else
	go build -o "$tmp/bulletin" .
fi
go build -o "$tmp/keytime" ./internal/synth/cmd/keytime
if [ -n "${DIR:-}" ]; then
	dir=$(cd "$DIR" && pwd)
	n=$(find "$dir" -name '*.txt' | wc -l)
else
	dir="$bench/n$n-seed$seed"
	corpus "$dir" "$n" "$seed"
fi
name=$(basename "$dir")
n_commas=$(sed ':a; s/\B[0-9]\{3\}\>/,&/; ta' <<<"$n")
# LIBRARY keeps the library (and its full-text index) between runs.
home=${LIBRARY:-$tmp/home}
xdg="XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_CACHE_HOME=$home/cache"
bul() { env $xdg "$tmp/bulletin" "$@"; }

echo "bench-ui: indexing $n files in a library of its own" >&2
bul add "$dir" >/dev/null 2>&1 || true
bul list >/dev/null

now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
p95() { sort -g | awk '{ a[NR] = $1 } END { i = int(NR * 0.95 + 0.999); if (i > NR) i = NR; print a[i] }'; }

sock=""
# open NAME CMD starts CMD in a tmux server of its own. With a third
# argument "wait", the pane's shell first waits for a line (keytime's
# Enter, the start of a timed start) and then becomes CMD.
open() {
	sock="$tmp/tmux.$1.sock"
	local wait=""
	[ "${3:-}" = wait ] && wait="read _; "
	tmux -f /dev/null -S "$sock" new-session -d -s app -x 100 -y 30 \
		"env -u NO_COLOR TERM=xterm-256color $xdg sh -c '${wait}exec $2'"
	tmux -S "$sock" set-option -t app remain-on-exit on >/dev/null
}
close() { tmux -S "$sock" kill-server 2>/dev/null || true; }
# quit presses q and waits for the reader to end before the server goes:
# a reader ended by the server's hang-up remembers no first screen, and
# a person quits with q.
quit() {
	key q
	local deadline=$(($(now_ms) + timeout_s * 1000))
	while [ "$(tmux -S "$sock" display-message -p -t app '#{pane_dead}' 2>/dev/null)" != 1 ] &&
		[ "$(now_ms)" -lt "$deadline" ]; do
		sleep 0.01
	done
	close
}
key() { tmux -S "$sock" send-keys -t app "$@"; }

# Every screen is waited for by keytime (internal/synth/cmd/keytime), which
# watches the pane through a tmux control connection and looks at the
# screen each time the program writes, never on a clock: polling from here
# saw less (drawn 0.3 ms after its key) at the first poll and bulletin
# (drawn at its next frame) a poll or two later, and the difference moved
# by 10 ms between runs of the same build.
keytime() { "$tmp/keytime" -S "$sock" -t app -out "$tmp" -keys "$keys" -timeout "${timeout_s}s" "$@"; }
# keytime_bulletin is keytime on the reader, which it knows by the corpus's
# name and the article count.
keytime_bulletin() { keytime -name "$name" -total "$n_commas" "$@"; }

# start MODE prints "first-headline-ms all-listed-ms" for one start, from
# the Enter that starts it to the screens keytime sees.
start() {
	local arg="" r
	[ "$1" = arg ] && arg="\"$dir\""
	open "start$RANDOM" "\"$tmp/bulletin\" --theme dark $arg" wait
	r=$(keytime_bulletin start-bulletin)
	quit
	echo "$r"
}

# start_less prints how long less takes to show an article file, the floor
# of a first screen, started the same way.
start_less() {
	local r
	open "less$RANDOM" "less \"$article\"" wait
	r=$(keytime start-less)
	quit
	echo "$r"
}


# keys_bulletin writes the key times of bulletin to $tmp/k.*: Enter, 1,
# Backspace and a filter letter, moving down the list between rounds.
keys_bulletin() {
	open keys "\"$tmp/bulletin\" --theme dark"
	keytime_bulletin bulletin
	close
}

# keys_less writes less's j times to $tmp/k.less, on a long text file.
keys_less() {
	local files
	files=$(find "$dir" -name '*.txt' | head -200 || true)
	xargs cat <<<"$files" >"$tmp/long.txt"
	open less "less \"$tmp/long.txt\""
	keytime less
	quit
}

rss_kb() { awk -v f="$2" '$1 == f { print $2 }' "/proc/$1/status"; }

# memory prints "rss-after-opens-MB peak-MB" of the reader.
memory() {
	open mem "\"$tmp/bulletin\" --theme dark"
	local pid
	pid=$(tmux -S "$sock" display -p -t app '#{pane_pid}')
	keytime_bulletin -opens "$opens" open-bulletin
	echo "$(($(rss_kb "$pid" VmRSS:) / 1024)) $(($(rss_kb "$pid" VmHWM:) / 1024))"
	quit
}

list_peak_mb() {
	/usr/bin/time -f %M env $xdg "$tmp/bulletin" list --json 2>&1 >/dev/null | tail -1 | awk '{ print int($1 / 1024) }'
}

has_part() { [[ $parts == *" $1 "* ]]; }
: >"$tmp/none.new"
: >"$tmp/none.again"
: >"$tmp/arg.new"
: >"$tmp/arg.again"
: >"$tmp/less"
if has_part start; then
	start none >/dev/null # warm the page cache, the binary and the index
	article=$(find "$dir" -name '*.txt' -print -quit)
	for i in $(seq "$reps"); do
		start_less >>"$tmp/less"
		# Each mode twice: the first start has no remembered first screen
		# (none saved, or the last was saved with other arguments), the
		# second paints the one the first saved as it quit.
		for mode in none arg; do
			rm -f "$home/cache/bulletin/first-screen"
			for kind in new again; do
				r=$(start $mode)
				echo "start ($mode, $kind) $i: first headline ${r% *} ms, all $n listed ${r#* } ms" >&2
				echo "$r" >>"$tmp/$mode.$kind"
			done
		done
	done
fi
: >"$tmp/k.less"
: >"$tmp/k.enter"
: >"$tmp/k.related"
: >"$tmp/k.back"
: >"$tmp/k.filter"
if has_part keys; then
	echo "bench-ui: keys" >&2
	keys_less
	keys_bulletin
fi
mem="? ?"
listmb="?"
if has_part memory; then
	echo "bench-ui: memory after $opens articles" >&2
	mem=$(memory)
	listmb=$(list_peak_mb 2>/dev/null || echo "?")
fi

col() { cut -d' ' -f"$1" "$2" | median; }
lp50=$(median <"$tmp/k.less")
lp95=$(p95 <"$tmp/k.less")
row() { # name file
	local a b
	a=$(median <"$2")
	b=$(p95 <"$2")
	printf '| %s, p50 / p95 | %s / %s ms | %s / %s ms | %+.1f / %+.1f ms |\n' "$1" "$a" "$b" "$lp50" "$lp95" \
		"$(awk -v x="$a" -v y="$lp50" 'BEGIN { print x - y }')" "$(awk -v x="$b" -v y="$lp95" 'BEGIN { print x - y }')"
}

echo
echo "bulletin in tmux (100x30), $n files in $name, warm index and page cache, $(nproc) CPUs;"
echo "starts: median of $reps; keys: $keys presses each, less's j in the same run"
echo
echo "| work | bulletin | less | difference |"
echo "|---|---:|---:|---:|"
if has_part start; then
	lstart=$(median <"$tmp/less")
	for mode in none arg; do
		what="no argument"
		[ $mode = arg ] && what="folder as argument"
		for kind in new again; do
			how="nothing remembered"
			[ $kind = again ] && how="screen remembered"
			f="$tmp/$mode.$kind"
			echo "| first headline on screen, $what, $how | $(col 1 "$f") ms | $lstart ms | $(awk -v x="$(col 1 "$f")" -v y="$lstart" 'BEGIN { printf "%+.1f", x - y }') ms |"
		done
	done
	echo "| every article listed, no argument | $(col 2 "$tmp/none.again") ms | | |"
	echo "| every article listed, folder as argument | $(col 2 "$tmp/arg.again") ms | | |"
fi
if has_part keys; then
	row "Enter (open)" "$tmp/k.enter"
	row "1 (first related)" "$tmp/k.related"
	row "Backspace (back)" "$tmp/k.back"
	row "filter letter" "$tmp/k.filter"
	# KEYS_OUT keeps every press's time, to pool runs (A/B comparisons).
	if [ -n "${KEYS_OUT:-}" ]; then
		mkdir -p "$KEYS_OUT"
		for k in less enter related back filter; do
			cat "$tmp/k.$k" >>"$KEYS_OUT/$k"
		done
	fi
fi
if has_part memory; then
	echo "| RSS after opening $opens articles / peak | ${mem% *} / ${mem#* } MB | | |"
	echo "| peak RSS of list --json | $listmb MB | | |"
fi

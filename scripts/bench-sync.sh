#!/usr/bin/env bash
# Time `bulletin sync` against a fake Google Reader server on loopback
# (internal/greadertest/cmd/fakereader, answering as Miniflux does), and
# print a Markdown table: a first sync of N items, then a sync with nothing
# new, each with its wall time and the peak RSS of bulletin.
#
#   scripts/bench-sync.sh               # N=10000 FEEDS=50 REPS=3
#   N=2000 REPS=1 scripts/bench-sync.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
n=${N:-10000}
feeds=${FEEDS:-50}
reps=${REPS:-3}

if [ ! -x /usr/bin/time ]; then
	echo "bench-sync: needs GNU time (/usr/bin/time) for the peak RSS" >&2
	exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-sync.XXXXXX")
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
(cd "$root" && go build -o "$tmp/bulletin" . && go build -o "$tmp/fakereader" ./internal/greadertest/cmd/fakereader)

"$tmp/fakereader" -feeds "$feeds" -items "$n" >"$tmp/url" &
server=$!
for _ in $(seq 1 300); do
	[ -s "$tmp/url" ] && break
	sleep 0.1
done
url=$(head -1 "$tmp/url")
[ -n "$url" ] || { echo "bench-sync: the fake server did not start" >&2; exit 1; }

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# run HOME: one sync, printing "seconds kilobytes".
run() {
	HOME=$1 XDG_CONFIG_HOME=$1/config XDG_DATA_HOME=$1/data BULLETIN_SYNC_PASSWORD=secret \
		/usr/bin/time -f '%e %M' -o "$1/time" "$tmp/bulletin" sync 2>"$1/log" >/dev/null ||
		{ cat "$1/log" >&2; exit 1; }
	cat "$1/time"
}

: >"$tmp/first"
: >"$tmp/again"
for r in $(seq 1 "$reps"); do
	home=$tmp/home$r
	mkdir -p "$home/config/bulletin"
	printf '[sync]\nurl = "%s"\nusername = "ann"\n' "$url" >"$home/config/bulletin/config.toml"
	run "$home" >>"$tmp/first"
	run "$home" >>"$tmp/again"
	tail -1 "$home/log" >&2
done

row() {
	local s kb
	s=$(awk '{ print $1 }' "$2" | median)
	kb=$(awk '{ print $2 }' "$2" | median)
	awk -v w="$1" -v s="$s" -v kb="$kb" 'BEGIN { printf "| %s | %.2f s | %.0f MB |\n", w, s, kb / 1024 }'
}
echo "| sync (loopback, $feeds feeds, median of $reps) | time | peak RSS |"
echo "|---|---|---|"
row "first sync of $n items" "$tmp/first"
row "sync with nothing new" "$tmp/again"

#!/usr/bin/env bash
# Time bulletin's feed refresh against the floors, and print a Markdown
# table: work | bulletin | floor | ratio.
#
#  1. In-process (go test -bench FetchAll304): 1000 unchanged feeds of one
#     HTTPS host answering in 50 ms, over HTTP/1.1 and over HTTP/2. The
#     floor is what the politeness caps allow: 1000 requests at 50 ms, 4 at
#     once (the connections per host) over HTTP/1.1, 32 at once (the
#     streams per host) over HTTP/2.
#  2. The real binary, with the shared bench scripts (a local feed server
#     on loopback): run_peers.sh times `bulletin refresh` (and newsboat,
#     from Debian, when installed), physical.sh this machine's limits
#     (parallel curl over 16 connections, encoding/xml). The floor of a
#     refresh is the faster of physical.sh's two curl times for the same
#     feeds and latency: it downloads every body, so it is a floor for a
#     first refresh; a later one gets 304s, which cost less than that.
#     The shared scripts live outside the repository; BENCH names their
#     folder (default: ../shared/bench beside the checkout). Without them,
#     this part is skipped with a message.
#
#   scripts/bench-feeds.sh                         # REPS=3 N="50 200 1000" LAT="0 50ms"
#   REPS=1 N=1000 LAT=0 scripts/bench-feeds.sh
#   INPROCESS=0 scripts/bench-feeds.sh             # only the real binary
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH:-$root/../shared/bench}
reps=${REPS:-3}
ns=${N:-50 200 1000}
lats=${LAT:-0 50ms}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-feeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/bulletin" .)

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

rows=()
if [ "${INPROCESS:-1}" != 0 ]; then
	echo "bench-feeds: BenchmarkFetchAll304, $reps runs (about 15 s each)" >&2
	(cd "$root" && go test ./sources/feed/ -run '^$' -bench 'FetchAll304' -benchtime 1x -count "$reps") >"$tmp/go.txt"
	for proto in HTTP1.1 HTTP2; do
		s=$(awk -v b="BenchmarkFetchAll304/$proto-" 'index($1, b) == 1 { for (i = 2; i < NF; i++) if ($(i+1) == "s/refresh") print $i }' "$tmp/go.txt" | median)
		case $proto in
		HTTP1.1) at=4 why="4 connections" ;;
		HTTP2) at=32 why="32 streams" ;;
		esac
		rows+=("$(awk -v p="$proto" -v s="$s" -v at="$at" -v why="$why" 'BEGIN {
			f = 1000 / at * 0.050
			sub(/HTTP/, "HTTP/", p)
			printf "| refresh 1000 unchanged feeds of one host, 50 ms a response, %s (in-process) | %.2f s | %.2f s (1000 × 50 ms, %s at once) | %.1fx |", p, s, f, why, s / f }')")
	done
fi

if [ ! -x "$bench/run_peers.sh" ] || [ ! -x "$bench/physical.sh" ]; then
	echo "bench-feeds: no shared bench scripts (run_peers.sh, physical.sh) in $bench: the real binary is not timed (set BENCH)" >&2
else
	readers=(bulletin)
	if command -v newsboat >/dev/null; then
		readers+=(newsboat-t8)
	else
		echo "bench-feeds: newsboat not found; timing bulletin alone" >&2
	fi
	BULLETIN=$tmp/bulletin "$bench/run_peers.sh" -r "$reps" -n "$ns" -l "$lats" -o "$tmp/peers.csv" "${readers[@]}" >&2
	"$bench/summarize.sh" "$tmp/peers.csv"
	echo
	"$bench/physical.sh" -r "$reps" -n "$ns" -l "$lats" | tee "$tmp/physical.md"
	# The floor of a refresh: physical.sh's faster curl time for the same
	# feeds and latency (its rows: | feeds | latency | MiB | s | s |).
	while IFS= read -r row; do
		rows+=("$row")
	done < <(awk -F, -v phys="$tmp/physical.md" '
		function med(s,    a, n, i, j, t) {
			n = split(s, a, " ")
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		BEGIN {
			while ((getline line < phys) > 0) {
				if (split(line, f, "|") == 7 && f[2] ~ /^ *[0-9]+ *$/) {
					for (i = 2; i <= 6; i++) gsub(/ /, "", f[i])
					floor[f[2] SUBSEP f[3]] = (f[5] + 0 < f[6] + 0) ? f[5] : f[6]
				}
			}
		}
		# The first refresh and the last (the second of two unchanged).
		NR > 1 && $1 == "bulletin" && ($6 == "cold" || $6 == "warm2") {
			k = $2 SUBSEP $4 SUBSEP $6
			if (!(k in wall)) order[++nk] = k
			wall[k] = wall[k] " " $8
		}
		END {
			for (i = 1; i <= nk; i++) {
				split(order[i], f, SUBSEP)
				what = (f[3] == "cold") ? "first refresh, every feed new" : "third refresh, every feed unchanged (304)"
				fl = floor[f[1] SUBSEP f[2]]
				b = med(wall[order[i]])
				if (fl == "")
					printf "| `bulletin refresh`, %s feeds of one host, latency %s, %s | %.2f s | | |\n", f[1], f[2], what, b
				else
					printf "| `bulletin refresh`, %s feeds of one host, latency %s, %s | %.2f s | %.2f s (curl, 16 connections) | %.1fx |\n", f[1], f[2], what, b, fl, b / fl
			}
		}' "$tmp/peers.csv")
fi

echo
echo "bulletin's feed refresh against the floors (medians of $reps runs, $(nproc) CPUs)"
echo
echo "| work | bulletin | floor | ratio |"
echo "|---|---:|---:|---:|"
printf '%s\n' "${rows[@]}"

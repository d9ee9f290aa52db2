#!/usr/bin/env bash
# Time bulletin's feed refresh against newsboat on the same synthetic feeds,
# in one run, with the shared bench scripts (a local feed server on
# loopback): run_peers.sh for the readers, physical.sh for this machine's
# limits (parallel curl, encoding/xml). Prints both tables.
#
# The bench scripts live outside the repository; BENCH names their folder
# (default: ../shared/bench beside the checkout). newsboat comes from
# Debian (apt-get install newsboat); without it only bulletin is timed.
#
#   scripts/bench-feeds.sh                         # REPS=3 N="50 200 1000" LAT="0 50ms"
#   REPS=1 N=1000 LAT=0 scripts/bench-feeds.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH:-$root/../shared/bench}
reps=${REPS:-3}
ns=${N:-50 200 1000}
lats=${LAT:-0 50ms}
[ -x "$bench/run_peers.sh" ] || { echo "bench-feeds: no run_peers.sh in $bench (set BENCH)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-feeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$root" && go build -o "$tmp/bulletin" .)

readers=(bulletin)
if command -v newsboat >/dev/null; then
	readers+=(newsboat-t8)
else
	echo "bench-feeds: newsboat not found; timing bulletin alone" >&2
fi
BULLETIN=$tmp/bulletin "$bench/run_peers.sh" -r "$reps" -n "$ns" -l "$lats" -o "$tmp/peers.csv" "${readers[@]}" >&2
"$bench/summarize.sh" "$tmp/peers.csv"
echo
"$bench/physical.sh" -r "$reps" -n "$ns" -l "$lats"

#!/usr/bin/env bash
# Time `bulletin sync` against a real Miniflux on a real PostgreSQL, both
# started on loopback by internal/minifluxtest (PostgreSQL must be
# installed): a first sync of N entries, then a sync with nothing new,
# printed as Markdown table rows with wall time and peak RSS (GNU time).
#
#   scripts/bench-sync-miniflux.sh          # N=10000
#   N=2000 scripts/bench-sync-miniflux.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
echo "| sync | wall time | peak RSS |"
echo "|---|---|---|"
BULLETIN_BENCH_SYNC=${N:-10000} go test -count=1 -timeout 20m -run '^TestSyncMinifluxTimes$' -v . |
	grep -E '^\||sync_e2e|syncbench' || true
